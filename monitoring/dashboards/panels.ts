// Small builders on top of Grafana's foundation SDK so each dashboard file reads as a list of
// panels: a title, a unit and PromQL queries. Every query goes to the provisioned Prometheus
// datasource (uid "prometheus", monitoring/grafana/provisioning/datasources).
import { type Dashboard, DashboardBuilder, RowBuilder } from "@grafana/grafana-foundation-sdk/dashboard";
import { DataqueryBuilder } from "@grafana/grafana-foundation-sdk/prometheus";
import { PanelBuilder as StatPanel } from "@grafana/grafana-foundation-sdk/stat";
import { PanelBuilder as TimeseriesPanel } from "@grafana/grafana-foundation-sdk/timeseries";

export const DATASOURCE = { type: "prometheus", uid: "prometheus" };

/** One PromQL query and its legend. */
export type Query = [expr: string, legend: string];

const targets = (queries: Query[]) =>
  queries.map(([expr, legend], i) =>
    new DataqueryBuilder().expr(expr).legendFormat(legend).refId(String.fromCharCode(65 + i))
  );

export function timeseries(title: string, unit: string, description: string, ...queries: Query[]) {
  const p = new TimeseriesPanel().title(title).description(description).unit(unit).datasource(DATASOURCE)
    .height(8).span(12);
  for (const t of targets(queries)) p.withTarget(t);
  return p;
}

export function stat(title: string, unit: string, description: string, ...queries: Query[]) {
  const p = new StatPanel().title(title).description(description).unit(unit).datasource(DATASOURCE)
    .height(4).span(6);
  for (const t of targets(queries)) p.withTarget(t);
  return p;
}

export type Panel = ReturnType<typeof timeseries> | ReturnType<typeof stat>;

/** A dashboard of rows of panels, tagged and linked to its siblings. */
export function dashboard(uid: string, title: string, rows: [string, Panel[]][]): Dashboard {
  const d = new DashboardBuilder(title).uid(uid).tags(["order-processor"]).refresh("30s")
    .time({ from: "now-1h", to: "now" }).timezone("browser");
  for (const [row, panels] of rows) {
    d.withRow(new RowBuilder(row));
    for (const p of panels) d.withPanel(p);
  }
  return d.build();
}

/** Every process's RED metric family: `<prefix>_requests_total` etc. (the upstream names). */
export const SERVICES_RE = "(gateway|user|inventory|order|worker)";
