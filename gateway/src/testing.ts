// Test helpers: a gateway on a free loopback port (real Redis from REDIS_URL), fake upstream services
// that record what reached them, token forging for the negative JWT cases, and a raw TCP server that
// writes scripted bytes (the upstream client's framing and error cases).
import { Hono } from "hono";
import { SignJWT } from "jose";
import { createLogger } from "../../services/common/logger.ts";
import { createRedis, type Redis } from "../../services/common/redis.ts";
import { createRevocationList } from "../../services/common/revocation.ts";
import { buildGatewayApp } from "../app.ts";
import { loadGatewayConfig } from "../config.ts";

export const TEST_SECRET = Deno.env.get("JWT_SECRET") ?? "test-secret-for-unit-tests-only-0123456789";
export const ISSUER = Deno.env.get("JWT_ISSUER") ?? "order-processor";
export const AUDIENCE = Deno.env.get("JWT_AUDIENCE") ?? "order-processor-api";

export function redisUrl(): string {
  const url = Deno.env.get("REDIS_URL");
  if (!url) throw new Error("REDIS_URL must be set: run via ./scripts/test.sh");
  return url;
}

export interface Running {
  url: string;
  port: number;
  redis: Redis;
  close(): Promise<void>;
}

/** Start a gateway with `env` on top of test defaults; resolves once Redis is connected. */
export async function startGateway(env: Record<string, string | undefined> = {}): Promise<Running> {
  const cfg = loadGatewayConfig({
    JWT_SECRET: TEST_SECRET,
    JWT_ISSUER: ISSUER,
    JWT_AUDIENCE: AUDIENCE,
    REDIS_URL: redisUrl(),
    TRUSTED_PROXIES: "loopback",
    LOG_LEVEL: "silent",
    ...env,
  });
  const redis = createRedis(cfg.REDIS_URL);
  redis.on("error", () => {});
  await redis.ping();
  const revocations = createRevocationList(redis);
  const stop = new AbortController();
  const log = createLogger("gateway-test", "silent");
  const app = buildGatewayApp({ cfg, redis, revocations, log, signal: stop.signal });
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, app.fetch);
  const port = server.addr.port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    redis,
    close: async () => {
      await server.shutdown();
      stop.abort();
      revocations.close();
      redis.disconnect();
    },
  };
}

export interface Seen {
  method: string;
  url: string;
  headers: Headers;
  body: string;
}

/** A fake upstream: records every request; `respond` decides the answer (default: 200 echo). */
export function startUpstream(
  respond?: (seen: Seen) => Response | Promise<Response>,
  port = 0,
): Running & { seen: Seen[] } {
  const seen: Seen[] = [];
  const app = new Hono();
  app.all("*", async (c) => {
    const s: Seen = {
      method: c.req.method,
      url: c.req.url,
      headers: c.req.raw.headers,
      body: await c.req.text(),
    };
    seen.push(s);
    return respond ? await respond(s) : c.json({ ok: true, path: new URL(c.req.url).pathname });
  });
  const server = Deno.serve({ hostname: "127.0.0.1", port, onListen: () => {} }, app.fetch);
  const p = server.addr.port;
  return {
    url: `http://127.0.0.1:${p}`,
    port: p,
    seen,
    redis: undefined as never,
    close: () => server.shutdown(),
  };
}

const b64 = (o: unknown) =>
  btoa(JSON.stringify(o)).replaceAll("=", "").replaceAll("+", "-").replaceAll("/", "_");

/** Forge access tokens: valid, or broken in one named way. */
export async function forgeToken(
  opts: {
    sub?: string;
    role?: string;
    expired?: boolean;
    issuer?: string;
    audience?: string;
    type?: string;
    secret?: string;
  } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return await new SignJWT({ role: opts.role ?? "customer", type: opts.type ?? "access_token" })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(opts.sub ?? "forged_user")
    .setIssuer(opts.issuer ?? ISSUER)
    .setAudience(opts.audience ?? AUDIENCE)
    .setJti(crypto.randomUUID())
    .setIssuedAt(opts.expired ? now - 7200 : now)
    .setExpirationTime(opts.expired ? now - 3600 : now + 3600)
    .sign(new TextEncoder().encode(opts.secret ?? TEST_SECRET));
}

/** `alg: none` token with otherwise valid claims. */
export function noneToken(sub = "forged_user", role = "admin"): string {
  const now = Math.floor(Date.now() / 1000);
  const payload = {
    sub,
    role,
    type: "access_token",
    iss: ISSUER,
    aud: AUDIENCE,
    jti: crypto.randomUUID(),
    iat: now,
    exp: now + 3600,
  };
  return `${b64({ alg: "none", typ: "JWT" })}.${b64(payload)}.`;
}

/** Flip the payload of a valid token (claims role admin) keeping the old signature. */
export function tamper(token: string): string {
  const [h, p, s] = token.split(".");
  const padded = p.replaceAll("-", "+").replaceAll("_", "/") + "===".slice((p.length + 3) % 4);
  const claims = JSON.parse(atob(padded));
  return `${h}.${b64({ ...claims, role: "admin" })}.${s}`;
}

export interface Received {
  head: string;
  body: Uint8Array;
}

/** Answer for the n-th request on a connection: bytes to write, then keep the connection or close it. */
export type Script = (
  req: Received,
  n: number,
) => { write?: string | Uint8Array; close?: boolean; hang?: boolean };

const bytes = (s: string | Uint8Array) => typeof s === "string" ? new TextEncoder().encode(s) : s;
const latin1 = (b: Uint8Array) => String.fromCharCode(...b);

/** A raw TCP server for the upstream client's tests: reads requests (Content-Length bodies), answers per `script`. */
export function rawServer(script: Script) {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const conns = new Set<Deno.Conn>();
  const received: Received[] = [];
  let accepted = 0;
  const serveConn = async (conn: Deno.Conn) => {
    let buf = new Uint8Array(0);
    const chunk = new Uint8Array(64 * 1024);
    for (let n = 0;; n++) {
      let end = -1;
      while ((end = latin1(buf).indexOf("\r\n\r\n")) < 0) {
        const r = await conn.read(chunk).catch(() => null);
        if (r === null) return;
        buf = new Uint8Array([...buf, ...chunk.subarray(0, r)]);
      }
      const head = latin1(buf.subarray(0, end));
      const length = Number(/\r\ncontent-length: (\d+)/i.exec(head)?.[1] ?? 0);
      while (buf.length < end + 4 + length) {
        const r = await conn.read(chunk).catch(() => null);
        if (r === null) return;
        buf = new Uint8Array([...buf, ...chunk.subarray(0, r)]);
      }
      const req = { head, body: buf.slice(end + 4, end + 4 + length) };
      buf = buf.slice(end + 4 + length);
      received.push(req);
      const act = script(req, n);
      if (act.hang) return; // never answers; closed by the client or at the end
      if (act.write !== undefined) await conn.write(bytes(act.write)).catch(() => {});
      if (act.close) return conn.close();
    }
  };
  const accepting = (async () => {
    for await (const conn of listener) {
      accepted++;
      conns.add(conn);
      serveConn(conn).catch(() => {}).finally(() => conns.delete(conn));
    }
  })();
  const port = (listener.addr as Deno.NetAddr).port;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    accepted: () => accepted,
    async close() {
      listener.close();
      for (const c of conns) {
        try {
          c.close();
        } catch { /* closed by the script */ }
      }
      await accepting.catch(() => {});
    },
  };
}
