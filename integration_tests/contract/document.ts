// The live public OpenAPI document and lookups into it, shared by the contract tests.
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
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

/** JSON pointer (URI-encoded) to a place in the document. */
export const pointer = (...parts: string[]) =>
  parts.map((p) => encodeURIComponent(p.replaceAll("~", "~0").replaceAll("/", "~1"))).join("/");

/** Ajv (JSON Schema 2020-12, the dialect of OpenAPI 3.1) validators for schemas at a pointer into `doc`. */
export function validatorFor(doc: Document) {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  (addFormats as unknown as (a: unknown) => void)(ajv);
  ajv.addFormat("password", true);
  ajv.addSchema({ ...doc, $id: "openapi.json" });
  const cache = new Map<string, ReturnType<typeof ajv.compile>>();
  return (ref: string) => {
    let v = cache.get(ref);
    if (!v) cache.set(ref, v = ajv.compile({ $ref: `openapi.json#/${ref}` }));
    return v;
  };
}
