// Regenerate client/openapi.ts from a running gateway's /openapi.json:
//   deno run --allow-net --allow-read --allow-write --allow-env scripts/generate-client.ts [gateway-url]
// (default $GATEWAY_URL, else http://127.0.0.1:8080 — the stack of ./scripts/deploy.sh).
// `UPDATE_CLIENT=1 ./scripts/test.sh` does the same against the test stack.
import { GENERATED_FILE, generateTypes } from "../client/generate.ts";

const base = Deno.args[0] ?? Deno.env.get("GATEWAY_URL") ?? "http://127.0.0.1:8080";
const res = await fetch(`${base}/openapi.json`);
if (!res.ok) {
  console.error(
    `GET ${base}/openapi.json answered ${res.status}; is the stack running (./scripts/deploy.sh)?`,
  );
  Deno.exit(1);
}
await Deno.writeTextFile(GENERATED_FILE, await generateTypes(await res.json()));
console.log(`wrote ${GENERATED_FILE.pathname}`);
