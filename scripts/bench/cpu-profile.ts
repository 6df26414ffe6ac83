// CPU profile of a running Deno process started with --inspect=HOST:PORT, through the V8 inspector
// protocol: profiles for SECONDS, writes the .cpuprofile (Chrome DevTools can open it) and prints the
// functions with the most self time, and the share of time under a few gateway frames.
// Usage: deno run --allow-net --allow-write cpu-profile.ts <inspector host:port> <seconds> <out.cpuprofile>
const [inspector, secondsText, out] = Deno.args;
const [{ webSocketDebuggerUrl }] = await (await fetch(`http://${inspector}/json/list`)).json();
const ws = new WebSocket(webSocketDebuggerUrl);
await new Promise((r) => ws.addEventListener("open", r, { once: true }));
let id = 0;
const pending = new Map<number, (v: unknown) => void>();
ws.addEventListener("message", (e) => {
  const msg = JSON.parse(e.data);
  pending.get(msg.id)?.(msg.result);
  pending.delete(msg.id);
});
const send = (method: string, params = {}) =>
  new Promise<unknown>((r) => {
    pending.set(++id, r);
    ws.send(JSON.stringify({ id, method, params }));
  });

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount: number;
  children?: number[];
}
await send("Profiler.enable");
await send("Profiler.setSamplingInterval", { interval: 200 });
await send("Profiler.start");
await new Promise((r) => setTimeout(r, Number(secondsText) * 1000));
const { profile } = await send("Profiler.stop") as { profile: { nodes: Node[] } };
ws.close();
await Deno.writeTextFile(out, JSON.stringify(profile));

const total = profile.nodes.reduce((n, x) => n + x.hitCount, 0);
const self = new Map<string, number>();
for (const n of profile.nodes) {
  const f = n.callFrame;
  const name = `${f.functionName || "(anonymous)"} ${f.url.replace(/^.*\/(node_modules|wt\/[^/]+)\//, "")}:${
    f.lineNumber + 1
  }`;
  self.set(name, (self.get(name) ?? 0) + n.hitCount);
}
const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 40);
for (const [name, hits] of top) console.log(`${(100 * hits / total).toFixed(1).padStart(5)} %  ${name}`);
