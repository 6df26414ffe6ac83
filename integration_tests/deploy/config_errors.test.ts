// A process started with bad configuration says so in one plain line per bad variable and exits:
// no stack trace, no colour codes, secrets not echoed.
import assert from "node:assert/strict";
import { ROOT, skipInBlackBox } from "../helpers.ts";

async function start(entry: string, env: Record<string, string>) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-net", "--allow-env", "--allow-read", "--allow-sys", `${ROOT}${entry}`],
    env: { ...env, DENO_NO_UPDATE_CHECK: "1" },
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).output();
  return {
    code: out.code,
    stderr: new TextDecoder().decode(out.stderr),
    stdout: new TextDecoder().decode(out.stdout),
  };
}

Deno.test("config: one clear line per bad variable, no stack trace, no colour, no secret echoed", {
  ignore: skipInBlackBox("runs service entrypoints with bad configuration"),
}, async () => {
  const r = await start("services/user/main.ts", {
    JWT_SECRET: "too-short-secret",
    DYNAMODB_ENDPOINT: "not a url",
    PORT: "eighty",
  });
  assert.equal(r.code, 78, r.stderr);
  const lines = r.stderr.trim().split("\n");
  assert.deepEqual(lines, [
    'user-service: configuration error: DYNAMODB_ENDPOINT: Invalid URL (got "not a url")',
    "user-service: configuration error: JWT_SECRET: must be at least 32 characters",
    'user-service: configuration error: PORT: expected number, received NaN (got "eighty")',
  ]);
  assert.ok(!r.stderr.includes("\x1b["), "no ANSI colour codes");
  assert.ok(!/\bat .+:\d+:\d+/.test(r.stderr), "no stack trace");
  assert.ok(!r.stderr.includes("too-short-secret"), "the secret is not echoed");
});

Deno.test("config: the gateway names a missing JWT_SECRET the same way", {
  ignore: skipInBlackBox("runs the gateway entrypoint without JWT_SECRET"),
}, async () => {
  const r = await start("gateway/main.ts", {});
  assert.equal(r.code, 78, r.stderr);
  assert.equal(
    r.stderr.trim(),
    "gateway: configuration error: JWT_SECRET: required unless JWT_JWKS_URL is set",
  );
});
