// Rate limits across gateway instances and through a Redis outage (RATE_LIMIT_MODE, docs/gateway.md):
//  - two gateways started here on free ports share Redis in "local" mode (decided in process, synced
//    in the background): together they admit at most N + (K − 1) × N for a key (K = 2), and once
//    synced both refuse: one budget;
//  - Redis killed (a redis-server of this test's own): requests keep flowing and every instance still
//    admits exactly N of 3N, in both modes.
// The upstream is a recording stand-in (gateway/src/testing.ts), the route the public catalog (per-IP
// limit); each test uses its own X-Forwarded-For address (the gateways trust loopback).
import assert from "node:assert/strict";
import { createRedis } from "../../services/common/redis.ts";
import { type Running, startGateway, startUpstream } from "../../gateway/src/testing.ts";
import { freePort, skipInBlackBox } from "../helpers.ts";
import { poll, startRedisServer } from "../processes.ts";

const N = 5;
const WINDOW_MS = 600_000; // long: no refill during the test, however slow the machine
// A new client address per call: a random one could repeat an address a burst had already spent (it
// did, once in a CI run: "other clients are served" got 429). The random third octet keeps runs against a
// long-lived Redis apart; the counter keeps calls within a run apart.
const IP_BLOCK = Math.floor(Math.random() * 256);
let ipCount = 0;
const ip = () => `198.51.${IP_BLOCK}.${++ipCount}`;

async function get(gw: Running, from: string): Promise<number> {
  const r = await fetch(`${gw.url}/api/v1/inventory/assets`, { headers: { "X-Forwarded-For": from } });
  await r.body?.cancel();
  return r.status;
}

const burst = async (gws: Running[], from: string, count: number) =>
  (await Promise.all(Array.from({ length: count }, (_, i) => get(gws[i % gws.length], from))))
    .filter((s) => s === 200).length;

/** ms the shared TAT of `key` is ahead of Redis's clock (0 when unknown). */
async function sharedAhead(redis: ReturnType<typeof createRedis>, key: string) {
  const [tat, [sec, micro]] = await Promise.all([redis.get(key), redis.time()]);
  return tat ? Number(tat) - (Number(sec) * 1000 + Number(micro) / 1000) : 0;
}

Deno.test(
  "rate limit (local mode): two gateways share one budget through Redis, overshoot within N + (K − 1) × N",
  { ignore: skipInBlackBox("starts two gateways on the stack's Redis") },
  async () => {
    const up = startUpstream();
    const env = {
      INVENTORY_URL: up.url,
      RATE_LIMIT_MODE: "local",
      RATE_LIMIT_SYNC_MS: "50",
      RATE_LIMIT_DEFAULT_IP: String(N),
      RATE_LIMIT_WINDOW_SECONDS: String(WINDOW_MS / 1000),
    };
    const [a, b] = [await startGateway(env), await startGateway(env)];
    const redis = createRedis(Deno.env.get("REDIS_URL")!);
    try {
      // 3N at once, spread over both: each decides alone until it syncs, so at most 2N pass.
      const from = ip();
      const first = await burst([a, b], from, 3 * N);
      assert.ok(first >= N && first <= 2 * N, `${first} admitted by two instances`);
      // Keep asking both (bounded) until both refuse: the shared budget is spent, whoever spent it.
      let later = 0;
      const bothRefuse = await poll(async () => {
        const [sa, sb] = [await get(a, from), await get(b, from)];
        later += Number(sa === 200) + Number(sb === 200);
        return sa === 429 && sb === 429;
      }, 200);
      assert.ok(bothRefuse, "both instances end up refusing");
      assert.ok(first + later <= 2 * N, `${first} + ${later} admitted: above the bound ${2 * N}`);

      // One budget: A spends N alone; once that is in Redis and B has synced its first request for the
      // key, B refuses although it admitted only that one itself.
      const other = ip();
      assert.equal(await burst([a], other, 3 * N), N);
      const key = `rl:default:ip:${other}`;
      const interval = WINDOW_MS / N;
      assert.ok(await poll(async () => await sharedAhead(redis, key) > (N - 1) * interval), "A synced");
      assert.equal(await get(b, other), 200, "B decides alone before its first sync of the key");
      assert.ok(await poll(async () => await sharedAhead(redis, key) > N * interval), "B synced");
      assert.ok(await poll(async () => await get(b, other) === 429, 20), "B refuses: A's use is B's too");
    } finally {
      redis.disconnect();
      await a.close();
      await b.close();
      await up.close();
    }
  },
);

for (const mode of ["local", "redis"]) {
  Deno.test(`rate limit (${mode} mode): Redis killed → requests keep flowing, exactly N of 3N per instance`, {
    ignore: skipInBlackBox("starts its own Redis and gateways, then kills Redis"),
  }, async () => {
    const up = startUpstream();
    const redisServer = await startRedisServer(freePort());
    const gw = await startGateway({
      REDIS_URL: redisServer.url,
      INVENTORY_URL: up.url,
      RATE_LIMIT_MODE: mode,
      RATE_LIMIT_DEFAULT_IP: String(N),
      RATE_LIMIT_WINDOW_SECONDS: String(WINDOW_MS / 1000),
    });
    try {
      assert.equal(await burst([gw], ip(), 3 * N), N, "with Redis");
      // The proxied answer carries the limit and edge headers, each once (built in one go by the proxy).
      const r = await fetch(`${gw.url}/api/v1/inventory/assets`, { headers: { "X-Forwarded-For": ip() } });
      await r.body?.cancel();
      assert.equal(r.headers.get("ratelimit-limit"), String(N));
      assert.equal(r.headers.get("ratelimit-remaining"), String(N - 1));
      assert.equal(r.headers.get("x-content-type-options"), "nosniff");
      await redisServer.kill();
      const down = await poll(async () => (await (await fetch(`${gw.url}/health`)).json()).redis === false);
      assert.ok(down, "the gateway noticed Redis is gone");
      assert.equal(await burst([gw], ip(), 3 * N), N, "without Redis: the limit still holds");
      assert.equal(await get(gw, ip()), 200, "and other clients are served");
    } finally {
      await gw.close();
      await redisServer.kill();
      await up.close();
    }
  });
}
