// The README's first command, run as a user would: ./scripts/deploy.sh starts the platform with
// persisted data; stop + start keeps balances. Uses its own run/data folders and free ports.
import assert from "node:assert/strict";
import { call, freePort, PASSWORD, ROOT, skipInBlackBox, uniqueName } from "../helpers.ts";

/** Every process named in the SERVICES table of scripts/lib/common.sh gets its own free port. */
async function isolatedEnv(dir: string): Promise<Record<string, string>> {
  const common = await Deno.readTextFile(`${ROOT}scripts/lib/common.sh`);
  const names = [...common.matchAll(/^\s+"([a-z-]+) \S+\.ts \d+"$/gm)].map((m) => m[1]);
  assert.ok(names.includes("user"));
  const env: Record<string, string> = {
    RUN_DIR: `${dir}/run`,
    DATA_DIR: `${dir}/data`,
    DYNAMODB_PORT: String(freePort()),
    REDIS_PORT: String(freePort()),
    TABLE_NAME: "op-deploy-test",
  };
  for (const n of names) env[`${n.toUpperCase().replaceAll("-", "_")}_PORT`] = String(freePort());
  return env;
}

async function deploy(env: Record<string, string>, ...args: string[]) {
  const out = await new Deno.Command(`${ROOT}scripts/deploy.sh`, {
    args,
    env,
    stdout: "piped",
    stderr: "piped",
  })
    .output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  return { code: out.code, text };
}

Deno.test("deploy.sh: register → deposit 1000 → withdraw 300 → 700.00, still there after stop + start", {
  ignore: skipInBlackBox("starts and stops its own stack with scripts/deploy.sh"),
}, async () => {
  const dir = await Deno.makeTempDir({ prefix: "op-deploy-" });
  const env = await isolatedEnv(dir);
  const api = `http://127.0.0.1:${env.USER_PORT}`;
  try {
    const up = await deploy(env);
    assert.equal(up.code, 0, up.text);
    assert.match(up.text, new RegExp(`http://127\\.0\\.0\\.1:${env.USER_PORT}`), "prints the URLs");

    const username = uniqueName("deploy");
    const reg = await call(api, "POST", "/auth/register", {
      json: {
        username,
        email: `${username}@example.com`,
        password: PASSWORD,
        first_name: "Dee",
        last_name: "Ploy",
      },
    });
    assert.equal(reg.status, 201, reg.text);
    const login = async () =>
      (await call<{ access_token: string }>(api, "POST", "/auth/login", {
        json: { username, password: PASSWORD },
      }))
        .body.access_token;
    let token = await login();
    assert.equal(
      (await call(api, "POST", "/balance/deposit", { token, json: { amount: 1000 } })).status,
      201,
    );
    assert.equal(
      (await call(api, "POST", "/balance/withdraw", { token, json: { amount: 300 } })).status,
      201,
    );
    assert.equal((await call(api, "GET", "/balance", { token })).body.current_balance, "700.00");

    const again = await deploy(env); // re-running while up is safe
    assert.equal(again.code, 0, again.text);

    const down = await deploy(env, "stop");
    assert.equal(down.code, 0, down.text);
    await assert.rejects(fetch(`${api}/health`), "user service is down after stop");
    const status = await deploy(env, "status");
    assert.doesNotMatch(status.text, /: running/);

    const up2 = await deploy(env);
    assert.equal(up2.code, 0, up2.text);
    token = await login();
    assert.equal((await call(api, "GET", "/balance", { token })).body.current_balance, "700.00");
    const ledger = await call(api, "GET", "/balance/transactions", { token });
    assert.equal(ledger.body.total_count, 2);
  } finally {
    await deploy(env, "stop");
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
});
