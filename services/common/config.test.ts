import assert from "node:assert/strict";
import { z } from "zod";
import { baseConfigShape, ConfigError, loadConfig } from "./config.ts";

const secret = "x".repeat(32);

Deno.test("config: defaults fill in and types are coerced", () => {
  const cfg = loadConfig({ ...baseConfigShape, PORT: z.coerce.number().default(8000) }, {
    JWT_SECRET: secret,
    PORT: "9001",
    JWT_EXPIRES_SECONDS: "120",
  });
  assert.equal(cfg.PORT, 9001);
  assert.equal(cfg.JWT_EXPIRES_SECONDS, 120);
  assert.equal(cfg.TABLE_NAME, "order-processor");
  assert.equal(cfg.REVOCATION_CHECK, true);
});

Deno.test("config: a bad or missing variable fails fast and is named", () => {
  assert.throws(
    () => loadConfig(baseConfigShape, { JWT_SECRET: "short", DYNAMODB_ENDPOINT: "not a url" }),
    (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.match(err.message, /JWT_SECRET: must be at least 32 characters/);
      assert.match(err.message, /DYNAMODB_ENDPOINT/);
      return true;
    },
  );
  assert.throws(() => loadConfig(baseConfigShape, {}), /JWT_SECRET/);
});

Deno.test("config: empty strings count as unset", () => {
  const cfg = loadConfig(baseConfigShape, { JWT_SECRET: secret, TABLE_NAME: "" });
  assert.equal(cfg.TABLE_NAME, "order-processor");
});
