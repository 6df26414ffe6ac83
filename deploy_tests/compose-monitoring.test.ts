// compose's Prometheus and Grafana use the repo's monitoring/ files: every process is a scrape
// target at its compose host and port, and Grafana gets the provisioning and dashboards at the
// paths those files expect.
import assert from "node:assert/strict";
import { parse as parseYaml } from "yaml";
import { processes, readCompose, ROOT } from "./lib.ts";

const compose = readCompose();
const mounts = (svc: string) =>
  Object.fromEntries(
    (compose.services[svc].volumes as string[]).map((v) => v.split(":")).map(([h, c]) => [c, h]),
  );

Deno.test("compose Prometheus: the repo's config and rules, a target per process", async () => {
  const m = mounts("prometheus");
  assert.equal(m["/etc/prometheus/prometheus.yml"], "./monitoring/prometheus/prometheus.yml");
  assert.equal(m["/etc/prometheus/rules"], "./monitoring/prometheus/rules");
  const config = parseYaml(await Deno.readTextFile(`${ROOT}/monitoring/prometheus/prometheus.yml`));
  const globs = config.scrape_configs.flatMap((s: { file_sd_configs?: { files: string[] }[] }) =>
    (s.file_sd_configs ?? []).flatMap((f) => f.files)
  );
  const targetsPath = Object.keys(m).find((c) => c.startsWith("/etc/prometheus/targets/"));
  assert(targetsPath && globs.includes("targets/*.json"), "the targets file is where file_sd looks");
  for (const host of Object.values(m).filter((h) => h.startsWith("./"))) {
    await Deno.stat(`${ROOT}/${host}`); // every mounted file exists
  }
  const targets = JSON.parse(await Deno.readTextFile(`${ROOT}/${m[targetsPath].slice(2)}`));
  const expected = (await processes()).map((p) => ({
    targets: [`${p.name}:${p.port}`],
    labels: { job: p.name },
  }));
  assert.deepEqual(targets, expected, "targets = SERVICES at their compose host:port");
});

Deno.test("compose Grafana: the repo's provisioning and dashboards where the provider looks, the Prometheus it queries", async () => {
  const m = mounts("grafana");
  assert.equal(m["/etc/grafana/provisioning"], "./monitoring/grafana/provisioning");
  const provider = parseYaml(
    await Deno.readTextFile(`${ROOT}/monitoring/grafana/provisioning/dashboards/dashboards.yml`),
  ).providers[0].options.path;
  assert.equal(m[provider], "./monitoring/grafana/dashboards");
  const dashboards = [...Deno.readDirSync(`${ROOT}/monitoring/grafana/dashboards`)].filter((e) =>
    e.name.endsWith(".json")
  );
  assert(dashboards.length > 0, "dashboards to provision");
  assert.equal(compose.services.grafana.environment.PROMETHEUS_URL, "http://prometheus:9090");
  assert.deepEqual(compose.services.prometheus.ports, ["127.0.0.1:9090:9090"]);
});
