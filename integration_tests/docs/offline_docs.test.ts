// /docs renders offline: headless Debian Chromium with every non-loopback request refused must
// still list the operations of the merged document. The screenshot stays as a test artifact
// (TEST_ARTIFACTS, default .run/test-artifacts/docs-offline.png).
import assert from "node:assert/strict";
import { GATEWAY_URL, needsInternals, ROOT } from "../helpers.ts";
import chromiumDefaults from "../../scripts/lib/chromium.json" with { type: "json" };

// Debian's Chromium and its flags, shared with the dashboard's Playwright config.
const CHROMIUM = Deno.env.get("CHROMIUM_PATH") ?? chromiumDefaults.executablePath;
const ARTIFACTS = Deno.env.get("TEST_ARTIFACTS") ?? `${ROOT}.run/test-artifacts`;
const LOOPBACK = /^(https?|wss?):\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//;

Deno.test({
  name: "docs: /docs lists the operations with the network cut off (screenshot kept)",
  // Playwright is loaded here, not at the top: its module probes the host, which run.sh's network-only
  // permissions refuse even when the test is skipped.
  ignore: needsInternals("launches a local Chromium (run.sh grants network access only)"),
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    // Generous upper bounds, not speed checks: a loaded 2-core machine can take long to start Chromium.
    const { chromium } = await import("playwright-core");
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      timeout: 180_000,
      args: chromiumDefaults.args,
    });
    try {
      const context = await browser.newContext({ viewport: { width: 1280, height: 2000 } });
      context.setDefaultTimeout(180_000);
      context.setDefaultNavigationTimeout(180_000);
      const blocked: string[] = [];
      // Offline: anything not on loopback is refused before it leaves the browser.
      await context.route("**/*", (route) => {
        const url = route.request().url();
        if (LOOPBACK.test(url) || url.startsWith("data:") || url.startsWith("blob:")) return route.continue();
        blocked.push(url);
        return route.abort("internetdisconnected");
      });
      const page = await context.newPage();
      const failed: string[] = [];
      page.on("requestfailed", (r) => failed.push(r.url()));
      // The gateway's Content-Security-Policy for /docs must allow everything the page needs.
      const cspViolations: string[] = [];
      page.on("console", (m) => /Content Security Policy/i.test(m.text()) && cspViolations.push(m.text()));
      await page.goto(`${GATEWAY_URL}/docs`, { waitUntil: "load" });
      // Swagger UI renders one .opblock per operation once /openapi.json is loaded.
      await page.locator(".opblock").first().waitFor({ state: "visible" });
      const operations = await page.locator(".opblock").count();
      const summaries = await page.locator(".opblock-summary-path").allInnerTexts();
      await Deno.mkdir(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: `${ARTIFACTS}/docs-offline.png`, fullPage: true });

      const doc = await (await fetch(`${GATEWAY_URL}/openapi.json`)).json();
      const expected = Object.values(doc.paths as Record<string, Record<string, unknown>>)
        .reduce((n, item) => n + Object.keys(item).filter((k) => k !== "parameters").length, 0);
      assert.equal(operations, expected, "every operation of /openapi.json is listed");
      assert.ok(summaries.some((p) => p.includes("/api/v1/orders")), summaries.join(", "));
      assert.ok(summaries.some((p) => p.includes("/api/v1/auth/login")));
      assert.deepEqual(failed.filter((u) => LOOPBACK.test(u)), [], "every local asset loaded");
      assert.deepEqual(cspViolations, [], "no CSP violation");
      // Whatever was refused (if anything) was not needed to render; record it for the reader.
      if (blocked.length) console.log(`refused non-loopback requests: ${blocked.join(", ")}`);
    } finally {
      await browser.close();
    }
  },
});
