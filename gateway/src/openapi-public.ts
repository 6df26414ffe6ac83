// The public contract: the merged service documents completed with what the gateway itself does,
// derived from the route table so the two cannot drift — who may call an operation (security with
// the admin scope, `x-access`), its rate limit (429 + RateLimit-* headers; LOGIN_BLOCKED on login),
// body limit (413), path checks (400), upstream failures (503 breaker/unavailable, 504 timeout).
// Routes whose service is not deployed yet still appear, documented as the 503 they answer.
import {
  addHeaderComponents,
  addProblem,
  addRequestIdParameter,
  addResponseHeader,
  type Document,
  type Operation,
  operations,
} from "../../services/common/openapi-doc.ts";
import { AUTH_CODES, problemResponseJson } from "../../services/common/openapi-errors.ts";
import { API_PREFIX, type Route, ROUTES } from "../routes.ts";

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

/** Operations the gateway answers although no service documents them (not deployed yet). */
const NOT_DEPLOYED: Record<string, { operationId: string; summary: string; tag: string }> = {
  "GET /insights/portfolio": {
    operationId: "getPortfolioInsights",
    summary: "AI summary of your portfolio — no insights service is deployed yet, so it answers 503",
    tag: "insights",
  },
};

function placeholder(route: Route): Operation | undefined {
  const info = NOT_DEPLOYED[`${route.method} ${route.path}`];
  if (!info) return undefined;
  return {
    tags: [info.tag],
    operationId: info.operationId,
    summary: info.summary,
    responses: { 503: problemResponseJson(503, ["SERVICE_UNAVAILABLE"], ["Retry-After"]) },
  };
}

function completeOperation(op: Operation, route: Route, method: string, path: string) {
  op.security = [...SECURITY[route.access]];
  op["x-access"] = route.access;
  op["x-rate-limit-group"] = route.rateLimit;
  op["x-timeout-group"] = route.timeout;
  op.description = [op.description, ACCESS_TEXT[route.access]].filter(Boolean).join("\n\n");
  if (path.includes("{")) addProblem(op, 400, ["INVALID_PATH"]);
  if (route.access !== "public") addProblem(op, 401, AUTH_CODES);
  if (route.access === "admin") addProblem(op, 403, ["FORBIDDEN"]);
  if (method !== "get") addProblem(op, 413, ["PAYLOAD_TOO_LARGE"]);
  addProblem(op, 429, route.login ? ["RATE_LIMITED", "LOGIN_BLOCKED"] : ["RATE_LIMITED"], ["Retry-After"]);
  const unavailable = ["SERVICE_UNAVAILABLE", "CIRCUIT_OPEN"];
  if (route.access !== "public") unavailable.push("AUTH_UNAVAILABLE");
  addProblem(op, 503, unavailable, ["Retry-After"]);
  addProblem(op, 504, ["UPSTREAM_TIMEOUT"]);
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
  const paths = (doc.paths ??= {});
  for (const route of ROUTES) {
    if (route.method === "ALL") continue;
    const path = API_PREFIX + route.path.replace(/:([^/]+)/g, "{$1}");
    const present = Object.keys(paths).some((p) =>
      shape(p) === shape(path) && paths[p][route.method.toLowerCase()]
    );
    const op = present ? undefined : placeholder(route);
    if (op) (paths[path] ??= {})[route.method.toLowerCase()] = op;
  }
  for (const [path, method, op] of operations(doc)) {
    const route = routeFor(path, method);
    if (route) completeOperation(op, route, method, path);
  }
  return doc;
}
