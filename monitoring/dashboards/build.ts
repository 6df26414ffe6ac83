// Builds every dashboard to monitoring/grafana/dashboards/<uid>.json (committed; a test fails when
// the committed JSON drifts from these sources). Run: npx deno run --allow-write monitoring/dashboards/build.ts
import type { Dashboard } from "@grafana/grafana-foundation-sdk/dashboard";
import { gateway } from "./gateway.ts";
import { overview } from "./overview.ts";
import { pipeline } from "./pipeline.ts";
import { runtime } from "./runtime.ts";
import { trading } from "./trading.ts";

export const DASHBOARDS: (() => Dashboard)[] = [overview, gateway, trading, pipeline, runtime];
export const OUT_DIR = new URL("../grafana/dashboards/", import.meta.url);

export const render = (d: Dashboard) => JSON.stringify(d, null, 2) + "\n";

if (import.meta.main) {
  for (const build of DASHBOARDS) {
    const d = build();
    await Deno.writeTextFile(new URL(`${d.uid}.json`, OUT_DIR), render(d));
    console.log(`wrote ${d.uid}.json`);
  }
}
