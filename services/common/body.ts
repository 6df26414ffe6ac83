// Some upstream routes demand a JSON body even when any object will do (POST /auth/logout):
// a request without one is a 422 naming `body`, as FastAPI answered.
import type { MiddlewareHandler } from "hono";
import { validationError } from "./errors.ts";

export function requireJsonBody(): MiddlewareHandler {
  return async function jsonBodyRequired(c, next) {
    const type = c.req.header("content-type") ?? "";
    const text = /json/i.test(type) ? await c.req.raw.clone().text() : "";
    if (!text.trim()) throw validationError([{ field: "body", message: "Field required" }]);
    await next();
  };
}
