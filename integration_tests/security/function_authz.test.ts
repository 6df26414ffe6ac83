// OWASP API5:2023 Broken Function Level Authorization: every admin route of the gateway's route table
// answers 403 to a customer and 401 to an anonymous caller; every customer route answers 401 to an
// anonymous caller. The list is derived from gateway/routes.ts, so a new route is covered as it lands.
// Black-box: only the route table's code is read; requests go to the deployment.
import assert from "node:assert/strict";
import { API, assertProblem, call, createUser, GATEWAY_URL } from "../helpers.ts";
import { ROUTES } from "../../gateway/routes.ts";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];
/** Concrete requests for a route: parameters filled in, and every method for an `ALL` route. */
const requestsFor = (method: string, path: string) =>
  (method === "ALL" ? METHODS : [method]).map((m) => ({
    method: m,
    path: path.replace(/:[a-z_]+/g, "BTC").replace(/\*$/, "assets/BTC"),
  }));

Deno.test({
  name:
    "function-level authz: admin routes → 403 for a customer, 401 anonymous; customer routes → 401 anonymous",
  ignore: !GATEWAY_URL,
  async fn() {
    const customer = await createUser(API);
    const admin = ROUTES.filter((r) => r.access === "admin");
    assert.ok(admin.length >= 4, "the route table lists admin routes");
    let checked = 0;
    for (const route of admin) {
      for (const { method, path } of requestsFor(route.method, route.path)) {
        const json = method === "GET" || method === "DELETE" ? undefined : { is_active: false, quantity: 0 };
        assertProblem(await call(API, method, path, { token: customer.token, json }), 403, "FORBIDDEN");
        assertProblem(await call(API, method, path, { json }), 401);
        checked++;
      }
    }
    for (const route of ROUTES.filter((r) => r.access === "customer")) {
      if (route.path === "/ws") continue; // WebSocket upgrade, authorised by ticket (events suite)
      for (const { method, path } of requestsFor(route.method, route.path)) {
        const res = await call(API, method, path, {
          json: method === "GET" || method === "DELETE" ? undefined : {},
        });
        assertProblem(res, 401);
        checked++;
      }
    }
    console.log(`function-level authz: ${checked} method × route checks`);
  },
});
