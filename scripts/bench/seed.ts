// Funded customers written straight into the stack's table, with tokens minted from its secret: the
// bench and load scripts set up many users fast without going through registration's bcrypt.
// Needs the stack env (DYNAMODB_ENDPOINT, TABLE_NAME, JWT_SECRET).
import { baseConfigShape, loadConfig } from "../../services/common/config.ts";
import { createDocClient } from "../../services/common/dynamo.ts";
import { createTokens } from "../../services/common/jwt.ts";
import { seedFundedUser } from "../../services/user/testing.ts";
import { env } from "./env.ts";

export function directSeeder() {
  const doc = createDocClient({ AWS_REGION: "us-east-1", DYNAMODB_ENDPOINT: env("DYNAMODB_ENDPOINT") });
  const tokens = createTokens(loadConfig(baseConfigShape));
  return {
    /** A new customer `<prefix>_<random>` holding `usd`; its name and access token. */
    async user(prefix: string, usd: string): Promise<{ name: string; token: string }> {
      const name = `${prefix}_${crypto.randomUUID().slice(0, 8)}`;
      await seedFundedUser(doc, env("TABLE_NAME"), name, usd);
      return { name, token: (await tokens.issue(name, "customer")).token };
    },
    close: () => doc.destroy(),
  };
}
