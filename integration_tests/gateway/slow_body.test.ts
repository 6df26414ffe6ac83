// Breaker poisoning (issue 13, defect 1): clients that send headers and then stall, drip or flood their
// body get their own 408 / 413 problem JSON, and none of it counts against the upstream: the breaker
// (default settings) stays closed and other users' balance reads and logins keep answering 200.
// Needs internals (starts its own gateway in front of the suite's user service).
import assert from "node:assert/strict";
import { call, createUser, needsInternals, PASSWORD, USER_URL } from "../helpers.ts";
import { floodChunked, rawConnect, readResponse } from "../raw-http.ts";
import { startGateway } from "../../gateway/src/testing.ts";

const STALLED = 8; // above the default BREAKER_FAILURES (5)
const DEADLINE_MS = 2000;
// Per gateway instance (metrics are per process, and this process may have run other gateways).
const breakerOf = async (gw: string) =>
  ((await (await fetch(`${gw}/health/ready`)).json()) as { breakers: Record<string, string> }).breakers.user;
const userProxyErrors = async (gw: string) =>
  (await (await fetch(`${gw}/metrics`)).text()).split("\n")
    .filter((l) => l.startsWith("gateway_proxy_errors_total") && l.includes('"user"'))
    .reduce((sum, l) => sum + Number(l.split(" ").at(-1)), 0);

Deno.test({
  name: "slow body: stalled, dripping and oversized bodies → own 408/413; breaker stays closed for others",
  ignore: needsInternals("starts its own gateway"),
  async fn() {
    // Default breaker and timeouts; only the body deadline is shortened so the test is quick.
    const gw = await startGateway({ USER_URL, BODY_READ_TIMEOUT_MS: String(DEADLINE_MS) });
    const api = `${gw.url}/api/v1`;
    try {
      const other = await createUser(USER_URL);
      const errorsBefore = await userProxyErrors(gw.url);
      const head = (path: string, length: number, token?: string) =>
        `POST /api/v1${path} HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\n` +
        (token ? `Authorization: Bearer ${token}\r\n` : "") + `Content-Length: ${length}\r\n\r\n{`;
      // Half on a protected write route, half on login: each sends "{" of a longer body, then nothing.
      const stalled = await Promise.all(
        Array.from(
          { length: STALLED },
          (_, i) =>
            rawConnect(gw.url, i % 2 ? head("/balance/deposit", 200, other.token) : head("/auth/login", 200)),
        ),
      );
      // A dripping client: one byte at a time, slower than the deadline allows for the whole body.
      const drip = await rawConnect(gw.url, head("/auth/login", 64));
      let dripping = true;
      const dripper = (async () => {
        for (let i = 0; dripping && i < 63; i++) {
          await new Promise((r) => setTimeout(r, DEADLINE_MS / 8));
          await drip.write(new TextEncoder().encode(" ")).catch(() => (dripping = false));
        }
      })();
      // Meanwhile another user is served.
      assert.equal((await call(api, "GET", "/balance", { token: other.token })).status, 200);

      const answers = await Promise.all([...stalled, drip].map((conn) => readResponse(conn)));
      dripping = false;
      await dripper;
      for (const r of answers) {
        assert.equal(r.status, 408, r.body);
        assert.match(r.headers.get("content-type") ?? "", /application\/problem\+json/);
        assert.equal(JSON.parse(r.body).code, "REQUEST_TIMEOUT");
      }

      // Too much, without a Content-Length (chunked): 413 while reading, not after.
      const tooMuch = await floodChunked(gw.url, "/api/v1/auth/login", 8);
      assert.equal(tooMuch.status, 413, tooMuch.body);
      assert.equal(JSON.parse(tooMuch.body).code, "PAYLOAD_TOO_LARGE");

      assert.equal(await breakerOf(gw.url), "closed");
      assert.equal((await call(api, "GET", "/balance", { token: other.token })).status, 200);
      const login = await call(api, "POST", "/auth/login", {
        json: { username: other.username, password: PASSWORD },
      });
      assert.equal(login.status, 200, login.text);
      assert.equal(await userProxyErrors(gw.url), errorsBefore, "no upstream error was counted");
    } finally {
      await gw.close();
    }
  },
});
