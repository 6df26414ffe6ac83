// Completes a generated OpenAPI document with what every route of a process has in common, so route
// files only declare what is particular to them: the X-Request-ID header on every response, the
// body errors of every operation that takes a JSON body (400/413/415, from the JSON parser and the
// body limit) and the 503 a DynamoDB/Redis outage turns into (services/common/errors.ts).
import { type ErrorStatus, HEADER_COMPONENTS, headerRef, problemResponseJson } from "./openapi-errors.ts";

export type Json = Record<string, unknown>;
export type Operation = Json & { responses?: Record<string, Json>; requestBody?: unknown };
export type Document = Json & {
  paths?: Record<string, Record<string, Operation>>;
  components?: Record<string, Record<string, unknown>>;
};

export const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

/** Every operation of a document with its path and method. */
export function* operations(doc: Document): Generator<[string, string, Operation]> {
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) if (item[method]) yield [path, method, item[method]];
  }
}

/** Codes already documented on a problem response (the keys of its examples). */
function documentedCodes(response: Json | undefined): string[] {
  const content = (response?.content ?? {}) as Record<string, { examples?: Record<string, unknown> }>;
  return Object.values(content).flatMap((m) => Object.keys(m.examples ?? {}));
}

/** Add codes (and headers) to an operation's error response, keeping what is there. */
export function addProblem(
  op: Operation,
  status: ErrorStatus,
  codes: readonly string[],
  headers: (keyof typeof HEADER_COMPONENTS)[] = [],
) {
  const responses = (op.responses ??= {});
  const existing = responses[String(status)];
  const merged = [...new Set([...documentedCodes(existing), ...codes])];
  const existingHeaders = Object.keys(
    (existing?.headers ?? {}) as Json,
  ) as (keyof typeof HEADER_COMPONENTS)[];
  const allHeaders = [...new Set([...existingHeaders, ...headers])].filter((h) => h !== "X-Request-ID");
  responses[String(status)] = problemResponseJson(status, merged, allHeaders);
}

/** Add a header reference to every response of an operation. */
export function addResponseHeader(op: Operation, name: keyof typeof HEADER_COMPONENTS) {
  for (const response of Object.values(op.responses ?? {})) {
    const headers = (response.headers ??= {}) as Json;
    headers[name] ??= headerRef(name);
  }
}

/** Register the shared header and parameter components (idempotent). */
export function addHeaderComponents(doc: Document) {
  const components = (doc.components ??= {});
  components.headers = { ...HEADER_COMPONENTS, ...components.headers };
  components.parameters = {
    ...components.parameters,
    "X-Request-ID": {
      name: "X-Request-ID",
      in: "header",
      required: false,
      description:
        "Your id for this request, echoed in the response and in logs; generated when absent or malformed",
      schema: { type: "string", pattern: "^[A-Za-z0-9._:-]{1,128}$" },
    },
  };
}

/** Document the optional X-Request-ID request header on an operation (once). */
export function addRequestIdParameter(op: Operation) {
  const params = (op.parameters ??= []) as Json[];
  const ref = "#/components/parameters/X-Request-ID";
  if (!params.some((p) => p.$ref === ref)) params.push({ $ref: ref });
}

export function completeServiceDocument<D extends Document>(doc: D): D {
  addHeaderComponents(doc);
  for (const [, , op] of operations(doc)) {
    if (op.requestBody) {
      addProblem(op, 400, ["MALFORMED_REQUEST"]);
      addProblem(op, 413, ["PAYLOAD_TOO_LARGE"]);
      addProblem(op, 415, ["UNSUPPORTED_MEDIA_TYPE"]);
    }
    addProblem(op, 503, ["DEPENDENCY_UNAVAILABLE"], ["Retry-After"]);
    addResponseHeader(op, "X-Request-ID");
    addRequestIdParameter(op);
  }
  return doc;
}
