// Dashboard bundle size and landing-page first load, written to the "## Dashboard" section of
// docs/benchmarks.md (other sections are kept). Run by scripts/bench-dashboard.sh, which starts a
// throwaway stack; FRONTEND_URL points at its dashboard. Loopback only, bounded run count.
import { chromium } from "@playwright/test";
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const here = dirname(fileURLToPath(import.meta.url));
const dist = resolve(here, "../dist");
const doc = resolve(here, "../../docs/benchmarks.md");
const base = process.env.FRONTEND_URL;
const runs = Number(process.env.BENCH_RUNS ?? 7);
const command = process.env.BENCH_COMMAND ?? "./scripts/bench-dashboard.sh";
const envText = process.env.BENCH_ENV ?? "";
if (!base) throw new Error("FRONTEND_URL is required");

// --- bundle ------------------------------------------------------------------------------------
const kb = (n) => (n / 1024).toFixed(1);
const size = (rel) => {
  const buf = readFileSync(join(dist, rel));
  return { raw: buf.length, gzip: gzipSync(buf).length };
};
const html = readFileSync(join(dist, "index.html"), "utf8");
const initial = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
const initialSizes = initial.map((f) => ({ f, ...size(f) }));
const all = readdirSync(join(dist, "assets")).filter((f) => /\.(js|css)$/.test(f)).map((f) => ({ f: `assets/${f}`, ...size(`assets/${f}`) }));
const sum = (xs, k) => xs.reduce((s, x) => s + x[k], 0);
const largestLazy = all.filter((x) => !initial.includes(x.f)).sort((a, b) => b.raw - a.raw)[0];

// --- first load ----------------------------------------------------------------------------------
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const samples = [];
try {
  for (let i = 0; i < runs + 1; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } }); // cold: empty cache
    const page = await context.newPage();
    await page.goto(base + "/", { waitUntil: "commit" });
    // The signal: the market summary tiles (data from the API) are on screen.
    await page.getByRole("list", { name: "Top assets by market cap" }).getByRole("listitem").first().waitFor();
    const m = await page.evaluate(() => {
      const nav = performance.getEntriesByType("navigation")[0];
      const fcp = performance.getEntriesByName("first-contentful-paint")[0];
      const res = performance.getEntriesByType("resource");
      return {
        ttfb: nav.responseStart,
        dcl: nav.domContentLoadedEventEnd,
        fcp: fcp ? fcp.startTime : NaN,
        summary: performance.now(),
        bytes: nav.transferSize + res.reduce((s, r) => s + (r.transferSize || 0), 0),
        requests: 1 + res.length,
      };
    });
    await page.waitForLoadState("load");
    m.load = await page.evaluate(() => performance.getEntriesByType("navigation")[0].loadEventEnd);
    if (i > 0) samples.push(m); // the first run warms the server (JIT, file cache), not the browser
    await context.close();
  }
} finally {
  await browser.close();
}
const median = (k) => {
  const v = samples.map((s) => s[k]).sort((a, b) => a - b);
  return v[Math.floor(v.length / 2)];
};
const max = (k) => Math.max(...samples.map((s) => s[k]));
const ms = (v) => v.toFixed(0);

const section = `## Dashboard

Production build of \`frontend/\` (Vite) as served by \`frontend/server.ts\` (gzip), and the landing
page's first load in Debian's Chromium (headless, cold cache each run, 1280×800, loopback, no CPU or
network throttling) against a throwaway local stack.

- Command: \`${command}\`
- Environment: ${envText}
- Date: ${new Date().toISOString()}

| Bundle | files | raw KiB | gzip KiB |
|---|---|---|---|
| landing page (index.html's entry JS + CSS) | ${initialSizes.length} | ${kb(sum(initialSizes, "raw"))} | ${kb(sum(initialSizes, "gzip"))} |
| largest lazy chunk (\`${largestLazy?.f.replace(/-[\w-]+\.js$/, ".js").replace("assets/", "")}\`, asset page only) | 1 | ${kb(largestLazy?.raw ?? 0)} | ${kb(largestLazy?.gzip ?? 0)} |
| every JS + CSS file of the build | ${all.length} | ${kb(sum(all, "raw"))} | ${kb(sum(all, "gzip"))} |

| Landing page, first load (${samples.length} cold runs after 1 warm-up) | median | max |
|---|---|---|
| time to first byte, ms | ${ms(median("ttfb"))} | ${ms(max("ttfb"))} |
| first contentful paint, ms | ${ms(median("fcp"))} | ${ms(max("fcp"))} |
| DOMContentLoaded, ms | ${ms(median("dcl"))} | ${ms(max("dcl"))} |
| load event, ms | ${ms(median("load"))} | ${ms(max("load"))} |
| market summary on screen (API data rendered), ms | ${ms(median("summary"))} | ${ms(max("summary"))} |
| bytes transferred (HTML, JS, CSS, API) | ${kb(median("bytes"))} KiB | |
| requests | ${median("requests")} | |

The entry bundle is React 19 + react-dom, react-router, TanStack Query, big.js and the public pages;
logged-in pages and lightweight-charts are split into chunks loaded on demand. These are loopback
numbers on a shared 2-core machine: they show what the app itself costs, not network latency.
`;

let text = readFileSync(doc, "utf8");
const start = text.indexOf("## Dashboard");
if (start >= 0) {
  const next = text.indexOf("\n## ", start + 1);
  text = text.slice(0, start) + section + (next >= 0 ? text.slice(next + 1) : "");
} else {
  text = text.replace(/\n*$/, "\n\n") + section;
}
writeFileSync(doc, text);
console.log(section);
