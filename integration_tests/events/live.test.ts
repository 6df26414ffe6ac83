// Live notifications through the gateway: a user's SSE and WebSocket clients get that user's order
// events (and another user's get none); a reconnect with Last-Event-ID gets exactly what it missed,
// in order; a WebSocket ticket works once. Ordered by signals (the server's "ready"), bounded polls.
import assert from "node:assert/strict";
import { startDenoProcess, until, waitReady } from "../../services/common/testing.ts";
import { call, freePort, skipInBlackBox } from "../helpers.ts";
import { deposit, newUser, order, type TestUser } from "../orders/support.ts";

const GATEWAY = Deno.env.get("GATEWAY_URL")!;
const BUY = { order_type: "market_buy", asset_id: "BTC", quantity: 0.001 };
type Received = { id?: string; event: string; order_id?: string };

/** An SSE client: collects `order`/`refetch` events; `ready` once the server says nothing is missed. */
function sse(u: TestUser, lastEventId?: string, gateway = GATEWAY) {
  const got: Received[] = [];
  const ctl = new AbortController();
  let ready = false;
  const headers: Record<string, string> = { authorization: `Bearer ${u.token}` };
  if (lastEventId) headers["Last-Event-ID"] = lastEventId;
  const done = (async () => {
    const r = await fetch(`${gateway}/api/v1/events`, { headers, signal: ctl.signal });
    assert.equal(r.status, 200);
    assert.match(r.headers.get("content-type") ?? "", /text\/event-stream/);
    let buf = "";
    for await (const chunk of r.body!.pipeThrough(new TextDecoderStream())) {
      buf += chunk;
      let i;
      while ((i = buf.indexOf("\n\n")) >= 0) {
        const frame = buf.slice(0, i);
        buf = buf.slice(i + 2);
        if (frame.startsWith(": ready")) ready = true;
        const f = Object.fromEntries(
          frame.split("\n").filter((l) => !l.startsWith(":")).map((l) => {
            const k = l.indexOf(":");
            return [l.slice(0, k), l.slice(k + 1).trimStart()];
          }),
        );
        if (f.event) got.push({ id: f.id, event: f.event, order_id: f.data && JSON.parse(f.data).order_id });
      }
    }
  })().catch(() => {});
  return {
    got,
    isReady: () => ready,
    close: async () => (ctl.abort(), await done),
  };
}

async function ws(u: TestUser) {
  const t = await call<{ ticket: string }>(`${GATEWAY}/api/v1`, "POST", "/events/ticket", { token: u.token });
  assert.equal(t.status, 201, t.text);
  const got: Received[] = [];
  let ready = false;
  const socket = new WebSocket(`${GATEWAY.replace("http", "ws")}/api/v1/ws?ticket=${t.body.ticket}`);
  socket.onmessage = (m) => {
    const msg = JSON.parse(m.data);
    if (msg.event === "ready") ready = true;
    else if (msg.event !== "heartbeat") {
      got.push({ id: msg.id, event: msg.event, order_id: msg.data?.order_id });
    }
  };
  const closed = new Promise((r) => socket.onclose = r);
  return {
    got,
    ticket: t.body.ticket,
    isReady: () => ready,
    close: async () => (socket.close(), await closed),
  };
}

Deno.test("live: A's SSE and WebSocket clients get A's events, B's get none; a ticket works once", async () => {
  const [a, b] = await Promise.all([newUser(), newUser()]);
  await Promise.all([deposit(a, 1000), deposit(b, 1000)]);
  const [aSse, bSse, aWs] = [sse(a), sse(b), await ws(a)];
  try {
    await until("all clients are ready", () => aSse.isReady() && bSse.isReady() && aWs.isReady());
    const placed = await order(a, BUY);
    assert.equal(placed.status, 201, placed.text);
    const id = placed.body.data.order_id;
    await until(
      "A's clients got the order event",
      () => aSse.got.some((e) => e.order_id === id) && aWs.got.some((e) => e.order_id === id),
    );
    assert.deepEqual(aSse.got.map((e) => e.event), ["order"]);
    assert.deepEqual(aWs.got.map((e) => e.order_id), [id]);
    assert.deepEqual(bSse.got, [], "B sees nothing of A's");
    const reuse = await fetch(`${GATEWAY}/api/v1/ws?ticket=${aWs.ticket}`);
    await reuse.body?.cancel();
    assert.equal(reuse.status, 401, "a ticket is single-use");
  } finally {
    await Promise.all([aSse.close(), bSse.close(), aWs.close()]);
  }
});

Deno.test("live: disconnect, two orders, reconnect with Last-Event-ID → exactly the two missed events, in order", async () => {
  const a = await newUser();
  await deposit(a, 1000);
  const first = sse(a);
  await until("connected", first.isReady);
  const r0 = await order(a, BUY);
  await until("the first event arrived", () => first.got.length === 1);
  const lastId = first.got[0].id!;
  await first.close();
  const missed = [];
  for (let i = 0; i < 2; i++) missed.push((await order(a, BUY)).body.data.order_id);
  const again = sse(a, lastId);
  try {
    await until("the two missed events arrived", () => again.got.length >= 2);
    assert.notEqual(missed[0], r0.body.data.order_id);
    assert.deepEqual(again.got.map((e) => e.order_id), missed);
    const third = await order(a, BUY);
    await until("a live event follows the replay", () => again.got.length >= 3);
    assert.deepEqual(again.got.map((e) => e.order_id), [...missed, third.body.data.order_id]);
  } finally {
    await again.close();
  }
});

Deno.test(
  "live: two gateway instances, clients spread over both → every client gets exactly its own events",
  { ignore: skipInBlackBox("starts a second gateway instance") },
  async () => {
    const port = freePort();
    const second = startDenoProcess("gateway/main.ts", { PORT: String(port) });
    const users = await Promise.all(Array.from({ length: 4 }, () => newUser()));
    const clients = users.flatMap((u) => [sse(u), sse(u, undefined, `http://127.0.0.1:${port}`)]);
    try {
      await waitReady(port);
      await Promise.all(users.map((u) => deposit(u, 1000)));
      await until("every client is ready", () => clients.every((c) => c.isReady()));
      const ids = await Promise.all(users.map(async (u) => (await order(u, BUY)).body.data.order_id));
      await until("every client got one event", () => clients.every((c) => c.got.length >= 1));
      clients.forEach((c, i) => assert.deepEqual(c.got.map((e) => e.order_id), [ids[Math.floor(i / 2)]]));
    } finally {
      await Promise.all(clients.map((c) => c.close()));
      second.kill("SIGTERM");
      await second.status;
    }
  },
);
