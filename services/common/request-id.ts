// Accept a well-formed X-Request-ID or generate one; expose it to handlers and return it to the caller.
import type { MiddlewareHandler } from "hono";

const VALID_ID = /^[A-Za-z0-9._:-]{1,128}$/;
export const REQUEST_ID_HEADER = "X-Request-ID";

export function requestId(): MiddlewareHandler {
  return async function requestIdMiddleware(c, next) {
    const incoming = c.req.header(REQUEST_ID_HEADER);
    const id = incoming && VALID_ID.test(incoming) ? incoming : crypto.randomUUID();
    c.set("requestId" as never, id as never);
    await next();
    // The gateway builds its proxied answers with the id already in (`headersApplied`): even reading
    // `c.res.headers` would make Deno drop the Response's native header map and build it again.
    if (c.get("headersApplied" as never)) return;
    if (c.res.headers.get(REQUEST_ID_HEADER) !== id) c.res.headers.set(REQUEST_ID_HEADER, id);
  };
}
