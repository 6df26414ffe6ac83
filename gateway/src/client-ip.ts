// Client IP for rate limits and the login guard. The socket peer is the truth; X-Forwarded-For is
// only believed when the peer is a configured trusted proxy (the upstream trusted it from anyone,
// so any client could dodge its limits by sending a fake header).
import { isIP } from "node:net";
import type { Context } from "hono";

interface Cidr {
  base: number;
  mask: number;
}

export interface TrustedProxies {
  trusts(ip: string): boolean;
}

const ipv4ToInt = (ip: string) => ip.split(".").reduce((n, part) => (n << 8) + Number(part), 0) >>> 0;

/** Strip the IPv4-mapped IPv6 prefix so `::ffff:127.0.0.1` and `127.0.0.1` are one client. */
export function normalizeIp(ip: string): string {
  const lower = ip.trim().toLowerCase();
  return lower.startsWith("::ffff:") && isIP(lower.slice(7)) === 4 ? lower.slice(7) : lower;
}

/** Build the trust list from entries such as `10.0.0.0/8`, `192.168.1.5`, `::1` or `loopback`. */
export function trustedProxies(entries: readonly string[]): TrustedProxies {
  const exact = new Set<string>();
  const cidrs: Cidr[] = [];
  for (const raw of entries) {
    const entry = raw.trim();
    if (entry === "loopback") {
      cidrs.push({ base: ipv4ToInt("127.0.0.0"), mask: 0xff000000 });
      exact.add("::1");
      continue;
    }
    const [addr, bits] = entry.split("/");
    if (bits === undefined && isIP(addr)) {
      exact.add(normalizeIp(addr));
      continue;
    }
    const n = Number(bits);
    if (isIP(addr) !== 4 || !Number.isInteger(n) || n < 0 || n > 32) {
      throw new Error(`TRUSTED_PROXIES: "${entry}" is not an IP, an IPv4 CIDR or "loopback"`);
    }
    const mask = n === 0 ? 0 : (0xffffffff << (32 - n)) >>> 0;
    cidrs.push({ base: (ipv4ToInt(addr) & mask) >>> 0, mask });
  }
  return {
    trusts(ip) {
      const n = normalizeIp(ip);
      if (exact.has(n)) return true;
      if (isIP(n) !== 4) return false;
      const v = ipv4ToInt(n);
      return cidrs.some((c) => ((v & c.mask) >>> 0) === c.base);
    },
  };
}

/** Rightmost X-Forwarded-For hop not added by a trusted proxy; the socket peer otherwise. */
export function resolveClientIp(
  peer: string,
  forwardedFor: string | undefined,
  trust: TrustedProxies,
): string {
  let client = normalizeIp(peer);
  if (!forwardedFor || !trust.trusts(client)) return client;
  const hops = forwardedFor.split(",").map((h) => normalizeIp(h)).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    if (!isIP(hops[i])) break; // garbage in the header: stop at the last address we could verify
    client = hops[i];
    if (!trust.trusts(client)) break;
  }
  return client;
}

/** Socket address when served by Deno.serve (c.env is its ServeHandlerInfo); "unknown" in app.request tests. */
export function peerAddress(c: Context): string {
  const info = c.env as { remoteAddr?: { hostname?: string } } | undefined;
  return info?.remoteAddr?.hostname ?? "unknown";
}
