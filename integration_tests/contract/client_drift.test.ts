// The committed typed client (client/openapi.ts) must be what the live document generates: a
// contract change without a regenerated client fails here, not in a user's browser.
// UPDATE_CLIENT=1 rewrites the file instead (then commit it).
import assert from "node:assert/strict";
import { GENERATED_FILE, generateTypes } from "../../client/generate.ts";
import { GATEWAY_URL } from "../helpers.ts";
import { liveDocument } from "./document.ts";

Deno.test({
  name: "client: client/openapi.ts is generated from the live OpenAPI document (no drift)",
  ignore: !GATEWAY_URL,
  fn: async () => {
    const generated = await generateTypes(await liveDocument());
    if (Deno.env.get("UPDATE_CLIENT") === "1") await Deno.writeTextFile(GENERATED_FILE, generated);
    const committed = await Deno.readTextFile(GENERATED_FILE);
    assert.ok(
      committed === generated,
      "client/openapi.ts is stale: run `UPDATE_CLIENT=1 ./scripts/test.sh` or " +
        "`deno run -A scripts/generate-client.ts <gateway-url>` and commit the result",
    );
  },
});
