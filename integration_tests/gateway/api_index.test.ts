// What a newcomer meets first: the gateway's JSON index, docs served from the installed package,
// `instance` in problems always the public path, and honest runtime metrics on Deno.
import assert from "node:assert/strict";
import { assertProblem, BLACK_BOX, call, createUser, GATEWAY_URL, USER_URL } from "../helpers.ts";

const ignore = !GATEWAY_URL;
const API = `${GATEWAY_URL}/api/v1`;

Deno.test({
  name: "index: GET / and GET /api/v1 answer name, version and links that work",
  ignore,
  fn: async () => {
    for (const path of ["/", "/api/v1"]) {
      const r = await call<{ name: string; version: string; links: Record<string, string> }>(
        GATEWAY_URL!,
        "GET",
        path,
      );
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.name, "Order Processor API");
      assert.match(r.body.version, /^\d+\.\d+\.\d+$/);
      for (const link of ["docs", "openapi", "health"]) {
        const target = await fetch(`${GATEWAY_URL}${r.body.links[link]}`);
        await target.body?.cancel();
        assert.equal(target.status, 200, `${link} → ${r.body.links[link]}`);
      }
    }
  },
});

Deno.test({
  name: "docs: every process serves /docs with its UI files locally (no CDN, pinned package)",
  ignore,
  fn: async () => {
    // Black-box, only the gateway is reachable; with internals every service is checked too.
    const processes = BLACK_BOX ? ["GATEWAY_URL"] : ["GATEWAY_URL", "USER_URL", "INVENTORY_URL", "ORDER_URL"];
    const bases = processes.map((k) => Deno.env.get(k)!);
    for (const base of bases) {
      const html = await (await fetch(`${base}/docs`)).text();
      const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
      assert.ok(assets.length >= 2, html);
      for (const a of assets) {
        assert.ok(a.startsWith("/"), `${base}/docs loads ${a} from its own origin`);
        const r = await fetch(`${base}${a}`);
        assert.equal(r.status, 200, `${base}${a}`);
        assert.ok((await r.arrayBuffer()).byteLength > 1000);
      }
    }
  },
});

Deno.test({
  name: "problems: `instance` is the public path whether a service or the gateway answers",
  ignore,
  fn: async () => {
    const u = await createUser(API);
    const fromService = await call(API, "POST", "/balance/withdraw", { token: u.token, json: { amount: 5 } });
    assertProblem(fromService, 422, "INSUFFICIENT_FUNDS");
    assert.equal(fromService.body.instance, "/api/v1/balance/withdraw");
    const fromGateway = await call(API, "GET", "/balance");
    assertProblem(fromGateway, 401, "AUTH_REQUIRED");
    assert.equal(fromGateway.body.instance, "/api/v1/balance");
    const adminPath = await call(API, "PUT", "/admin/inventory/assets/NOPE1/price", {
      token: u.token,
      json: { price_usd: 1 },
    });
    assertProblem(adminPath, 403);
    assert.equal(adminPath.body.instance, "/api/v1/admin/inventory/assets/NOPE1/price");
    // Called directly (no gateway in front), a service reports its own path (not reachable black-box).
    if (BLACK_BOX) return;
    const direct = await call(USER_URL, "POST", "/balance/withdraw", { token: u.token, json: { amount: 5 } });
    assert.equal(direct.body.instance, "/balance/withdraw");
  },
});

Deno.test({
  name: "metrics: the runtime is reported as Deno, not as a Node.js version",
  ignore,
  fn: async () => {
    for (const base of BLACK_BOX ? [GATEWAY_URL!] : [GATEWAY_URL!, USER_URL]) {
      const text = await (await fetch(`${base}/metrics`)).text();
      assert.ok(!text.includes("nodejs_version_info"), base);
      assert.match(text, /deno_version_info\{version="\d+\.\d+\.\d+",v8="[^"]+",typescript="[^"]+"\} 1/);
      const rss = Number(/^process_resident_memory_bytes (\d+)/m.exec(text)?.[1]);
      assert.ok(rss > 1_000_000, `resident memory is measured (${rss})`);
    }
  },
});
