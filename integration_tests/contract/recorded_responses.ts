// Runs after the integration suite (scripts/test.sh): every JSON answer the suite recorded through
// the gateway (RECORD_RESPONSES, see helpers.recordResponse) must be a status the OpenAPI document
// declares for that operation, with a body that validates against the declared schema (Ajv, JSON
// Schema 2020-12 — the dialect of OpenAPI 3.1). Not named *.test.ts so it only runs in that order.
import assert from "node:assert/strict";
import { GATEWAY_URL } from "../helpers.ts";
import { deref, liveDocument, pointer, templateFor, validatorFor } from "./document.ts";

const FILE = Deno.env.get("RECORD_RESPONSES");

interface Recorded {
  method: string;
  path: string;
  status: number;
  contentType: string;
  requestId: string | null;
  body: unknown;
}

Deno.test({
  name: "contract: recorded responses of the integration suite match their declared status and schema",
  ignore: !GATEWAY_URL || !FILE,
  fn: async () => {
    const doc = await liveDocument();
    const validate = validatorFor(doc);
    const records: Recorded[] = (await Deno.readTextFile(FILE!)).split("\n").filter(Boolean)
      .map((l) => JSON.parse(l));
    const failures = new Map<string, string>();
    const checked = new Set<string>();
    let validated = 0;
    for (const r of records) {
      const template = templateFor(doc, r.path);
      const op = template && doc.paths[template][r.method];
      if (!op) continue; // a deliberately unknown route (404 ROUTE_NOT_FOUND) or method: not an operation
      const key = `${r.method.toUpperCase()} ${template} → ${r.status}`;
      checked.add(`${r.method.toUpperCase()} ${template}`);
      const declared = op.responses[String(r.status)] ?? op.responses.default;
      if (!declared) {
        failures.set(key, `status ${r.status} not declared (request ${r.requestId})`);
        continue;
      }
      const response = deref(doc, declared);
      const mediaType = r.contentType.split(";")[0].trim();
      if (!response.content?.[mediaType]) {
        failures.set(key, `content type ${mediaType} not declared`);
        continue;
      }
      const v = validate(
        pointer("paths", template, r.method, "responses", String(r.status)) +
          "/" + pointer("content", mediaType, "schema"),
      );
      if (!v(r.body)) {
        failures.set(
          key,
          `${JSON.stringify(v.errors?.slice(0, 3))} body ${JSON.stringify(r.body).slice(0, 300)}`,
        );
      }
      validated++;
    }
    console.log(
      `${records.length} responses recorded, ${validated} validated, ${checked.size} operations covered`,
    );
    assert.ok(validated > 100, "the integration suite recorded its responses");
    const report = [...failures].map(([k, v]) => `${k}: ${v}`).join("\n");
    assert.equal(failures.size, 0, report);
  },
});
