// Fixed-rate latency client with microsecond resolution (autocannon's histogram rounds to whole ms, so
// "+0.5 ms over direct" was not decidable). Request i is due at start + i / rate; requests due by now
// are sent together each timer tick (~1 ms), whether or not earlier ones have answered, on a bounded
// pool of keep-alive connections (Deno's fetch). Latency is measured per request with performance.now()
// from the moment it is sent until its body is read. Prints an autocannon-shaped JSON summary
// (requests.total/average, latency p50/p90/p99/max in ms, non2xx, errors, timeouts) so
// write-results.mjs reads both tools alike.
// Usage: deno run --allow-net fixed-rate.ts <url> <token> <rate> <seconds>
const [url, token, rateText, secondsText] = Deno.args;
const rate = Number(rateText), seconds = Number(secondsText);
if (!url || !(rate > 0) || !(seconds > 0)) {
  console.error("usage: fixed-rate.ts <url> <token> <rate> <seconds>");
  Deno.exit(2);
}
const TIMEOUT_MS = 10_000;
const MAX_IN_FLIGHT = 256; // a stalled target is reported as errors, not queued without bound
const count = Math.round(rate * seconds);
const latencies = new Float64Array(count);
let answered = 0, non2xx = 0, errors = 0, timeouts = 0, inFlight = 0;
const headers = { authorization: `Bearer ${token}` };

async function one(): Promise<void> {
  inFlight++;
  const sent = performance.now();
  try {
    const res = await fetch(url, { headers, signal: AbortSignal.timeout(TIMEOUT_MS) });
    await res.arrayBuffer();
    latencies[answered++] = performance.now() - sent;
    if (res.status < 200 || res.status > 299) non2xx++;
  } catch (err) {
    if ((err as Error).name === "TimeoutError") timeouts++;
    else errors++;
  } finally {
    inFlight--;
  }
}

const pending: Promise<void>[] = [];
const start = performance.now();
let sent = 0;
while (sent < count) {
  const due = Math.min(count, Math.floor(((performance.now() - start) * rate) / 1000) + 1);
  for (; sent < due; sent++) {
    if (inFlight >= MAX_IN_FLIGHT) errors++;
    else pending.push(one());
  }
  await new Promise((r) => setTimeout(r, 1));
}
await Promise.all(pending);
const elapsed = (performance.now() - start) / 1000;

const sorted = latencies.slice(0, answered).sort();
const at = (p: number) => (answered ? sorted[Math.min(answered - 1, Math.floor((p / 100) * answered))] : NaN);
const round3 = (x: number) => Math.round(x * 1000) / 1000;
console.log(JSON.stringify({
  tool: "fixed-rate.ts",
  requests: { total: answered, average: round3(answered / elapsed) },
  latency: {
    p50: round3(at(50)),
    p90: round3(at(90)),
    p99: round3(at(99)),
    max: round3(sorted[answered - 1]),
  },
  non2xx,
  errors,
  timeouts,
}));
