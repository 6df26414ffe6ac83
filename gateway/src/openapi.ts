// /openapi.json of the gateway: the services' own OpenAPI documents merged under the public paths
// (`/api/v1` + upstream path, admin inventory paths moved under /admin/inventory) plus the operations the
// gateway answers itself (local routes), then completed from the route table (src/openapi-public.ts).
// Fetched lazily and cached briefly so /docs always shows what is actually deployed.
import { API_PREFIX, isLocal, ROUTES, type ServiceName } from "../routes.ts";
import { API_VERSION } from "./index-route.ts";
import { LOCAL_OPENAPI, LOCAL_SCHEMAS } from "./local.ts";
import { completePublicDocument } from "./openapi-public.ts";

type Doc = { paths?: Record<string, unknown>; components?: Record<string, Record<string, unknown>> };

// Fixed order, so the merged document (and the client generated from it) does not depend on which
// service answered first.
const ORDER: readonly ServiceName[] = ["user", "inventory", "order"];

const INTERNAL = new Set(["/health", "/health/ready", "/metrics", "/openapi.json", "/docs"]);

/** Public path for an upstream path, using the route table's rewrites in reverse. */
export function publicPath(service: ServiceName, path: string): string {
  for (const r of ROUTES) {
    if (!isLocal(r) && r.service === service && r.rewrite && path.startsWith(r.rewrite[1])) {
      return "/api/v1" + r.rewrite[0] + path.slice(r.rewrite[1].length);
    }
  }
  return "/api/v1" + path;
}

export function mergeDocs(docs: Partial<Record<ServiceName, Doc>>, version = API_VERSION) {
  const paths: Record<string, Record<string, Record<string, unknown>>> = {};
  const components: Record<string, Record<string, unknown>> = {};
  for (const service of ORDER) {
    const doc = docs[service];
    if (!doc) continue;
    for (const [p, item] of Object.entries(doc.paths ?? {})) {
      if (!INTERNAL.has(p)) paths[publicPath(service, p)] = item as Record<string, Record<string, unknown>>;
    }
    for (const [kind, entries] of Object.entries(doc.components ?? {})) {
      components[kind] = { ...entries, ...components[kind] };
    }
  }
  components.schemas = { ...components.schemas, ...LOCAL_SCHEMAS };
  for (const r of ROUTES) {
    if (!isLocal(r)) continue;
    const path = API_PREFIX + r.path.replace(/:([A-Za-z_]+)/g, "{$1}");
    paths[path] = { ...paths[path], [r.method.toLowerCase()]: structuredClone(LOCAL_OPENAPI[r.local]) };
  }
  return completePublicDocument({
    openapi: "3.1.0",
    info: {
      title: "Order Processor API (through the gateway)",
      version,
      description: "Register, fund an account, trade assets and follow your portfolio. " +
        "Errors are RFC 9457 problem JSON (`components/schemas/Problem`) with a stable `code`; every " +
        "response carries `X-Request-ID`, and rate-limited routes `RateLimit-*` headers.",
      license: { name: "MIT", identifier: "MIT" },
    },
    servers: [{ url: "/", description: "this gateway" }],
    paths,
    components,
  });
}

export function openApiSource(upstreams: Partial<Record<ServiceName, string>>, ttlMs = 30_000) {
  let cached: { at: number; doc: unknown } | undefined;
  return async function mergedOpenApi() {
    if (cached && Date.now() - cached.at < ttlMs) return cached.doc;
    const docs: Partial<Record<ServiceName, Doc>> = {};
    let complete = true;
    await Promise.all(
      Object.entries(upstreams).map(async ([name, base]) => {
        if (!base) return;
        try {
          // Patient: a slow answer on a loaded machine must not drop a service from the reference.
          const r = await fetch(`${base}/openapi.json`, { signal: AbortSignal.timeout(10_000) });
          if (r.ok) docs[name as ServiceName] = await r.json();
          else {
            complete = false;
            await r.body?.cancel();
          }
        } catch {
          complete = false; // down right now: leave it out of this answer
        }
      }),
    );
    const doc = mergeDocs(docs);
    // Only a document with every configured service is kept; a partial one is retried next time.
    cached = complete ? { at: Date.now(), doc } : undefined;
    return doc;
  };
}
