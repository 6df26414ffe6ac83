// Operator commands that must never be reachable through the API.
// Usage: deno run -A scripts/admin.ts set-role <username> <customer|admin>
import { z } from "zod";
import { baseConfigShape, loadConfig, loadConfigOrExit } from "../services/common/config.ts";
import { createDocClient } from "../services/common/dynamo.ts";
import { type Role, ROLES } from "../services/common/jwt.ts";
import { setRole } from "../services/user/store/users.ts";

const [command, username, role] = Deno.args;
if (command !== "set-role" || !username || !ROLES.includes(role as Role)) {
  console.error("usage: admin.ts set-role <username> <customer|admin>");
  Deno.exit(2);
}
const { JWT_SECRET: _ignored, ...shape } = baseConfigShape;
const cfg = loadConfigOrExit("admin", () => loadConfig({ ...shape, JWT_SECRET: z.string().optional() }));
try {
  await setRole(createDocClient(cfg), cfg.TABLE_NAME, username.toLowerCase(), role as Role);
  console.log(`${username.toLowerCase()} is now ${role} (takes effect at the next login)`);
} catch (err) {
  console.error(
    (err as Error).name === "ConditionalCheckFailedException" ? `no such user: ${username}` : err,
  );
  Deno.exit(1);
}
