// The faults of the resilience suite, applied to the stack scripts/resilience.sh started in RUN_DIR:
// SIGKILL a process (its process group: setsid in start_bg) and start it again with the same
// scripts/lib/common.sh helper that started it (same port), or SIGSTOP/SIGCONT it (a stalled
// process that keeps its sockets open). DynamoDB Local is stopped with SIGTERM instead: SIGKILLed,
// it loses the last TransactWriteItems it had already answered 200 (scripts/resilience/
// ddb-kill-probe.ts, docs/resilience.md), which real DynamoDB never does — the suite checks OUR
// books against a store that keeps its acknowledged writes.
const RUN_DIR = Deno.env.get("RUN_DIR")!;
const ROOT = new URL("../../", import.meta.url).pathname;

export interface Fault {
  name: string;
  /** Which processes must be ready again before the fault counts as healed. */
  target: string;
  inject(): Promise<void>;
  heal(): Promise<void>;
  /** Connection refused is expected only when the gateway itself is down. */
  refusedExpected?: boolean;
}

const pidOf = async (name: string) => Number((await Deno.readTextFile(`${RUN_DIR}/${name}.pid`)).trim());

async function signal(name: string, sig: Deno.Signal): Promise<void> {
  const pid = await pidOf(name);
  try {
    Deno.kill(-pid, sig); // the whole group (java, deno and their children)
  } catch {
    Deno.kill(pid, sig);
  }
}

/** Send `sig`, then wait until the process is gone (bounded: 30 s, then the run fails). */
async function stop(name: string, sig: Deno.Signal): Promise<void> {
  const pid = await pidOf(name);
  await signal(name, sig);
  for (let i = 0; i < 600; i++) {
    try {
      Deno.kill(pid, "SIGCONT"); // probe only: throws once the pid is gone
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  // A survivor would keep the port: the "restart" would then find the old process answering.
  throw new Error(`${name} (pid ${pid}) still running 30 s after ${sig}`);
}

/** Run a scripts/lib/common.sh function (the environment of resilience.sh is inherited). */
async function lib(snippet: string): Promise<void> {
  const out = await new Deno.Command("bash", {
    args: ["-c", `source "${ROOT}scripts/lib/common.sh"; ${snippet}`],
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  if (!out.success) throw new Error(`restart failed: ${snippet}`);
}

const env = (k: string) => Deno.env.get(k)!;
const restart: Record<string, () => Promise<void>> = {
  redis: () => lib(`start_redis "${RUN_DIR}" ${env("REDIS_PORT")} ""`),
  dynamodb: () => lib(`start_dynamodb "${RUN_DIR}" ${env("DYNAMODB_PORT")} "${env("DYNAMODB_DATA")}"`),
};
for (
  const [name, entry] of Object.entries({
    user: "services/user/main.ts",
    inventory: "services/inventory/main.ts",
    order: "services/order/main.ts",
    worker: "services/order/worker.ts",
    gateway: "gateway/main.ts",
  })
) {
  const port = env(`${name.toUpperCase()}_PORT`);
  restart[name] = () => lib(`start_service "${RUN_DIR}" ${name} ${entry} ${port}`);
}

const killRestart = (name: string, label: string, sig: Deno.Signal = "SIGKILL"): Fault => ({
  name: label,
  target: name,
  inject: () => stop(name, sig),
  heal: () => restart[name](),
  refusedExpected: name === "gateway",
});
const stall = (name: string): Fault => ({
  name: `${name} service stalled (SIGSTOP … SIGCONT)`,
  target: name,
  inject: () => signal(name, "SIGSTOP"),
  heal: () => signal(name, "SIGCONT"),
});

export const FAULTS: Fault[] = [
  killRestart("redis", "Redis killed, restarted empty"),
  killRestart("dynamodb", "DynamoDB Local stopped (SIGTERM), restarted on its data", "SIGTERM"),
  killRestart("user", "user service killed, restarted"),
  killRestart("inventory", "inventory service killed, restarted"),
  killRestart("order", "order service killed, restarted"),
  killRestart("worker", "order worker (relay, intake, matcher) killed, restarted"),
  killRestart("gateway", "gateway killed, restarted"),
  stall("order"),
  stall("user"),
];
