import assert from "node:assert/strict";
import { normalizeIp, resolveClientIp, trustedProxies } from "./client-ip.ts";

Deno.test("client ip: X-Forwarded-For is ignored unless the peer is trusted", () => {
  const none = trustedProxies([]);
  assert.equal(resolveClientIp("203.0.113.9", "1.2.3.4", none), "203.0.113.9");
  const lo = trustedProxies(["loopback"]);
  assert.equal(resolveClientIp("203.0.113.9", "1.2.3.4", lo), "203.0.113.9");
  assert.equal(resolveClientIp("127.0.0.1", "1.2.3.4", lo), "1.2.3.4");
  assert.equal(resolveClientIp("::ffff:127.0.0.1", "1.2.3.4", lo), "1.2.3.4");
});

Deno.test("client ip: takes the rightmost untrusted hop, so a client cannot prepend a fake", () => {
  const t = trustedProxies(["10.0.0.0/8", "127.0.0.1"]);
  assert.equal(resolveClientIp("127.0.0.1", "6.6.6.6, 198.51.100.7, 10.1.2.3", t), "198.51.100.7");
  assert.equal(resolveClientIp("127.0.0.1", "not-an-ip", t), "127.0.0.1");
  assert.equal(resolveClientIp("127.0.0.1", "10.0.0.1", t), "10.0.0.1");
});

Deno.test("client ip: bad trust entries fail at build time", () => {
  assert.throws(() => trustedProxies(["10.0.0.0/33"]), /TRUSTED_PROXIES/);
  assert.throws(() => trustedProxies(["example.com"]), /TRUSTED_PROXIES/);
  assert.equal(normalizeIp("::FFFF:10.0.0.1"), "10.0.0.1");
});
