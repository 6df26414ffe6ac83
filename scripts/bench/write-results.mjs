// Reads the autocannon JSON results of bench-gateway.sh and writes the "## Gateway" section of
// docs/benchmarks.md (other sections are kept). Args: RESULTS_DIR DOC_PATH COMMAND ENV_DESCRIPTION
import fs from "node:fs";

const [dir, doc, command, envText, RATE = "1000", ROUNDS = "1"] = process.argv.slice(2);
const read = (name) => JSON.parse(fs.readFileSync(`${dir}/${name}.json`, "utf8"));
const names = ["direct", "bare", "gateway", "gateway-exact"];
// Measured after the gateways' Redis was stopped (bench-gateway.sh), same rounds.
const downNames = ["gateway-down", "gateway-exact-down"];
const rounds = Array.from({ length: Number(ROUNDS) }, (_, i) => i + 1);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
// Per target: the median over rounds of every reported number.
const summarise = (kind, n) => {
  const rs = rounds.map((i) => read(`${n}-${kind}-${i}`));
  const m = (f) => median(rs.map(f));
  return {
    requests: { average: m((r) => r.requests.average) },
    latency: Object.fromEntries(["p50", "p90", "p99", "max"].map((p) => [p, m((r) => r.latency[p])])),
    non2xx: rs.reduce((a, r) => a + r.non2xx, 0),
    errors: rs.reduce((a, r) => a + r.errors, 0),
    timeouts: rs.reduce((a, r) => a + r.timeouts, 0),
    each: rs,
  };
};
const fixed = Object.fromEntries([...names, ...downNames].map((n) => [n, summarise("fixed", n)]));
const max = Object.fromEntries([...names, ...downNames].map((n) => [n, summarise("max", n)]));
const LABEL = {
  direct: "direct (service stand-in)",
  bare: "bare Hono fetch proxy",
  gateway: "gateway, every feature on (RATE_LIMIT_MODE=local)",
  "gateway-exact": "gateway, every feature on (RATE_LIMIT_MODE=redis)",
  "gateway-down": "gateway (RATE_LIMIT_MODE=local), its Redis stopped",
  "gateway-exact-down": "gateway (RATE_LIMIT_MODE=redis), its Redis stopped",
};
const f = (n, d = 2) => Number(n).toFixed(d);
const row = (label, r) =>
  `| ${label} | ${f(r.requests.average, 0)} | ${f(r.latency.p50)} | ${f(r.latency.p90)} | ${
    f(r.latency.p99)
  } | ${f(r.latency.max)} | ${r.non2xx} | ${r.errors + r.timeouts} |`;
// Ratios and added latencies are taken within each round (same moment), then the median over rounds.
const added = (n, p) =>
  median(rounds.map((_, i) => fixed[n].each[i].latency[p] - fixed.direct.each[i].latency[p]));
const ratio = (a, b) =>
  median(rounds.map((_, i) => max[a].each[i].requests.average / max[b].each[i].requests.average));
const perRound = (a, b) =>
  rounds.map((_, i) => f((100 * max[a].each[i].requests.average) / max[b].each[i].requests.average, 0)).join(
    " / ",
  );
const pct = (x) => `${f(x * 100, 0)} %`;
const verdict = (ok) => (ok ? "met" : "**not met**");
const open = read("open-circuit");
// CPU µs per answered request of `proc` during the `run` runs, median over rounds.
const cpu = (run, proc) =>
  median(rounds.map((i) => Number(fs.readFileSync(`${dir}/cpu-${run}-${i}-${proc}.txt`, "utf8"))));

// Redis down: every answer still a 2xx, and CPU per request at max throughput within 20 % of Redis up.
const failures = (n) => fixed[n].non2xx + fixed[n].errors + fixed[n].timeouts + max[n].non2xx + max[n].errors;
const downCost = (mode) => {
  const up = mode === "local" ? "gateway" : "gateway-exact";
  const down = `${up}-down`;
  const [cpuDown, cpuUp, failed] = [cpu(`${down}-max`, up), cpu(`${up}-max`, up), failures(down)];
  return {
    text:
      `${mode} mode: ${failed} answers not 2xx; CPU per request at max ${cpuDown} µs (${cpuUp} with Redis); ` +
      `max throughput ${f(max[down].requests.average, 0)} req/s (${
        f(max[up].requests.average, 0)
      } with Redis)`,
    ok: failed === 0 && cpuDown <= 1.2 * cpuUp,
  };
};
const downLocal = downCost("local"), downExact = downCost("redis");

const section = `## Gateway

Authenticated \`GET /balance\` (JWT verified + revocation looked up in Redis by the service stand-in)
called directly, through a bare Hono \`fetch\` proxy (\`scripts/bench/bare-proxy.ts\`: no checks at all)
and through the gateway (\`GET /api/v1/balance\`: request id, access log, RED metrics, security headers,
CORS, client IP, body limit, JWT verify, revocation check, RBAC, rate limit per IP and per user, circuit
breaker, timeout, keep-alive HTTP/1.1 proxy), the gateway once in each \`RATE_LIMIT_MODE\`, then both again
after their Redis was stopped. All in the same run, same tool, rounds interleaved (the tables show medians
over rounds); loopback only; every run is bounded.

- Command: \`${command}\`
- Environment: ${envText}
- Date: ${new Date().toISOString()}

| Run | req/s (avg) | p50 ms | p90 ms | p99 ms | max ms | non-2xx | errors |
|---|---|---|---|---|---|---|---|
${[...names, ...downNames].map((n) => row(`${LABEL[n]}, fixed ${RATE} req/s`, fixed[n])).join("\n")}
${[...names, ...downNames].map((n) => row(`${LABEL[n]}, max throughput`, max[n])).join("\n")}

| Goal | Result | |
|---|---|---|
| max throughput, every feature on, ≥ 90 % of the bare proxy (each round: ${
  perRound("gateway", "bare")
} %) | ${pct(ratio("gateway", "bare"))} | ${verdict(ratio("gateway", "bare") >= 0.9)} |
| max throughput, every feature on, ≥ 60 % of direct (each round: ${perRound("gateway", "direct")} %) | ${
  pct(ratio("gateway", "direct"))
} | ${verdict(ratio("gateway", "direct") >= 0.6)} |
| added latency at ${RATE} req/s over direct, p50 ≤ 0.5 ms | ${f(added("gateway", "p50"))} ms | ${
  verdict(added("gateway", "p50") <= 0.5)
} |
| added latency at ${RATE} req/s over direct, p99 ≤ 2 ms | ${f(added("gateway", "p99"))} ms | ${
  verdict(added("gateway", "p99") <= 2)
} |
| (for comparison) exact Redis mode: % of bare proxy / of direct; added p50 / p99 | ${
  pct(ratio("gateway-exact", "bare"))
} / ${pct(ratio("gateway-exact", "direct"))}; ${f(added("gateway-exact", "p50"))} / ${
  f(added("gateway-exact", "p99"))
} ms | |
| (for comparison) bare proxy: % of direct; added p50 / p99 | ${pct(ratio("bare", "direct"))}; ${
  f(added("bare", "p50"))
} / ${f(added("bare", "p99"))} ms | |
| Redis down: requests keep flowing at the same cost (every answer 2xx; CPU per request within 20 %) | ${downLocal.text}; ${downExact.text} | ${
  verdict(downLocal.ok && downExact.ok)
} |
| upstream killed: 503 problem JSON, < 100 ms while the breaker is open | ${open.before_open} × 503 \`SERVICE_UNAVAILABLE\` before opening, then ${open.open} × 503 \`CIRCUIT_OPEN\`: p50 ${
  f(open.p50)
} ms, p99 ${f(open.p99)} ms, max ${f(open.max)} ms | ${
  verdict(open.open > 0 && open.max < 100 && open.other === 0)
} |

CPU per answered request (user + sys from /proc, median over rounds), at ${RATE} req/s / at max throughput:
service stand-in ${cpu("direct-fixed", "stub")} / ${cpu("direct-max", "stub")} µs direct; bare proxy ${
  cpu("bare-fixed", "bare")
} / ${cpu("bare-max", "bare")} µs; gateway ${cpu("gateway-fixed", "gateway")} / ${
  cpu("gateway-max", "gateway")
} µs (local mode), ${cpu("gateway-exact-fixed", "gateway-exact")} / ${
  cpu("gateway-exact-max", "gateway-exact")
} µs (redis mode). On a 2-core machine shared with the load generator, max throughput through a proxy is
bounded by (proxy + service) CPU per request, so the ratios follow these numbers when the machine is
otherwise idle; other work on the machine lowers every max-throughput number, unevenly.

Fixed-rate latencies come from \`scripts/bench/fixed-rate.ts\` (requests sent on schedule whether or not
earlier ones answered, each timed with \`performance.now()\` from send to last body byte: microsecond
resolution, the same client for all four targets); max-throughput rows from autocannon's histogram
(whole milliseconds). The load generator, the proxies, the stand-in service and Redis share the same
cores, which lowers every max-throughput number.
`;

// The previous run's goal rows are kept under the new ones: on a shared machine one run is one sample.
function previousRun(old) {
  const date = /^- Date: (.*)$/m.exec(old)?.[1];
  const rows = old.split("\n").filter((l) => /^\| (max throughput|added latency|Redis down)/.test(l));
  if (!date || rows.length === 0) return "";
  return `\n### Previous run (${date}, same command)\n\n| Goal | Result | |\n|---|---|---|\n${
    rows.join("\n")
  }\n`;
}

let text = fs.existsSync(doc) ? fs.readFileSync(doc, "utf8") : "# Benchmarks\n";
const start = text.search(/^## Gateway\s*$/m);
if (start >= 0) {
  const rest = text.slice(start + 1);
  const next = rest.search(/^## /m);
  const old = next >= 0 ? rest.slice(0, next) : rest;
  const current = old.split(/^### Previous run/m)[0];
  text = text.slice(0, start) + section + previousRun(current) + (next >= 0 ? "\n" + rest.slice(next) : "");
} else {
  text = text.trimEnd() + "\n\n" + section;
}
fs.writeFileSync(doc, text);
console.log(section);
