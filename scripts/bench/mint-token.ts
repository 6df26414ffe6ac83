// Prints one access token for the benchmark user (same issuer/secret as the stub and the gateway).
import { baseConfigShape, loadConfig } from "../../services/common/config.ts";
import { createTokens } from "../../services/common/jwt.ts";

const { token } = await createTokens(loadConfig(baseConfigShape)).issue("bench_user", "customer");
console.log(token);
