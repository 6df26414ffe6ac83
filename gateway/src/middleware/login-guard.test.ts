import assert from "node:assert/strict";
import { Redis } from "ioredis";
import { startGateway, startUpstream } from "../testing.ts";
import { loginGuard, usernameOf } from "./login-guard.ts";

// Fake user service: only "secret-pw" is right; unknown users answer 401 like wrong passwords.
const userService = () =>
  startUpstream((s) =>
    s.body.includes('"secret-pw"')
      ? Response.json({ access_token: "t" })
      : Response.json({ detail: "no" }, { status: 401 })
  );

const login = (url: string, ip: string, username: string, password: string) =>
  fetch(`${url}/api/v1/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Forwarded-For": ip },
    body: JSON.stringify({ username, password }),
  }).then(async (r) => ({
    status: r.status,
    retryAfter: r.headers.get("retry-after"),
    body: await r.json(),
  }));

const uniq = () => crypto.randomUUID().slice(0, 8);
const ipOf = () => `198.18.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;

Deno.test("login guard: 5 wrong passwords then the right one → blocked (429); after the block expires → 200", async () => {
  const up = userService();
  const gw = await startGateway({
    USER_URL: up.url,
    LOGIN_BLOCK_SECONDS: "1",
    LOGIN_FAILURE_WINDOW_SECONDS: "60",
  });
  try {
    const ip = ipOf();
    const user = `grace_${uniq()}`;
    for (let i = 0; i < 5; i++) assert.equal((await login(gw.url, ip, user, "wrong-pw")).status, 401);
    const calls = up.seen.length;
    const blocked = await login(gw.url, ip, user, "secret-pw");
    assert.equal(blocked.status, 429);
    assert.equal(blocked.body.code, "LOGIN_BLOCKED");
    assert.ok(Number(blocked.retryAfter) >= 1);
    assert.equal(up.seen.length, calls, "a blocked login never reaches the user service");
    // Wait for the (1 s) block to lapse by watching its key, not by guessing a sleep.
    while (await gw.redis.exists(`login:block:account:${user}`, `login:block:ip:${ip}`)) {
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal((await login(gw.url, ip, user, "secret-pw")).status, 200);
  } finally {
    await gw.close();
    await up.close();
  }
});

Deno.test("login guard: account blocked from every IP; unknown usernames count; success resets the account", async () => {
  const up = userService();
  const gw = await startGateway({
    USER_URL: up.url,
    LOGIN_MAX_FAILURES_IP: "100",
    LOGIN_MAX_FAILURES_USER: "3",
  });
  try {
    const victim = `heidi_${uniq()}`;
    for (let i = 0; i < 3; i++) assert.equal((await login(gw.url, ipOf(), victim, "wrong")).status, 401);
    assert.equal(
      (await login(gw.url, ipOf(), victim, "secret-pw")).status,
      429,
      "account blocked everywhere",
    );

    const ghost = `nobody_${uniq()}`; // unknown to the service: 401 like a wrong password, and counted
    for (let i = 0; i < 3; i++) await login(gw.url, ipOf(), ghost, "x");
    assert.equal((await login(gw.url, ipOf(), ghost, "x")).status, 429);

    const ivan = `ivan_${uniq()}`;
    for (let i = 0; i < 2; i++) await login(gw.url, ipOf(), ivan, "wrong");
    assert.equal((await login(gw.url, ipOf(), ivan, "secret-pw")).status, 200);
    for (let i = 0; i < 2; i++) assert.equal((await login(gw.url, ipOf(), ivan, "wrong")).status, 401);
    assert.equal(
      (await login(gw.url, ipOf(), ivan, "secret-pw")).status,
      200,
      "counter restarted after success",
    );
  } finally {
    await gw.close();
    await up.close();
  }
});

Deno.test("login guard: per-IP limit across many accounts; body forwarded byte for byte", async () => {
  const up = userService();
  const gw = await startGateway({
    USER_URL: up.url,
    LOGIN_MAX_FAILURES_IP: "3",
    LOGIN_MAX_FAILURES_USER: "100",
  });
  try {
    const ip = ipOf();
    for (let i = 0; i < 3; i++) await login(gw.url, ip, `spray_${uniq()}`, "x");
    assert.equal((await login(gw.url, ip, `fresh_${uniq()}`, "secret-pw")).status, 429);
    assert.equal(
      (await login(gw.url, ipOf(), `fresh_${uniq()}`, "secret-pw")).status,
      200,
      "other IPs unaffected",
    );

    const raw = '{ "username" : "Judy",\n "password": "secret-pw", "n": 1.000000000000000001 }';
    const r = await fetch(`${gw.url}/api/v1/auth/login`, {
      method: "POST",
      body: raw,
      headers: { "X-Forwarded-For": ipOf() },
    });
    await r.body?.cancel();
    assert.equal(up.seen.at(-1)!.body, raw);
  } finally {
    await gw.close();
    await up.close();
  }
});

Deno.test("login guard: username parsing and option validation", () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  assert.equal(usernameOf(enc('{"username":"  MiXeD "}')), "mixed");
  assert.equal(usernameOf(enc("not json")), undefined);
  assert.equal(usernameOf(enc('{"username":5}')), undefined);
  const redis = {} as Redis;
  assert.throws(
    () =>
      loginGuard({ redis, maxFailuresPerIp: 0, maxFailuresPerAccount: 5, windowSeconds: 1, blockSeconds: 1 }),
    /maxFailuresPerIp/,
  );
});
