// Shared by the monitoring tests: the processes Prometheus scrapes, a Prometheus config pointed at
// the running test stack, and every dashboard panel's queries.
import { DASHBOARDS } from "./dashboards/build.ts";

const ROOT = new URL("../", import.meta.url).pathname;
export const PROM = `${ROOT}monitoring/prometheus`;
export const PROCESSES = ["gateway", "user", "inventory", "order", "worker"];

export interface PanelQuery {
  dashboard: string;
  panel: string;
  expr: string;
}

export function panelQueries(): PanelQuery[] {
  return DASHBOARDS.flatMap((build) => {
    const d = build();
    return (d.panels ?? []).flatMap((p) => {
      const panel = p as { title?: string; targets?: { expr?: string }[] };
      return (panel.targets ?? []).map((t) => ({ dashboard: d.title!, panel: panel.title!, expr: t.expr! }));
    });
  });
}

/** A Prometheus config of `interval` scraping the test stack's processes (URLs from the environment). */
export async function stackConfig(dir: string, interval: string) {
  await Deno.mkdir(`${dir}/rules`, { recursive: true });
  await Deno.mkdir(`${dir}/targets`, { recursive: true });
  const cfg = (await Deno.readTextFile(`${PROM}/prometheus.yml`)).replaceAll("15s", interval);
  await Deno.writeTextFile(`${dir}/prometheus.yml`, cfg);
  for (const f of ["recording.yml", "alerts.yml"]) {
    const text = (await Deno.readTextFile(`${PROM}/rules/${f}`)).replaceAll(
      "interval: 15s",
      `interval: ${interval}`,
    );
    await Deno.writeTextFile(`${dir}/rules/${f}`, text);
  }
  const targets = PROCESSES.map((job) => {
    const url = new URL(Deno.env.get(`${job.toUpperCase()}_URL`)!);
    return { targets: [url.host], labels: { job } };
  });
  await Deno.writeTextFile(`${dir}/targets/local.json`, JSON.stringify(targets));
  return `${dir}/prometheus.yml`;
}
