// The route table lists only what works: every proxied entry is in its service's own OpenAPI document
// (the running services' /openapi.json), every local entry has a handler, the gateway's merged
// document covers every entry, and the routes removed until their implementations arrive answer 404.
import assert from "node:assert/strict";
import { API_PREFIX, isLocal, ROUTES, type ServiceName, upstreamPath } from "../../gateway/routes.ts";
import { localHandlers } from "../../gateway/src/local.ts";
import { API, assertProblem, call, createUser, skipInBlackBox } from "../helpers.ts";

type OpenApiDoc = { paths: Record<string, Record<string, unknown>> };

async function serviceDoc(service: ServiceName): Promise<OpenApiDoc> {
  const base = Deno.env.get(`${service.toUpperCase()}_URL`);
  assert.ok(base, `${service.toUpperCase()}_URL must be set (run via ./scripts/test.sh)`);
  const res = await call<OpenApiDoc>(base, "GET", "/openapi.json");
  assert.equal(res.status, 200, res.text);
  return res.body;
}

/** Path shape with parameter names erased (`/orders/:id`, `/orders/{order_id}` → `/orders/{}`): the
 * gateway's pattern may name a parameter differently from the service's. */
const shape = (path: string) => path.replace(/:[A-Za-z_]+|\{[A-Za-z_]+\}/g, "{}");

Deno.test("route table: every proxied route is in its service's OpenAPI; every local route has a handler", {
  ignore: skipInBlackBox("reads each service's own /openapi.json on its port"),
}, async () => {
  const docs = new Map<ServiceName, OpenApiDoc>();
  const locals = localHandlers();
  const missing: string[] = [];
  for (const route of ROUTES) {
    const where = `${route.method} ${route.path}`;
    if (isLocal(route)) {
      if (typeof locals[route.local] !== "function") missing.push(`${where} (local ${route.local})`);
      continue;
    }
    if (!docs.has(route.service)) docs.set(route.service, await serviceDoc(route.service));
    const paths = docs.get(route.service)!.paths;
    const upstream = shape(upstreamPath(route, API_PREFIX + route.path));
    const method = route.method.toLowerCase();
    const found = upstream.endsWith("*")
      // A prefix route (admin): the service must implement something under that prefix.
      ? Object.keys(paths).some((p) => p.startsWith(upstream.slice(0, -1)))
      : Object.entries(paths).some(([p, item]) => shape(p) === upstream && item[method] !== undefined);
    if (!found) missing.push(`${where} → ${route.service} ${route.method} ${upstream}`);
  }
  assert.deepEqual(missing, [], `route table entries nothing implements:\n${missing.join("\n")}`);
});

Deno.test("route table: the gateway's /openapi.json documents every route of the table", async () => {
  const gateway = Deno.env.get("GATEWAY_URL");
  assert.ok(gateway, "needs the gateway (run via ./scripts/test.sh)");
  const doc = await call<OpenApiDoc>(gateway, "GET", "/openapi.json");
  const paths = Object.entries(doc.body.paths).map(([p, item]) => [shape(p), item] as const);
  const undocumented = ROUTES.filter((route) => {
    const path = shape(API_PREFIX + route.path);
    if (path.endsWith("*")) return !paths.some(([p]) => p.startsWith(path.slice(0, -1)));
    return !paths.some(([p, item]) => p === path && item[route.method.toLowerCase()] !== undefined);
  }).map((r) => `${r.method} ${r.path}`);
  assert.deepEqual(undocumented, []);
});

Deno.test("route table: routes without an implementation are gone (404 like any unknown path)", async () => {
  const u = await createUser(API);
  for (
    const [method, path] of [
      ["POST", "/cny/claim"],
      ["GET", "/admin/users/someone"],
      ["GET", "/admin/events/dead-letter"],
    ]
  ) {
    const json = method === "GET" ? undefined : {};
    assertProblem(await call(API, method, path, { token: u.token, json }), 404, "ROUTE_NOT_FOUND");
  }
});
