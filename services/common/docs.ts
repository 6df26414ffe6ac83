// GET /docs on every process: Swagger UI for this process's /openapi.json, with its script and
// stylesheet served from the installed, pinned `swagger-ui-dist` package — never from a CDN, so the
// page renders on a machine without internet.
//
// Why Swagger UI and not Scalar: Scalar's Hono page loads its bundle from a CDN, and the only package
// holding that bundle (@scalar/api-reference) pulls ~190 packages / 311 MB into node_modules;
// swagger-ui-dist is one 12 MB package with a single prebuilt bundle.
import { Hono } from "hono";
import { swaggerUI } from "@hono/swagger-ui";
import { createRequire } from "node:module";

/** Path under which the UI's own files are served (the page asks for `<this>/swagger-ui-dist/<file>`). */
export const DOCS_ASSETS = "/docs/assets";

const FILES: Record<string, string> = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
  "favicon-32x32.png": "image/png",
};

const distDir = (() => {
  const pkg = createRequire(import.meta.url).resolve("swagger-ui-dist/package.json");
  return pkg.slice(0, -"package.json".length);
})();

const cache = new Map<string, Uint8Array>();

async function asset(name: string): Promise<Uint8Array> {
  let bytes = cache.get(name);
  if (!bytes) {
    bytes = await Deno.readFile(distDir + name);
    cache.set(name, bytes);
  }
  return bytes;
}

/** `/docs` (the page) and `/docs/assets/swagger-ui-dist/*` (its files) for a document at `openApiUrl`. */
export function docsRoutes(opts: { openApiUrl: string; title: string }) {
  const app = new Hono();
  app.get(
    "/docs",
    swaggerUI({
      url: opts.openApiUrl,
      title: opts.title,
      baseUrl: DOCS_ASSETS,
      // The default validator badge calls validator.swagger.io; "none" keeps the page offline.
      validatorUrl: "none",
      displayOperationId: true,
      persistAuthorization: true,
    }),
  );
  app.get(`${DOCS_ASSETS}/swagger-ui-dist/:file`, async (c) => {
    const name = c.req.param("file");
    const type = FILES[name];
    if (!type) return c.notFound();
    return c.body(await asset(name) as Uint8Array<ArrayBuffer>, 200, {
      "content-type": type,
      // Pinned in package-lock.json: a new version only arrives with a new deploy.
      "cache-control": "public, max-age=86400",
    });
  });
  return app;
}
