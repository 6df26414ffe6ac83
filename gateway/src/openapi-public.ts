// The public contract: the merged service documents completed with what the gateway itself does,
// derived from the route table so the two cannot drift — who may call an operation (security with
// the admin scope, `x-access`), its rate limit (429 + RateLimit-* headers; LOGIN_BLOCKED on login),
// body limit (413), path checks (400), upstream failures (503 breaker/unavailable, 504 timeout).
// Operations the gateway answers itself (local routes) are completed the same way.
import {
  addHeaderComponents,
  addProblem,
  addRequestIdParameter,
  addResponseHeader,
  type Document,
  type Operation,
  operations,
} from "../../services/common/openapi-doc.ts";
import { AUTH_CODES } from "../../services/common/openapi-errors.ts";
import { API_PREFIX, isLocal, type Route, ROUTES } from "../routes.ts";

/** `/orders/:id` and `/orders/{order_id}` both → `/orders/{}`; a trailing `*` stays a prefix marker. */
const shape = (path: string) => path.replace(/:[^/]+|\{[^}]+\}/g, "{}");

/** The route-table entry that serves a public path + method, if any. */
export function routeFor(publicPath: string, method: string): Route | undefined {
  const p = shape(publicPath.slice(API_PREFIX.length));
  return ROUTES.find((r) => {
    if (r.method !== "ALL" && r.method.toLowerCase() !== method) return false;
    const rp = shape(r.path);
    return rp.endsWith("/*") ? p.startsWith(rp.slice(0, -1)) : rp === p;
  });
}

const SECURITY = {
  public: [],
  customer: [{ bearerAuth: [] }],
  admin: [{ bearerAuth: ["admin"] }],
} as const;

const ACCESS_TEXT = {
  public: "Public: no token needed.",
  customer: "Needs a customer (or admin) access token.",
  admin: "Admin only: needs an access token of a user whose role is `admin` (403 otherwise).",
} as const;

function completeOperation(op: Operation, route: Route, method: string, path: string) {
  op.security = [...SECURITY[route.access]];
  op["x-access"] = route.access;
  op["x-rate-limit-group"] = route.rateLimit;
  op["x-timeout-group"] = route.timeout;
  op["x-answered-by"] = isLocal(route) ? "gateway" : route.service;
  op.description = [op.description, ACCESS_TEXT[route.access]].filter(Boolean).join("\n\n");
  if (path.includes("{")) addProblem(op, 400, ["INVALID_PATH"]);
  if (route.access !== "public") addProblem(op, 401, AUTH_CODES);
  if (route.access === "admin") addProblem(op, 403, ["FORBIDDEN"]);
  if (method !== "get") {
    addProblem(op, 408, ["REQUEST_TIMEOUT"]);
    addProblem(op, 413, ["PAYLOAD_TOO_LARGE"]);
  }
  addProblem(op, 429, route.login ? ["RATE_LIMITED", "LOGIN_BLOCKED"] : ["RATE_LIMITED"], ["Retry-After"]);
  const proxied = !isLocal(route);
  const unavailable = proxied ? ["SERVICE_UNAVAILABLE", "CIRCUIT_OPEN"] : [];
  if (route.access !== "public") unavailable.push("AUTH_UNAVAILABLE");
  if (unavailable.length) addProblem(op, 503, unavailable, ["Retry-After"]);
  if (proxied) addProblem(op, 504, ["UPSTREAM_TIMEOUT"]);
  for (
    const h of ["RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "RateLimit-Policy"] as const
  ) {
    addResponseHeader(op, h);
  }
  addResponseHeader(op, "X-Request-ID");
  addRequestIdParameter(op);
}

export function completePublicDocument<D extends Document>(doc: D): D {
  addHeaderComponents(doc);
  for (const [path, method, op] of operations(doc)) {
    const route = routeFor(path, method);
    if (route) completeOperation(op, route, method, path);
  }
  return doc;
}
