// Processes a test starts itself (beside the suite's shared stack from scripts/test.sh): a service or
// gateway entrypoint (services/common/testing.ts starts it), or a redis-server, on a loopback port
// chosen by the test. Each start waits for a readiness signal with a bounded number of attempts; each
// handle stops its own process only.
import { startDenoProcess, waitReady } from "../services/common/testing.ts";

export interface Proc {
  port: number;
  url: string;
  child: Deno.ChildProcess;
  /** SIGKILL and wait for the exit (a crash, not a shutdown). */
  kill(): Promise<void>;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Poll `probe` every 100 ms until it is true; false after `attempts` tries. */
export async function poll(probe: () => Promise<boolean>, attempts = 300): Promise<boolean> {
  for (let i = 0; i < attempts; i++) {
    try {
      if (await probe()) return true;
    } catch { /* not there yet */ }
    await pause(100);
  }
  return false;
}

function handle(port: number, url: string, child: Deno.ChildProcess): Proc {
  return {
    port,
    url,
    child,
    async kill() {
      try {
        child.kill("SIGKILL");
      } catch { /* already gone */ }
      await child.status;
    },
  };
}

/** Start `entry` (e.g. "services/user/main.ts") on `port`; resolves once /health/ready answers 200. */
export async function startEntrypoint(
  entry: string,
  port: number,
  env: Record<string, string> = {},
): Promise<Proc> {
  const p = handle(port, `http://127.0.0.1:${port}`, startDenoProcess(entry, { ...env, PORT: String(port) }));
  try {
    await waitReady(port, 300);
  } catch (err) {
    await p.kill();
    throw new Error(`${entry} did not become ready on :${port}`, { cause: err });
  }
  return p;
}

/** Start an in-memory redis-server on `port`; resolves once it answers PING. */
export async function startRedisServer(port: number): Promise<Proc> {
  const child = new Deno.Command("redis-server", {
    args: ["--bind", "127.0.0.1", "--port", String(port), "--save", "", "--appendonly", "no"],
    stdout: "null",
    stderr: "null",
  }).spawn();
  const p = handle(port, `redis://127.0.0.1:${port}`, child);
  const up = await poll(async () => {
    const conn = await Deno.connect({ hostname: "127.0.0.1", port });
    try {
      await conn.write(new TextEncoder().encode("PING\r\n"));
      const buf = new Uint8Array(16);
      const n = await conn.read(buf);
      return new TextDecoder().decode(buf.subarray(0, n ?? 0)).startsWith("+PONG");
    } finally {
      conn.close();
    }
  });
  if (!up) {
    await p.kill();
    throw new Error(`redis-server did not start on :${port}`);
  }
  return p;
}
