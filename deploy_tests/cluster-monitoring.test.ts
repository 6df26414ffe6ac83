// Prometheus and Grafana in the cluster (kubernetes/monitoring, on kind) run the repo's monitoring/
// files: the rules and dashboards byte for byte, a scrape target per process pod labelled with the
// job name the rules and dashboards group by, and network policies that let the scrapes through.
import assert from "node:assert/strict";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { type K8sObject, need, processes, render, ROOT, sh } from "./lib.ts";

const MON = `${ROOT}/monitoring`;
const filesIn = (dir: string, ext: string) =>
  [...Deno.readDirSync(dir)].filter((e) => e.isFile && e.name.endsWith(ext)).map((e) => e.name).sort();
const configMap = (objs: K8sObject[], prefix: string) => {
  const cm = objs.find((o) => o.kind === "ConfigMap" && o.metadata.name.startsWith(`${prefix}-`));
  assert(cm, `ConfigMap ${prefix} in overlays/kind`);
  return cm.data as Record<string, string>;
};

Deno.test("cluster Prometheus and Grafana mount the repo's rules, dashboards and provisioning unchanged", async () => {
  const objs = await render("overlays/kind");
  const same = (data: Record<string, string>, dir: string, ext: string) => {
    assert.deepEqual(Object.keys(data).sort(), filesIn(dir, ext), `every ${dir} file is listed`);
    for (const f of Object.keys(data)) assert.equal(data[f], Deno.readTextFileSync(`${dir}/${f}`), f);
  };
  same(configMap(objs, "prometheus-rules"), `${MON}/prometheus/rules`, ".yml");
  same(configMap(objs, "grafana-dashboards"), `${MON}/grafana/dashboards`, ".json");
  same(configMap(objs, "grafana-datasources"), `${MON}/grafana/provisioning/datasources`, ".yml");
  same(configMap(objs, "grafana-dashboard-providers"), `${MON}/grafana/provisioning/dashboards`, ".yml");
  const grafana = need(objs, "Deployment", "grafana").spec.template.spec.containers[0];
  const mounts = Object.fromEntries(
    grafana.volumeMounts.map((m: K8sObject) => [m.mountPath, m.name]),
  );
  const provider = parseYaml(configMap(objs, "grafana-dashboard-providers")["dashboards.yml"]);
  assert.equal(
    mounts[provider.providers[0].options.path],
    "dashboards",
    "dashboards where the provider looks",
  );
  assert.equal(mounts["/etc/grafana/provisioning/datasources"], "datasources");
  const promUrl = grafana.env.find((e: K8sObject) => e.name === "PROMETHEUS_URL")?.value;
  const promSvc = need(objs, "Service", "prometheus");
  assert.equal(promUrl, `http://prometheus:${promSvc.spec.ports[0].port}`);
});

Deno.test("cluster Prometheus: the repo's rule files, one target per process pod, job = process name; promtool accepts it", async () => {
  const objs = await render("overlays/kind");
  const config = parseYaml(configMap(objs, "prometheus-config")["prometheus.yml"]);
  const repo = parseYaml(await Deno.readTextFile(`${MON}/prometheus/prometheus.yml`));
  const base = (files: string[]) => files.map((f) => f.split("/").pop()).sort();
  assert.deepEqual(base(config.rule_files), base(repo.rule_files), "same rule files as the repo's config");
  const prom = need(objs, "Deployment", "prometheus").spec.template.spec;
  const rulesMount = prom.containers[0].volumeMounts.find((m: K8sObject) => m.name === "rules").mountPath;
  for (const f of config.rule_files) assert(f.startsWith(`${rulesMount}/`), `${f} is in the rules mount`);
  const relabel = config.scrape_configs[0].relabel_configs as K8sObject[];
  const job = relabel.find((r) => r.target_label === "job");
  assert.deepEqual(job?.source_labels, ["__meta_kubernetes_pod_label_app_kubernetes_io_name"]);
  const policy = need(objs, "NetworkPolicy", "processes-from-prometheus");
  const ports = policy.spec.ingress[0].ports.map((p: K8sObject) => p.port);
  assert.deepEqual(policy.spec.ingress[0].from, [{
    podSelector: { matchLabels: { "app.kubernetes.io/name": "prometheus" } },
  }]);
  for (const p of await processes()) {
    const pod = need(objs, "Deployment", p.name).spec.template.metadata;
    assert.deepEqual(
      [pod.annotations["prometheus.io/scrape"], pod.annotations["prometheus.io/port"]],
      ["true", String(p.port)],
      `${p.name}: scraped at its port`,
    );
    assert.equal(pod.annotations["prometheus.io/path"], "/metrics", `${p.name}: /metrics`);
    assert.equal(pod.labels["app.kubernetes.io/name"], p.name, `${p.name}: job label source`);
    for (const [k, v] of Object.entries(policy.spec.podSelector.matchLabels)) {
      assert.equal(pod.labels[k], v, `${p.name}: selected by processes-from-prometheus`);
    }
    assert(ports.includes(p.port), `${p.name}: Prometheus may reach :${p.port}`);
  }
  // promtool with the rules where the config expects them (a temporary copy of the layout). Debian's
  // promtool is built without Kubernetes discovery, so the pod discovery is swapped for one static
  // target; everything else (rules, relabelling) is checked as the image's Prometheus would.
  const dir = await Deno.makeTempDir({ prefix: "op-cluster-prom-" });
  const rules = configMap(objs, "prometheus-rules");
  for (const [f, text] of Object.entries(rules)) await Deno.writeTextFile(`${dir}/${f}`, text);
  config.rule_files = config.rule_files.map((f: string) => f.replace(`${rulesMount}/`, `${dir}/`));
  assert.deepEqual(config.scrape_configs[0].kubernetes_sd_configs[0].role, "pod");
  delete config.scrape_configs[0].kubernetes_sd_configs;
  config.scrape_configs[0].static_configs = [{ targets: ["127.0.0.1:9"] }];
  await Deno.writeTextFile(`${dir}/prometheus.yml`, stringifyYaml(config));
  const check = await sh(["promtool", "check", "config", `${dir}/prometheus.yml`], { ok: false });
  await Deno.remove(dir, { recursive: true });
  assert.equal(check.code, 0, check.stdout + check.stderr);
});
