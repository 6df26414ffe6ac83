// A real Prometheus (Debian's package) scrapes the test stack every second while a short, bounded
// workload runs through the public API; then every dashboard panel's query must return data. The
// failure message lists each empty panel by dashboard and title.
import assert from "node:assert/strict";
import { panelQueries, stackConfig } from "./stack.ts";

const API = `${Deno.env.get("GATEWAY_URL")}/api/v1`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function call(method: string, path: string, body?: unknown, token?: string) {
  const r = await fetch(`${API}${path}`, {
    method,
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: r.status, body: await r.json().catch(() => ({})) };
}

/** Register, fund, trade (market + a resting limit order), read, and a few refusals. */
async function workload() {
  const username = `mon_${crypto.randomUUID().replaceAll("-", "").slice(0, 10)}`;
  const password = "MonitorPass123!";
  assert.equal(
    (await call("POST", "/auth/register", {
      username,
      email: `${username}@example.com`,
      password,
      first_name: "Mon",
      last_name: "Itor",
    })).status,
    201,
  );
  const token = (await call("POST", "/auth/login", { username, password })).body.access_token as string;
  assert.equal((await call("POST", "/balance/deposit", { amount: 1000 }, token)).status, 201);
  assert.equal(
    (await call("POST", "/orders", { order_type: "market_buy", asset_id: "ETH", quantity: 0.01 }, token))
      .status,
    201,
  );
  const resting = await call("POST", "/orders", {
    order_type: "limit_buy",
    asset_id: "SOL",
    quantity: 1,
    price: 1,
  }, token);
  assert.equal(resting.status, 201);
  assert.equal(
    (await call("POST", "/orders", { order_type: "market_buy", asset_id: "BTC", quantity: 1 }, token)).status,
    422,
  );
  for (const path of ["/portfolio", "/balance", "/orders", "/inventory/assets", "/nope"]) {
    await call("GET", path, undefined, token);
  }
  assert.equal((await call("GET", "/balance")).status, 401);
}

async function query(base: string, expr: string): Promise<unknown[]> {
  const r = await fetch(`${base}/api/v1/query?query=${encodeURIComponent(expr)}`);
  const body = await r.json();
  return body.status === "success" ? body.data.result : [];
}

Deno.test("prometheus scrapes the test stack; every dashboard panel returns data after a workload", async () => {
  const dir = await Deno.makeTempDir();
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  const prometheus = new Deno.Command("prometheus", {
    args: [
      `--config.file=${await stackConfig(dir, "1s")}`,
      `--storage.tsdb.path=${dir}/data`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    stdout: "null",
    stderr: "null",
  }).spawn();
  const base = `http://127.0.0.1:${port}`;
  try {
    // Ready and scraping all five processes, then traffic, then a few more scrapes.
    for (
      let i = 0;
      i < 600 && (await query(base, "sum(up)").catch(() => []) as { value: string[] }[])[0]?.value[1] !== "5";
      i++
    ) {
      await sleep(100);
    }
    await workload();
    await workload();
    const queries = panelQueries();
    let empty: string[] = [];
    for (let attempt = 0; attempt < 120; attempt++) {
      empty = [];
      for (const q of queries) {
        if ((await query(base, q.expr)).length === 0) empty.push(`${q.dashboard} / ${q.panel}: ${q.expr}`);
      }
      if (empty.length === 0) break;
      await sleep(500);
    }
    assert.deepEqual(empty, [], "panels without data");
  } finally {
    prometheus.kill("SIGTERM");
    await prometheus.status;
    await Deno.remove(dir, { recursive: true });
  }
});
