import assert from "node:assert/strict";
import { Hono } from "hono";
import { createErrorHandler } from "../../../services/common/errors.ts";
import type { GatewayEnv } from "../env.ts";
import { readBody } from "./read-body.ts";

function app() {
  const a = new Hono<GatewayEnv>();
  a.onError(createErrorHandler());
  a.all(
    "*",
    readBody({ maxBytes: 16, deadlineMs: 200 }),
    async (c) => c.json({ buffered: c.get("body")?.byteLength ?? null, text: await c.req.text() }),
  );
  return a;
}

/** A body stream that sends `first` and then nothing, until cancelled. */
const stalled = (first: string) =>
  new ReadableStream<Uint8Array>({ start: (ctrl) => ctrl.enqueue(new TextEncoder().encode(first)) });

Deno.test("readBody: buffers the body for the next steps; GET bodies are dropped", async () => {
  const res = await app().request("/x", { method: "POST", body: '{"a":1}' });
  assert.deepEqual(await res.json(), { buffered: 7, text: '{"a":1}' });
  const get = await app().request("/x");
  assert.deepEqual(await get.json(), { buffered: null, text: "" });
});

Deno.test("readBody: too large (declared or streamed) → 413; stalled → 408 problem", async () => {
  const declared = await app().request("/x", {
    method: "POST",
    body: "x".repeat(17),
    headers: { "content-length": "17" },
  });
  assert.equal(declared.status, 413);
  assert.equal((await declared.json()).code, "PAYLOAD_TOO_LARGE");
  const streamed = await app().request("/x", { method: "POST", body: stalled("y".repeat(17)) });
  assert.equal(streamed.status, 413);
  await streamed.body?.cancel();
  const slow = await app().request("/x", { method: "POST", body: stalled("{") });
  assert.equal(slow.status, 408);
  assert.equal((await slow.json()).code, "REQUEST_TIMEOUT");
  assert.throws(() => readBody({ maxBytes: 0, deadlineMs: 1 }));
  assert.throws(() => readBody({ maxBytes: 1, deadlineMs: 1.5 }));
});
