// Per-request values the gateway middlewares hand to each other.
import type { AccessClaims } from "../../services/common/jwt.ts";
import type { Route } from "../routes.ts";

export type GatewayEnv = {
  Variables: {
    requestId: string;
    clientIp: string;
    route: Route;
    identity?: AccessClaims;
    /** Headers every answer gets (src/edge.ts); the proxy puts them into its Response in one go. */
    responseHeaders: [string, string][];
    /** Set by the proxy once its Response carries `responseHeaders`. */
    headersApplied?: boolean;
    /** The request body, read whole by readBody (src/middleware/read-body.ts); absent when there is none. */
    body?: Uint8Array<ArrayBuffer>;
  };
};
