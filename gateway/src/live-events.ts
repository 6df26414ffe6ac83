// Live notifications (docs/events.md): a user's own events, read from their capped feed
// `user-events:<username>` (filled by the order worker's fan-out), over SSE (`GET /events`) or a
// WebSocket (`GET /ws?ticket=…`, ticket from `POST /events/ticket`). Any gateway instance serves any
// user: the feed is in Redis, and one Pub/Sub subscriber per instance wakes the user's connections.
// Resume: the SSE `id:` is the event id; `Last-Event-ID` (or `?last_event_id=`) replays what came
// after it while it is still in the feed, else an `event: refetch` tells the client to reload by REST.
import type { Context, Handler } from "hono";
import { streamSSE } from "hono/streaming";
import type { Redis } from "ioredis";
import client from "prom-client";
import { fieldsOf } from "../../services/common/dead-letters.ts";
import { ApiError, unauthorized } from "../../services/common/errors.ts";
import { CHANNELS, STREAMS } from "../../services/common/events.ts";
import { registry } from "../../services/common/metrics.ts";
import type { GatewayEnv } from "./env.ts";

const open = new client.Gauge({
  name: "gateway_live_connections",
  help: "Open live-notification connections",
  labelNames: ["kind"], // sse | ws
  registers: [registry],
});

export interface LiveOptions {
  redis: Redis;
  heartbeatMs: number;
  ticketTtlSeconds: number;
}

/** What a connection sends: one event (id = event id) or a "refetch" notice. */
type Send = (msg: { id?: string; event: string; data: string }) => Promise<void>;

// Long by design: a factory closing over the instance's subscriber and its listeners.
export function createLiveEvents(o: LiveOptions) {
  const listeners = new Map<string, Set<() => void>>();
  let subscriber: Redis | undefined; // made at the first connection: an idle gateway holds none
  const sub = () => {
    if (subscriber) return subscriber;
    // No ready check: its INFO would be refused once the first SUBSCRIBE has switched the connection.
    subscriber = o.redis.duplicate({ enableReadyCheck: false });
    subscriber.on("error", () => {}); // reconnects by itself; connections keep their heartbeat meanwhile
    subscriber.on("message", (channel: string) => {
      for (const wake of listeners.get(channel) ?? []) wake();
    });
    return subscriber;
  };

  async function listen(username: string, wake: () => void): Promise<() => void> {
    const channel = CHANNELS.userEvents(username);
    let set = listeners.get(channel);
    if (!set) {
      listeners.set(channel, set = new Set());
      await sub().subscribe(channel);
    }
    set.add(wake);
    return () => {
      set!.delete(wake);
      if (set!.size === 0) {
        listeners.delete(channel);
        void sub().unsubscribe(channel).catch(() => {});
      }
    };
  }

  /** Stream one user's events to `send` until `closed` resolves. */
  async function pump(
    username: string,
    lastEventId: string | undefined,
    send: Send,
    closed: Promise<void>,
    ready: () => Promise<unknown>,
  ) {
    const stream = STREAMS.userEvents(username);
    const sent = new Set<string>();
    let cursor: string | undefined; // the feed entry last sent (set once the start point is known)
    type Entry = { id: string; event_id: string; payload: string };
    const entries = async (from: string): Promise<Entry[]> =>
      ((await o.redis.xrange(stream, from, "+")) as [string, string[]][])
        .map(([id, f]) => ({ ...fieldsOf(f), id }) as Entry);
    let running = Promise.resolve();
    const drain = () =>
      running = running.then(async () => {
        if (cursor === undefined) return;
        for (const e of await entries(`(${cursor}`)) {
          cursor = e.id;
          if (sent.has(e.event_id)) continue; // a fan-out repeat
          sent.add(e.event_id);
          await send({ id: e.event_id, event: "order", data: e.payload });
        }
      }).catch(() => {});
    const unlisten = await listen(username, drain);
    try {
      // Start after the client's last event if the feed still holds it; else at the end (+ refetch).
      const all = await entries("-");
      let start = all.at(-1)?.id ?? "0-0";
      if (lastEventId) {
        const i = all.findIndex((e) => e.event_id === lastEventId);
        if (i >= 0) start = all[i].id;
        else {await send({
            event: "refetch",
            data: JSON.stringify({ reason: "last event id outside the replay window" }),
          });}
      }
      cursor = start;
      await ready(); // from here on nothing is missed: tell the client it may rely on the stream
      drain();
      await closed;
    } finally {
      unlisten();
    }
  }

  const lastIdOf = (c: Context) => c.req.header("Last-Event-ID") ?? c.req.query("last_event_id") ?? undefined;

  const sse: Handler<GatewayEnv> = function liveEventsSse(c) {
    const username = c.get("identity")!.sub;
    return streamSSE(c, async (s) => {
      open.inc({ kind: "sse" });
      const closed = new Promise<void>((resolve) => s.onAbort(resolve));
      const beat = setInterval(() => void s.write(": heartbeat\n\n").catch(() => {}), o.heartbeatMs);
      try {
        await pump(username, lastIdOf(c), (m) => s.writeSSE(m), closed, () => s.write(": ready\n\n"));
      } finally {
        clearInterval(beat);
        open.dec({ kind: "sse" });
      }
    });
  };

  const ticket: Handler<GatewayEnv> = async function issueTicket(c) {
    const t = Array.from(crypto.getRandomValues(new Uint8Array(24)), (b) => b.toString(16).padStart(2, "0"))
      .join("");
    await o.redis.set(`ws-ticket:${t}`, c.get("identity")!.sub, "EX", o.ticketTtlSeconds);
    return c.json({ ticket: t, expires_in: o.ticketTtlSeconds }, 201);
  };

  const ws: Handler<GatewayEnv> = async function liveEventsWs(c) {
    const t = c.req.query("ticket");
    if (!t || !/^[0-9a-f]{48}$/.test(t)) {
      throw unauthorized("A ticket from POST /api/v1/events/ticket is required");
    }
    // Single use: GETDEL takes it atomically, so a replayed ticket finds nothing.
    const username = await o.redis.getdel(`ws-ticket:${t}`);
    if (!username) {
      throw unauthorized("The ticket is invalid, expired or already used", "AUTH_INVALID_TICKET");
    }
    if (c.req.header("upgrade")?.toLowerCase() !== "websocket") {
      throw new ApiError(426, "UPGRADE_REQUIRED", "This endpoint speaks WebSocket");
    }
    const { socket, response } = Deno.upgradeWebSocket(c.req.raw);
    let close = () => {};
    const closed = new Promise<void>((resolve) => close = resolve);
    socket.onclose = () => close();
    socket.onerror = () => close();
    socket.onopen = () => {
      open.inc({ kind: "ws" });
      const beat = setInterval(
        () => socket.readyState === 1 && socket.send('{"event":"heartbeat"}'),
        o.heartbeatMs,
      );
      const send: Send = (m) => {
        if (socket.readyState === 1) {
          socket.send(JSON.stringify({ id: m.id, event: m.event, data: JSON.parse(m.data) }));
        }
        return Promise.resolve();
      };
      const ready = () => send({ event: "ready", data: "{}" });
      void pump(username, c.req.query("last_event_id"), send, closed, ready).finally(() => {
        clearInterval(beat);
        open.dec({ kind: "ws" });
      });
    };
    return response;
  };

  return { sse, ticket, ws, close: () => subscriber?.disconnect() };
}
