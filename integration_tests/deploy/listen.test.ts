// Nothing reaches a service around the gateway: in the local stack (test.sh, deploy.sh) every
// service listens on loopback only, while the gateway — the public entry — listens on all
// interfaces. Read from the kernel's socket table (/proc/net/tcp), so no network is needed.
import assert from "node:assert/strict";
import { skipInBlackBox } from "../helpers.ts";

/** Listening IPv4 sockets: port → addresses (hex, as the kernel prints them). */
async function listeners(): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  for (const line of (await Deno.readTextFile("/proc/net/tcp")).split("\n").slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 4 || f[3] !== "0A") continue; // 0A = LISTEN
    const [addr, port] = f[1].split(":");
    const p = parseInt(port, 16);
    out.set(p, [...(out.get(p) ?? []), addr]);
  }
  return out;
}

const LOOPBACK = "0100007F"; // 127.0.0.1, little-endian hex
const ANY = "00000000";
const portOf = (name: string) => Number(new URL(Deno.env.get(`${name}_URL`)!).port);

Deno.test("local stack: services listen on loopback only; the gateway on all interfaces", {
  ignore: skipInBlackBox("reads the local listening sockets (/proc/net/tcp)"),
}, async () => {
  const table = await listeners();
  for (const name of ["USER", "INVENTORY", "ORDER", "WORKER"]) {
    assert.deepEqual(table.get(portOf(name)), [LOOPBACK], `${name} must listen on 127.0.0.1 only`);
  }
  assert.deepEqual(table.get(portOf("GATEWAY")), [ANY]);
});
