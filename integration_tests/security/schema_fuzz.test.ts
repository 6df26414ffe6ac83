// Property-based fuzzing of every request schema the deployment documents (its /openapi.json): bodies
// built from each operation's JSON schema — valid values, boundaries (min-1, max+1, huge, negative,
// too long), wrong types, missing required and extra fields — sent through the gateway. Never a 5xx;
// every 4xx is problem JSON. Complements integration_tests/gateway/fuzz.test.ts (garbage per route of
// the route table); this one follows the schemas, so a new field is fuzzed as soon as it is documented.
// Fixed seed: a run is repeatable. Black-box.
import assert from "node:assert/strict";
import fc from "fast-check";
import { API, call, createUser, GATEWAY_URL } from "../helpers.ts";

const RUNS_PER_OPERATION = 20;
type Schema = {
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  maxLength?: number;
  example?: unknown;
};

const wrongType = fc.oneof(
  fc.constant(null),
  fc.integer(),
  fc.string({ maxLength: 20 }),
  fc.boolean(),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.object({ maxDepth: 1 }),
  fc.constantFrom("1e400", "NaN", "-0", "0x10", "99999999999999999999.999999", "<script>", "' OR 1=1 --"),
);

/** Values for one property: mostly near its schema (valid and boundary), sometimes any wrong type. */
function valueFor(s: Schema): fc.Arbitrary<unknown> {
  const near: fc.Arbitrary<unknown>[] = [];
  if (s.example !== undefined) near.push(fc.constant(s.example));
  if (s.enum) near.push(fc.constantFrom(...s.enum), fc.constant(`${s.enum[0]}_x`));
  if (s.type === "number" || s.type === "integer") {
    const lo = s.minimum ?? s.exclusiveMinimum ?? 0, hi = s.maximum ?? 1e6;
    near.push(
      fc.constantFrom(lo, lo - 1, hi, hi + 0.01, hi * 1e6, -1, 0, 0.001, 1e-9),
      fc.double({ min: lo, max: hi, noNaN: true }),
      fc.double({ min: lo, max: hi, noNaN: true }).map(String),
    );
  }
  if (s.type === "string") {
    const min = s.minLength ?? 0, max = s.maxLength ?? 64;
    near.push(
      fc.string({ minLength: min, maxLength: max }),
      fc.constantFrom("", " ", "a".repeat(max + 1), "é".repeat(max), "\u0000", "😀".repeat(min + 1)),
    );
  }
  if (s.type === "boolean") near.push(fc.boolean(), fc.constantFrom("true", 1));
  return near.length ? fc.oneof({ arbitrary: fc.oneof(...near), weight: 3 }, wrongType) : wrongType;
}

function bodyFor(s: Schema): fc.Arbitrary<unknown> {
  const props = s.properties ?? {};
  const record = fc.record(
    Object.fromEntries(Object.entries(props).map(([k, v]) => [k, valueFor(v)])),
    { requiredKeys: [] }, // required ones dropped at random too
  );
  return fc.oneof(
    { arbitrary: record, weight: 4 },
    record.map((r) => ({ ...r, role: "admin", user_id: "someone", balance: "1e9" })),
    fc.jsonValue({ maxDepth: 2 }),
  );
}

Deno.test({
  name: "schema fuzz: every documented request body, generated from its schema → never a 5xx",
  ignore: !GATEWAY_URL,
  async fn() {
    const doc = await (await fetch(`${GATEWAY_URL}/openapi.json`)).json();
    const u = await createUser(API);
    let sent = 0, ops = 0;
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
      for (const [method, op] of Object.entries(item)) {
        const schema = (op as { requestBody?: { content?: Record<string, { schema?: Schema }> } })
          .requestBody?.content?.["application/json"]?.schema;
        if (!schema) continue;
        ops++;
        const url = path.replace(/^\/api\/v1/, "").replace(/\{[^}]+\}/g, "BTC");
        const samples = fc.sample(bodyFor(schema), { seed: 20261128 + ops, numRuns: RUNS_PER_OPERATION });
        for (const body of samples) {
          // Logout would revoke the token the rest of the run uses: each logout gets its own user.
          const token = url === "/auth/logout" ? (await createUser(API)).token : u.token;
          const res = await call(API, method.toUpperCase(), url, { token, json: body });
          sent++;
          const where = `${method.toUpperCase()} ${url} ${JSON.stringify(body).slice(0, 200)}`;
          assert.ok(res.status < 500, `${res.status} for ${where}: ${res.text.slice(0, 300)}`);
          if (res.status >= 400) assert.match(res.headers.get("content-type") ?? "", /problem\+json/, where);
        }
      }
    }
    assert.ok(ops >= 5, `only ${ops} operations with a JSON body documented`);
    console.log(`schema fuzz: ${sent} requests over ${ops} operations`);
  },
});
