// THE route table: every public path the gateway serves, which service (or local handler) answers it,
// who may call it, how long it may take and which rate-limit group it counts against. Anything not here
// is a 404. Only what works is listed: a route arrives with its implementation and its OpenAPI.
// Upstream path = gateway path without `/api/v1` (plus an optional prefix rewrite for admin routes).

export type ServiceName = "user" | "inventory" | "order";
/** Handlers answered in the gateway itself (gateway/src/local.ts maps each name to its handler). */
export type LocalName = "insights";
export type Access = "public" | "customer" | "admin";
export type TimeoutGroup = "fast" | "default" | "slow";
export type RateGroup = "default" | "write" | "auth";

interface RouteCommon {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "ALL";
  /** Hono pattern relative to /api/v1. */
  path: string;
  access: Access;
  timeout: TimeoutGroup;
  rateLimit: RateGroup;
  /** Feed the login brute-force guard. */
  login?: boolean;
}

/** Proxied to a service, whose OpenAPI document must list it (integration_tests/gateway/routes.test.ts). */
export interface ProxyRoute extends RouteCommon {
  service: ServiceName;
  /** Replace this prefix of the stripped path before proxying. */
  rewrite?: readonly [from: string, to: string];
}

/** Answered by the gateway itself (same chain: auth, RBAC, rate limit), e.g. live event streams. */
export interface LocalRoute extends RouteCommon {
  local: LocalName;
}

export type Route = ProxyRoute | LocalRoute;

export const isLocal = (route: Route): route is LocalRoute => "local" in route;

export const API_PREFIX = "/api/v1";

const r = (
  method: Route["method"],
  path: string,
  service: ServiceName,
  access: Access,
  rateLimit: RateGroup = method === "GET" ? "default" : "write",
  timeout: TimeoutGroup = "default",
  extra: Partial<ProxyRoute> = {},
): ProxyRoute => ({ method, path, service, access, timeout, rateLimit, ...extra });

export const ROUTES: readonly Route[] = [
  // user service: auth
  // Login and register run bcrypt (cost 12, ~0.3 s of CPU each): not "fast" when many arrive at once.
  r("POST", "/auth/login", "user", "public", "auth", "default", { login: true }),
  r("POST", "/auth/register", "user", "public", "auth", "default"),
  r("GET", "/auth/profile", "user", "customer", "default", "fast"),
  r("PUT", "/auth/profile", "user", "customer"),
  r("POST", "/auth/logout", "user", "customer", "auth", "fast"),
  // user service: money and portfolio
  r("GET", "/balance", "user", "customer", "default", "fast"),
  r("POST", "/balance/deposit", "user", "customer"),
  r("POST", "/balance/withdraw", "user", "customer"),
  r("GET", "/balance/transactions", "user", "customer"),
  r("GET", "/balance/asset/:asset_id", "user", "customer"),
  r("GET", "/portfolio", "user", "customer"),
  // inventory service: public catalog
  r("GET", "/inventory/assets", "inventory", "public", "default", "fast"),
  r("GET", "/inventory/assets/:id", "inventory", "public", "default", "fast"),
  r("GET", "/inventory/assets/:id/price-history", "inventory", "public", "default", "fast"),
  // order service
  r("POST", "/orders", "order", "customer", "write", "slow"),
  r("GET", "/orders", "order", "customer"),
  r("GET", "/orders/:id", "order", "customer"),
  r("DELETE", "/orders/:id", "order", "customer", "write", "slow"),
  r("GET", "/assets/:asset_id/transactions", "order", "customer"),
  // insights (upstream's AI summary): no such service exists, so the gateway itself answers 503 problem
  // JSON — as upstream did without its API key — instead of a misleading 404.
  {
    method: "GET",
    path: "/insights/portfolio",
    local: "insights",
    access: "customer",
    timeout: "fast",
    rateLimit: "default",
  },
  // admin: everything under these prefixes is admin-only, whatever the upstream grows.
  r("ALL", "/admin/inventory/*", "inventory", "admin", "write", "default", {
    rewrite: ["/admin/inventory/", "/admin/"],
  }),
];

/** Path the upstream service sees for a gateway path matched by `route`. */
export function upstreamPath(route: ProxyRoute, gatewayPath: string): string {
  let path = gatewayPath.slice(API_PREFIX.length) || "/";
  if (route.rewrite && path.startsWith(route.rewrite[0])) {
    path = route.rewrite[1] + path.slice(route.rewrite[0].length);
  }
  return path;
}
