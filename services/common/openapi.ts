// Small OpenAPI building blocks every service's route files share.

/** Documents an error status: the body is RFC 9457 problem JSON (services/common/errors.ts). */
export const ProblemRef = { description: "Problem details (RFC 9457)" };

/** Routes that need `Authorization: Bearer <jwt>` (scheme registered by createService). */
export const bearerSecurity = [{ bearerAuth: [] }];
