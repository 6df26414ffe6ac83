// The live public OpenAPI document and lookups into it, shared by the contract tests.
import { GATEWAY_URL } from "../helpers.ts";

export type Json = Record<string, unknown>;
export type Media = { schema?: Json; example?: unknown; examples?: Record<string, unknown> };
export type Response = {
  description?: string;
  headers?: Record<string, Json>;
  content?: Record<string, Media>;
};
export type Operation = Json & {
  operationId?: string;
  summary?: string;
  security?: Record<string, string[]>[];
  parameters?: Json[];
  requestBody?: { content?: Record<string, Media> };
  responses: Record<string, Response>;
};
export type Document = Json & {
  paths: Record<string, Record<string, Operation>>;
  components: Record<string, Record<string, Json>>;
};

export const METHODS = ["get", "put", "post", "delete", "patch"];

export async function liveDocument(): Promise<Document> {
  const r = await fetch(`${GATEWAY_URL}/openapi.json`);
  if (!r.ok) throw new Error(`GET /openapi.json: ${r.status}`);
  return await r.json();
}

export function* operationsOf(doc: Document): Generator<[string, string, Operation]> {
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const m of METHODS) if (item[m]) yield [path, m, item[m]];
  }
}

/** Follow a local `$ref` (`#/components/...`) once. */
export function deref<T>(doc: Document, value: T): T {
  const ref = (value as { $ref?: string })?.$ref;
  if (!ref?.startsWith("#/")) return value;
  return ref.slice(2).split("/").reduce<unknown>((o, k) => (o as Json)?.[k], doc) as T;
}

/** The documented path template that a concrete path matches (`/api/v1/orders/abc` → `/api/v1/orders/{order_id}`). */
export function templateFor(doc: Document, path: string): string | undefined {
  const exact = Object.keys(doc.paths).find((t) => t === path);
  if (exact) return exact;
  return Object.keys(doc.paths).find((t) => {
    if (!t.includes("{")) return false;
    const re = new RegExp("^" + t.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "[^/]+") + "$");
    return re.test(path);
  });
}
