import assert from "node:assert/strict";
import { completeServiceDocument, type Document } from "./openapi-doc.ts";

Deno.test("openapi-doc: body errors on operations with a body, 503 and X-Request-ID everywhere", () => {
  const doc = completeServiceDocument<Document>({
    paths: {
      "/orders": {
        post: { requestBody: {}, responses: { 201: { description: "ok" } } },
        get: { responses: { 200: { description: "ok" } } },
      },
    },
  });
  const post = doc.paths!["/orders"].post.responses!;
  const get = doc.paths!["/orders"].get.responses!;
  for (const s of ["400", "413", "415", "503"]) assert.ok(post[s], s);
  assert.ok(!get["413"] && get["503"]);
  assert.deepEqual(post["201"].headers as object, {
    "X-Request-ID": { $ref: "#/components/headers/X-Request-ID" },
  });
  assert.ok(doc.components!.headers["RateLimit-Limit"]);
});

Deno.test("openapi-doc: adding codes to a documented status keeps the ones already there", async () => {
  const { addProblem } = await import("./openapi-doc.ts");
  const op = { responses: {} };
  addProblem(op, 422, ["VALIDATION_ERROR"]);
  addProblem(op, 422, ["INSUFFICIENT_FUNDS", "VALIDATION_ERROR"]);
  const r =
    (op.responses as Record<string, { description: string; content: Record<string, { examples: object }> }>)[
      "422"
    ];
  assert.deepEqual(Object.keys(r.content["application/problem+json"].examples), [
    "VALIDATION_ERROR",
    "INSUFFICIENT_FUNDS",
  ]);
  assert.match(r.description, /`VALIDATION_ERROR`, `INSUFFICIENT_FUNDS`/);
});
