// The public OpenAPI document (the gateway's /openapi.json) is complete and valid:
// every route of the route table is in it, and every operation has an operationId, a summary,
// security, examples, the Problem schema with its codes on every error response, the statuses the
// gateway and services produce, rate-limit and request-id headers, and the documented constraints.
import assert from "node:assert/strict";
import { Validator } from "@seriousme/openapi-schema-validator";
import { API_PREFIX, ROUTES } from "../../gateway/routes.ts";
import { GATEWAY_URL, needsInternals } from "../helpers.ts";
import {
  deref,
  type Document,
  liveDocument,
  type Media,
  type Operation,
  operationsOf,
  pointer,
  validatorFor,
} from "./document.ts";

const ignore = !GATEWAY_URL;
const shape = (p: string) => p.replace(/:[^/]+|\{[^}]+\}/g, "{}");

Deno.test({
  name: "openapi: the document is valid OpenAPI 3.1 (@seriousme/openapi-schema-validator)",
  ignore,
  fn: async () => {
    const doc = await liveDocument();
    assert.equal(doc.openapi, "3.1.0");
    const validator = new Validator();
    const result = await validator.validate(doc as never);
    assert.ok(result.valid, JSON.stringify(result.errors, null, 1)?.slice(0, 3000));
    assert.equal(validator.version, "3.1");
  },
});

Deno.test({
  name: "openapi: each service's own document is valid OpenAPI 3.1 too",
  ignore: needsInternals("reads each service's own /openapi.json on its port"),
  fn: async () => {
    for (const name of ["USER_URL", "INVENTORY_URL", "ORDER_URL"]) {
      const doc = await (await fetch(`${Deno.env.get(name)}/openapi.json`)).json();
      const result = await new Validator().validate(doc);
      assert.ok(result.valid, `${name}: ${JSON.stringify(result.errors)?.slice(0, 2000)}`);
      assert.ok(Object.keys(doc.paths).length > 0, name);
    }
  },
});

Deno.test({
  name: "openapi: every route of the gateway route table is documented",
  ignore,
  fn: async () => {
    const doc = await liveDocument();
    const documented = [...operationsOf(doc)].map(([p, m]) => `${m.toUpperCase()} ${shape(p)}`);
    const missing: string[] = [];
    for (const r of ROUTES) {
      const path = shape(API_PREFIX + r.path);
      if (r.method === "ALL") {
        // A prefix route: at least one operation under it.
        if (!documented.some((d) => d.split(" ")[1].startsWith(path.slice(0, -1)))) {
          missing.push(`ALL ${path}`);
        }
      } else if (!documented.includes(`${r.method} ${path}`)) missing.push(`${r.method} ${path}`);
    }
    assert.deepEqual(missing, [], `routed but not documented: ${missing.join(", ")}`);
  },
});

function errorsOf(doc: Document, path: string, method: string, op: Operation): string[] {
  const where = `${method.toUpperCase()} ${path}`;
  const out: string[] = [];
  const need = (ok: unknown, what: string) => ok || out.push(`${where}: ${what}`);
  need(op.operationId, "operationId");
  need(op.summary, "summary");
  need(Array.isArray(op.tags) && (op.tags as string[]).length, "tag");
  need(Array.isArray(op.security), "security (explicit, [] when public)");
  need(
    op.parameters?.some((p) => p.$ref === "#/components/parameters/X-Request-ID"),
    "the X-Request-ID request header",
  );
  const statuses = Object.keys(op.responses);
  const hasBody = Boolean(op.requestBody);
  const isPublic = (op.security ?? []).length === 0;
  const isAdmin = (op.security ?? []).some((s) => (s.bearerAuth ?? []).includes("admin"));
  need(
    op["x-access"] === (isAdmin ? "admin" : isPublic ? "public" : "customer"),
    "x-access matches security",
  );
  const required = ["429", "503"];
  if (op["x-answered-by"] !== "gateway") required.push("504"); // a proxied operation can time out
  if (hasBody) required.push("400", "413", "415", "422");
  if (!isPublic) required.push("401");
  if (isAdmin) required.push("403");
  if (path.includes("{")) required.push("404");
  const validated = (op.parameters ?? []).filter((p) => !p.$ref); // not the shared X-Request-ID
  if (validated.length || hasBody) required.push("422");
  for (const s of required) need(statuses.includes(s), `documents ${s}`);

  if (hasBody) {
    const media = op.requestBody?.content?.["application/json"];
    need(media?.schema, "JSON request schema");
    need(media?.example !== undefined || deref(doc, media?.schema)?.example !== undefined, "request example");
  }
  for (const [status, response] of Object.entries(op.responses)) {
    const r = deref(doc, response);
    need(r.headers?.["X-Request-ID"], `${status} has the X-Request-ID header`);
    if (Number(status) >= 400) {
      const media = r.content?.["application/problem+json"];
      need(media?.schema?.$ref === "#/components/schemas/Problem", `${status} uses the Problem schema`);
      need(Object.keys(media?.examples ?? {}).length > 0, `${status} lists its codes as examples`);
      for (const code of Object.keys(media?.examples ?? {})) {
        need(r.description?.includes(code), `${status} description names ${code}`);
      }
    } else if (status === "101") {
      // Switching protocols (WebSocket): no HTTP body to describe.
    } else {
      // JSON, or a declared streaming type (Server-Sent Events) with its own schema and example.
      const media: Media | undefined = r.content?.["application/json"] ?? r.content?.["text/event-stream"];
      need(media?.schema, `${status} JSON schema`);
      need(
        media?.example !== undefined || media?.examples || deref(doc, media?.schema)?.example !== undefined,
        `${status} example`,
      );
    }
    for (const h of ["RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"]) {
      need(r.headers?.[h], `${status} has the ${h} header`);
    }
  }
  need(op.responses["429"]?.headers?.["Retry-After"], "429 has Retry-After");
  return out;
}

Deno.test({
  name: "openapi: every operation is complete (ids, summaries, security, examples, problems, headers)",
  ignore,
  fn: async () => {
    const doc = await liveDocument();
    assert.ok(doc.components.schemas.Problem, "components/schemas/Problem");
    assert.ok(doc.components.headers["X-Request-ID"], "components/headers/X-Request-ID");
    const problems = [...operationsOf(doc)].flatMap(([p, m, op]) => errorsOf(doc, p, m, op));
    assert.deepEqual(problems, [], problems.join("\n"));
    const ids = [...operationsOf(doc)].map(([, , op]) => op.operationId);
    assert.equal(new Set(ids).size, ids.length, `operationIds are unique: ${ids.join(", ")}`);
  },
});

Deno.test({
  name: "openapi: login documents LOGIN_BLOCKED, admin routes the admin scope, and the input constraints",
  ignore,
  fn: async () => {
    const doc = await liveDocument();
    const login = doc.paths["/api/v1/auth/login"].post;
    assert.ok(login.responses["429"].content?.["application/problem+json"].examples?.LOGIN_BLOCKED);
    for (const [path, , op] of operationsOf(doc)) {
      if (path.startsWith("/api/v1/admin/")) {
        assert.deepEqual(op.security, [{ bearerAuth: ["admin"] }], path);
        assert.ok(op.responses["403"], `${path} documents 403`);
      }
    }
    const schemaOf = (path: string) =>
      deref(doc, doc.paths[path].post.requestBody!.content!["application/json"].schema!) as {
        properties: Record<string, Record<string, unknown>>;
      };
    const amount = schemaOf("/api/v1/balance/deposit").properties.amount;
    assert.equal(amount.exclusiveMinimum, 0);
    assert.equal(amount.maximum, 1000000);
    assert.equal(amount["x-max-decimal-places"], 2);
    assert.match(String(amount.description), /2 decimal places/);
    const password = schemaOf("/api/v1/auth/register").properties.password;
    assert.equal(password.minLength, 12);
    assert.equal(password.maxLength, 20);
    const pattern = new RegExp(String(password.pattern));
    assert.ok(pattern.test("SecurePass123!"));
    assert.ok(!pattern.test("securepass123!"), "an upper-case letter is required");
    assert.ok(!pattern.test("SecurePass!!!!"), "a digit is required");
  },
});

Deno.test({
  name: "openapi: every example validates against its schema (requests, responses, components)",
  ignore,
  fn: async () => {
    const doc = await liveDocument();
    const validate = validatorFor(doc);
    const bad: string[] = [];
    const check = (where: string, ref: string, value: unknown) => {
      const v = validate(ref);
      if (!v(value)) bad.push(`${where}: ${JSON.stringify(v.errors?.slice(0, 2))}`);
    };
    for (const [path, method, op] of operationsOf(doc)) {
      const media: [string, string, Media][] = [];
      for (const [type, m] of Object.entries(op.requestBody?.content ?? {})) {
        media.push(["requestBody", type, m]);
      }
      for (const [status, r] of Object.entries(op.responses)) {
        for (const [type, m] of Object.entries(deref(doc, r).content ?? {})) {
          media.push([`responses/${status}`, type, m]);
        }
      }
      for (const [at, type, m] of media) {
        const ref = pointer("paths", path, method) + "/" + at.split("/").map((p) => pointer(p)).join("/") +
          "/" + pointer("content", type, "schema");
        const where = `${method.toUpperCase()} ${path} ${at} ${type}`;
        if (m.example !== undefined) check(where, ref, m.example);
        for (const [name, ex] of Object.entries(m.examples ?? {})) {
          check(`${where} (${name})`, ref, (ex as { value: unknown }).value);
        }
      }
    }
    for (const [name, schema] of Object.entries(doc.components.schemas)) {
      if (schema.example !== undefined) {
        check(`#/components/schemas/${name}`, pointer("components", "schemas", name), schema.example);
      }
    }
    assert.deepEqual(bad, [], bad.join("\n"));
  },
});
