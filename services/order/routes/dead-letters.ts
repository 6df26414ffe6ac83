// Admin routes over the event pipeline's dead-letter stream (docs/events.md): list what consumers
// gave up on (with the error and delivery count) and redrive one or all back onto their stream.
// Through the gateway: /api/v1/admin/events/... (admin role only, checked here too).
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AuthEnv } from "../../common/auth.ts";
import type { DeadLetters } from "../../common/dead-letters.ts";
import { rejected } from "../../common/domain-error.ts";
import { bearerSecurity as security } from "../../common/openapi.ts";
import { AUTH_CODES, problems } from "../../common/openapi-errors.ts";
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
const Redriven = z.object({ redriven: z.number().int() }).openapi("Redriven", { example: { redriven: 1 } });
const DEAD_LETTER_EXAMPLE = {
  id: "1732800000000-0",
  stream: "events:p3",
  message_id: "1732799990000-0",
  group: "notifications",
  error: "handler failed: feed unavailable",
  deliveries: 5,
  dead_at: "2026-11-28T12:00:00.000Z",
  fields: { event_id: "evt_0mx0v8t36f621340c05", type: "order.filled" },
};
const ADMIN_ERRORS = { 401: AUTH_CODES, 403: ["FORBIDDEN"] } as const;

// Long by design: this is the route list of its resource (three declarative routes + short handlers).
export function deadLetterRoutes(deps: Pick<OrderDeps, "auth">, dead: DeadLetters) {
  const app = new OpenAPIHono<AuthEnv>();
  const admin = requireRole("admin");

  app.openapi(
    createRoute({
      method: "get",
      path: "/admin/events/dead-letters",
      tags: ["admin"],
      operationId: "listDeadLetters",
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
              example: { data: [DEAD_LETTER_EXAMPLE], total_count: 1 },
            },
          },
          description: "A page of dead letters and how many there are",
        },
        ...problems({ ...ADMIN_ERRORS, 422: ["VALIDATION_ERROR"] }),
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
      operationId: "redriveDeadLetter",
      summary: "Put one dead letter back on the stream it came from (admin)",
      security,
      middleware: [deps.auth, admin],
      request: { params: z.object({ id: streamId }) },
      responses: {
        200: {
          content: { "application/json": { schema: Redriven, example: { redriven: 1 } } },
          description: "Redriven",
        },
        ...problems({ ...ADMIN_ERRORS, 404: ["DEAD_LETTER_NOT_FOUND"], 422: ["VALIDATION_ERROR"] }),
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
      operationId: "redriveAllDeadLetters",
      summary: "Redrive every dead letter, oldest first (admin)",
      security,
      middleware: [deps.auth, admin],
      responses: {
        200: {
          content: { "application/json": { schema: Redriven, example: { redriven: 3 } } },
          description: "How many were redriven",
        },
        ...problems(ADMIN_ERRORS),
      },
    }),
    async (c) => c.json({ redriven: await dead.redriveAll() }, 200),
  );

  return app;
}
