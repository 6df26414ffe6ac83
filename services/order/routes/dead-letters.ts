// Admin routes over the event pipeline's dead-letter stream (docs/events.md): list what consumers
// gave up on (with the error and delivery count) and redrive one or all back onto their stream.
// Through the gateway: /api/v1/admin/events/... (admin role only, checked here too).
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AuthEnv } from "../../common/auth.ts";
import type { DeadLetters } from "../../common/dead-letters.ts";
import { rejected } from "../../common/domain-error.ts";
import { bearerSecurity as security, ProblemRef } from "../../common/openapi.ts";
import { requireRole } from "../../common/roles.ts";
import type { OrderDeps } from "../deps.ts";

const streamId = z.string().regex(/^\d{1,20}-\d{1,20}$/, "must be a stream entry id like 1732800000000-0");
const DeadLetterView = z.object({
  id: z.string(),
  stream: z.string(),
  message_id: z.string(),
  group: z.string(),
  error: z.string(),
  deliveries: z.number().int(),
  dead_at: z.string(),
  fields: z.record(z.string(), z.string()),
}).openapi("DeadLetter");
const Redriven = z.object({ redriven: z.number().int() });

// Long by design: this is the route list of its resource (three declarative routes + short handlers).
export function deadLetterRoutes(deps: Pick<OrderDeps, "auth">, dead: DeadLetters) {
  const app = new OpenAPIHono<AuthEnv>();
  const admin = requireRole("admin");

  app.openapi(
    createRoute({
      method: "get",
      path: "/admin/events/dead-letters",
      tags: ["admin"],
      summary: "Dead-lettered events, newest first (admin)",
      security,
      middleware: [deps.auth, admin],
      request: {
        query: z.object({
          limit: z.coerce.number().int().min(1).max(500).default(50),
          before: streamId.optional().openapi({ description: "next page: the last id of the previous one" }),
        }),
      },
      responses: {
        200: {
          content: {
            "application/json": {
              schema: z.object({ data: z.array(DeadLetterView), total_count: z.number().int() }),
            },
          },
          description: "A page of dead letters and how many there are",
        },
        401: ProblemRef,
        403: ProblemRef,
        422: ProblemRef,
      },
    }),
    async (c) => {
      const { limit, before } = c.req.valid("query");
      const page = await dead.list(limit, before);
      return c.json({ data: page.items, total_count: page.total }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/admin/events/dead-letters/{id}/redrive",
      tags: ["admin"],
      summary: "Put one dead letter back on the stream it came from (admin)",
      security,
      middleware: [deps.auth, admin],
      request: { params: z.object({ id: streamId }) },
      responses: {
        200: { content: { "application/json": { schema: Redriven } }, description: "Redriven" },
        401: ProblemRef,
        403: ProblemRef,
        404: ProblemRef,
        422: ProblemRef,
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      if (!(await dead.redrive(id))) throw rejected("DEAD_LETTER_NOT_FOUND", `Dead letter '${id}' not found`);
      return c.json({ redriven: 1 }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/admin/events/dead-letters/redrive",
      tags: ["admin"],
      summary: "Redrive every dead letter, oldest first (admin)",
      security,
      middleware: [deps.auth, admin],
      responses: {
        200: { content: { "application/json": { schema: Redriven } }, description: "How many were redriven" },
        401: ProblemRef,
        403: ProblemRef,
      },
    }),
    async (c) => c.json({ redriven: await dead.redriveAll() }, 200),
  );

  return app;
}
