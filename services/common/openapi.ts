// Small OpenAPI building blocks every service's route files share.
import { z } from "@hono/zod-openapi";

/** Documents an error status: the body is RFC 9457 problem JSON (services/common/errors.ts). */
export const ProblemRef = { description: "Problem details (RFC 9457)" };

/** Routes that need `Authorization: Bearer <jwt>` (scheme registered by createService). */
export const bearerSecurity = [{ bearerAuth: [] }];

/** The optional Idempotency-Key header of the POSTs that move money. */
export const idempotencyHeaders = z.object({
  "idempotency-key": z.string().optional().openapi({
    description: "Replays the first answer for 48 h; same key with another body → 422; in flight → 409",
  }),
});
