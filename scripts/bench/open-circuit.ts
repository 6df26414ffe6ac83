// With the upstream dead: send N sequential requests through the gateway and report how many 503s
// came before the breaker opened and the latency of the open-circuit answers (ms). Prints JSON.
// Usage: deno run --allow-net open-circuit.ts <url> <token> <count>
const [url, token, countText] = Deno.args;
const count = Math.min(Number(countText) || 500, 5000);
let beforeOpen = 0, other = 0;
const openMs: number[] = [];
for (let i = 0; i < count; i++) {
  const t0 = performance.now();
  const r = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
  const body = await r.json().catch(() => ({}));
  const ms = performance.now() - t0;
  if (r.status === 503 && body.code === "CIRCUIT_OPEN") openMs.push(ms);
  else if (r.status === 503 && openMs.length === 0) beforeOpen++;
  else other++;
}
openMs.sort((a, b) => a - b);
const pct = (p: number) =>
  openMs.length ? openMs[Math.min(openMs.length - 1, Math.floor(p * openMs.length))] : NaN;
console.log(JSON.stringify({
  before_open: beforeOpen,
  open: openMs.length,
  other,
  p50: pct(0.5),
  p99: pct(0.99),
  max: openMs.at(-1) ?? NaN,
}));
