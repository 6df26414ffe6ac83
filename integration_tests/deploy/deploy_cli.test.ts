// The operator's side of scripts/deploy.sh: a real --help, a status table with port, URL and health
// for each process of the running test stack, a clear message for an unknown log, and the demo seed.
import assert from "node:assert/strict";
import { apiClient } from "../client.ts";
import { GATEWAY_URL, needsInternals, ROOT, skipInBlackBox } from "../helpers.ts";

async function deploy(args: string[], env: Record<string, string> = {}) {
  const out = await new Deno.Command("bash", {
    args: [`${ROOT}scripts/deploy.sh`, ...args],
    env: { ...env },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

Deno.test("deploy.sh --help prints a usage text naming every action and option", {
  ignore: skipInBlackBox("runs scripts/deploy.sh"),
}, async () => {
  const r = await deploy(["--help"]);
  assert.equal(r.code, 0, r.stderr);
  for (const word of ["Usage:", "stop", "status", "logs [process]", "--demo", "--type", "DYNAMODB_PORT"]) {
    assert.ok(r.stdout.includes(word), `--help mentions ${word}`);
  }
  const bad = await deploy(["--bogus"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /unknown argument: --bogus/);
});

Deno.test("deploy.sh logs nosuch: a clear message, not a raw tail error", {
  ignore: skipInBlackBox("runs scripts/deploy.sh"),
}, async () => {
  const r = await deploy(["logs", "nosuch"], { RUN_DIR: Deno.makeTempDirSync() });
  assert.equal(r.code, 1);
  assert.match(
    r.stderr,
    /no process named 'nosuch'; choose one of: user inventory order .*gateway.* dynamodb redis/,
  );
  assert.ok(!r.stderr.includes("tail:"), r.stderr);
});

Deno.test("deploy.sh status with nothing started says how to start", {
  ignore: skipInBlackBox("runs scripts/deploy.sh"),
}, async () => {
  const r = await deploy(["status"], { RUN_DIR: Deno.makeTempDirSync() });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /nothing running in .* \(start it with \.\/scripts\/deploy\.sh\)/);
});

const stackRunDir = Deno.env.get("STACK_RUN_DIR");
Deno.test({
  name: "deploy.sh status: every process of the running stack with pid, port, URL and health",
  ignore: !stackRunDir,
  fn: async () => {
    const r = await deploy(["status"], { RUN_DIR: stackRunDir! });
    assert.equal(r.code, 0, r.stderr);
    const rows = Object.fromEntries(
      r.stdout.trim().split("\n").slice(1).map((l) => l.split(/\s+/)).map((c) => [c[0], c]),
    );
    assert.ok(Object.keys(rows).length >= 6, r.stdout);
    for (const name of ["user", "inventory", "order", "gateway", "dynamodb", "redis", ...Object.keys(rows)]) {
      const [, state, pid, port, url, health] = rows[name] ?? [];
      assert.equal(state, "running", `${name}: ${r.stdout}`);
      assert.match(pid, /^\d+$/);
      assert.match(port, /^\d+$/);
      assert.ok(url.endsWith(`127.0.0.1:${port}`), url);
      assert.ok(["ready", "ok"].includes(health), `${name} health ${health}`);
    }
    assert.equal(rows.gateway[4], GATEWAY_URL);
  },
});

Deno.test({
  name: "demo seed: a funded customer with history and an admin, credentials printed, safe to re-run",
  ignore: needsInternals("runs scripts/demo seeding against the stack's DynamoDB"),
  fn: async () => {
    const run = () =>
      new Deno.Command(Deno.execPath(), { args: ["run", "-A", `${ROOT}scripts/demo.ts`], stdout: "piped" })
        .output();
    const first = await run();
    const text = new TextDecoder().decode(first.stdout);
    assert.equal(first.code, 0, text);
    assert.match(text, /LOCAL USE ONLY/);
    const cred = (who: string) => new RegExp(`${who}\\s+(\\S+) / (\\S+)`).exec(text)!.slice(1);
    const [customer, customerPassword] = cred("customer");
    const [admin, adminPassword] = cred("admin");
    assert.equal((await run()).code, 0, "re-running keeps the demo users");

    const anon = apiClient();
    const login = async (username: string, password: string) =>
      (await anon.POST("/api/v1/auth/login", { body: { username, password } })).data!.access_token;
    const c = apiClient(await login(customer, customerPassword));
    const { data: portfolio } = await c.GET("/api/v1/portfolio");
    assert.deepEqual(portfolio?.assets.map((a) => a.asset_id).sort(), ["BTC", "ETH"]);
    const { data: orders } = await c.GET("/api/v1/orders");
    assert.equal(orders?.data.length, 3);
    const { data: ledger } = await c.GET("/api/v1/balance/transactions");
    assert.ok((ledger?.total_count ?? 0) >= 5, "deposit, withdrawal and trades are in the ledger");
    // The admin passes RBAC (an unknown asset is a 404, a customer would get 403).
    const a = apiClient(await login(admin, adminPassword));
    const probe = await a.PATCH("/api/v1/admin/inventory/assets/{asset_id}", {
      params: { path: { asset_id: "NOPE1" } },
      body: { is_active: true },
    });
    assert.equal(probe.error?.code, "ASSET_NOT_FOUND");
  },
});
