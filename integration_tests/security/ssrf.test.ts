// OWASP API7:2023 Server Side Request Forgery: no request can make the platform fetch a URL of the
// caller's choosing. (1) The code's outbound requests are an inventory reviewed here: each goes to a
// URL from configuration (service bases, JWKS, price sources) — a new outbound call fails this test
// until it is reviewed and listed. (2) No documented request field or query parameter takes a URL.
// (3) An absolute-form request target or a foreign Host header does not steer the proxy. Black-box
// (reads the repository's source and the deployment's public answers only).
import assert from "node:assert/strict";
import { GATEWAY_URL, ROOT } from "../helpers.ts";
import { rawRequest } from "../raw-http.ts";

/** Reviewed outbound calls: file → where its URL comes from. */
const OUTBOUND: Record<string, string> = {
  "gateway/src/health.ts": "USER_URL / INVENTORY_URL / ORDER_URL (readiness)",
  "gateway/src/openapi.ts": "USER_URL / INVENTORY_URL / ORDER_URL (merged OpenAPI)",
  "gateway/src/upstream-client.ts": "the route table's service base + the matched path",
  "gateway/src/jwt-verifier.ts": "JWT_JWKS_URL",
  "services/inventory/prices/sources.ts": "the configured price source list",
  "services/common/dynamo-http.ts":
    "DYNAMODB_ENDPOINT, else https://dynamodb.<AWS_REGION>.amazonaws.com (the table)",
  "frontend/server.ts": "GATEWAY_URL (the dashboard's API proxy)",
};

/** Source files under `path` (a file or folder), tests and node_modules left out. */
async function* sources(path: string): AsyncGenerator<string> {
  if ((await Deno.stat(path)).isFile) return yield path;
  for await (const e of Deno.readDir(path)) {
    if (e.name === "node_modules" || e.name.endsWith(".test.ts") || e.name === "testing.ts") continue;
    if (e.isDirectory) yield* sources(`${path}/${e.name}`);
    else if (e.name.endsWith(".ts")) yield `${path}/${e.name}`;
  }
}

Deno.test("SSRF: every outbound request in the code goes to a configured URL (reviewed list)", async () => {
  const found: string[] = [];
  for (const dir of ["gateway", "services", "frontend/server.ts"]) {
    for await (const file of sources(`${ROOT}${dir}`)) {
      const text = await Deno.readTextFile(file);
      if (/\bfetch\(|createRemoteJWKSet\(|Deno\.connect(?:Tls)?\(/.test(text)) {
        found.push(file.slice(ROOT.length));
      }
    }
  }
  assert.deepEqual(found.sort(), Object.keys(OUTBOUND).sort());
});

Deno.test({
  name: "SSRF: no documented request field or query parameter takes a URL; absolute targets are not proxied",
  ignore: !GATEWAY_URL,
  async fn() {
    const doc = await (await fetch(`${GATEWAY_URL}/openapi.json`)).json();
    const urlish = /url|uri|href|callback|webhook|redirect|endpoint/i;
    const offenders: string[] = [];
    const scan = (where: string, schema: unknown) => {
      const s = schema as { properties?: Record<string, { format?: string }> } | undefined;
      for (const [name, p] of Object.entries(s?.properties ?? {})) {
        if (urlish.test(name) || p?.format === "uri" || p?.format === "url") {
          offenders.push(`${where}.${name}`);
        }
      }
    };
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
      for (const [method, op] of Object.entries(item)) {
        const o = op as {
          parameters?: { name: string }[];
          requestBody?: { content?: Record<string, { schema?: unknown }> };
        };
        for (const p of o.parameters ?? []) {
          if (urlish.test(p.name)) offenders.push(`${method} ${path}?${p.name}`);
        }
        scan(`${method} ${path}`, o.requestBody?.content?.["application/json"]?.schema);
      }
    }
    assert.deepEqual(offenders, []);

    for (
      const req of [
        "GET http://169.254.169.254/latest/meta-data/ HTTP/1.1\r\nHost: 169.254.169.254\r\nConnection: close\r\n\r\n",
        "GET /api/v1/inventory/assets HTTP/1.1\r\nHost: 169.254.169.254\r\nConnection: close\r\n\r\n",
      ]
    ) {
      const res = await rawRequest(GATEWAY_URL!, req);
      assert.ok(!res.body.includes("ami-id") && !res.body.includes("instance-id"), res.body.slice(0, 200));
      assert.ok(res.status < 500, `${res.status}`);
    }
  },
});
