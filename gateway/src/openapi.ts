// /openapi.json of the gateway: the services' own OpenAPI documents merged under the public paths
// (`/api/v1` + upstream path, admin inventory paths moved under /admin/inventory). Fetched lazily and
// cached briefly so /docs always shows what is actually deployed; a missing service is simply absent.
import { API_PREFIX, isLocal, ROUTES, type ServiceName } from "../routes.ts";
import { LOCAL_OPENAPI } from "./local.ts";

type Doc = { paths?: Record<string, unknown>; components?: Record<string, Record<string, unknown>> };

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

export function mergeDocs(docs: Partial<Record<ServiceName, Doc>>, version = "1.0.0") {
  const paths: Record<string, unknown> = {};
  const components: Record<string, Record<string, unknown>> = {};
  for (const [service, doc] of Object.entries(docs) as [ServiceName, Doc][]) {
    for (const [p, item] of Object.entries(doc.paths ?? {})) {
      if (!INTERNAL.has(p)) paths[publicPath(service, p)] = item;
    }
    for (const [kind, entries] of Object.entries(doc.components ?? {})) {
      components[kind] = { ...entries, ...components[kind] };
    }
  }
  for (const r of ROUTES) {
    if (!isLocal(r)) continue;
    const path = API_PREFIX + r.path.replace(/:([A-Za-z_]+)/g, "{$1}");
    paths[path] = { ...(paths[path] as object), [r.method.toLowerCase()]: LOCAL_OPENAPI[r.local] };
  }
  return {
    openapi: "3.1.0",
    info: { title: "Order Processor API (through the gateway)", version },
    servers: [{ url: "/" }],
    paths,
    components,
  };
}

export function openApiSource(upstreams: Partial<Record<ServiceName, string>>, ttlMs = 30_000) {
  let cached: { at: number; doc: unknown } | undefined;
  return async function mergedOpenApi() {
    if (cached && Date.now() - cached.at < ttlMs) return cached.doc;
    const docs: Partial<Record<ServiceName, Doc>> = {};
    await Promise.all(
      Object.entries(upstreams).map(async ([name, base]) => {
        if (!base) return;
        try {
          const r = await fetch(`${base}/openapi.json`, { signal: AbortSignal.timeout(2000) });
          if (r.ok) docs[name as ServiceName] = await r.json();
          else await r.body?.cancel();
        } catch { /* not deployed or down: leave it out of the docs */ }
      }),
    );
    cached = { at: Date.now(), doc: mergeDocs(docs) };
    return cached.doc;
  };
}
