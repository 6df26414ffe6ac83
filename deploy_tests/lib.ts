// Shared helpers for the offline deployment tests: the process table from scripts/lib/common.sh,
// rendered overlays, Dockerfiles, compose, and the config schemas the processes read.
import { parse as parseYaml, parseAllDocuments } from "yaml";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("..", import.meta.url)).replace(/\/$/, "");

export interface Proc {
  name: string;
  entry: string;
  port: number;
  dockerfile: string;
  image: string;
}

/** Run a command in the repo; returns stdout, throws with stderr on failure. */
export async function sh(cmd: string[], opts: { env?: Record<string, string>; ok?: boolean } = {}) {
  const out = await new Deno.Command(cmd[0], {
    args: cmd.slice(1),
    cwd: ROOT,
    env: opts.env,
    clearEnv: false,
    stdout: "piped",
    stderr: "piped",
  }).output().catch((err) => {
    if (err instanceof Deno.errors.NotFound) {
      throw new Error(
        `${cmd[0]} is not installed: deploy_tests need kubectl (scripts/test.sh installs it, see ` +
          `scripts/lib/tools.sh; or install kubectl 1.31+), promtool (Debian package prometheus, ` +
          `test.sh installs it) and, for terraform fmt only, terraform`,
      );
    }
    throw err;
  });
  const stdout = new TextDecoder().decode(out.stdout);
  const stderr = new TextDecoder().decode(out.stderr);
  if (!out.success && opts.ok !== false) {
    throw new Error(`${cmd.join(" ")} exited ${out.code}:\n${stderr}\n${stdout}`.slice(0, 4000));
  }
  return { stdout, stderr, code: out.code };
}

let procs: Promise<Proc[]> | undefined;
/** Every process of SERVICES, with the Dockerfile and image scripts/lib/images.sh gives it. */
export function processes(): Promise<Proc[]> {
  procs ??= sh([
    "bash",
    "-c",
    "source scripts/lib/common.sh && source scripts/lib/images.sh && image_table",
  ]).then(({ stdout }) =>
    stdout.trim().split("\n").map((line) => {
      const [name, entry, port, dockerfile, image] = line.trim().split(/\s+/);
      return { name, entry, port: Number(port), dockerfile, image };
    })
  );
  return procs;
}

// Rendered manifests are checked field by field, so loosely typed on purpose.
// deno-lint-ignore no-explicit-any
type Loose = any;
export type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; [k: string]: Loose };
  [k: string]: Loose;
};

const rendered = new Map<string, Promise<K8sObject[]>>();
/** `kubectl kustomize kubernetes/<dir>` parsed into objects (cached per directory). */
export function render(dir: string): Promise<K8sObject[]> {
  if (!rendered.has(dir)) {
    rendered.set(
      dir,
      sh(["kubectl", "kustomize", `kubernetes/${dir}`]).then(({ stdout }) =>
        parseAllDocuments(stdout).map((d) => normalize(d.toJS() as K8sObject)).filter(Boolean)
      ),
    );
  }
  return rendered.get(dir)!;
}

/** Secret data is base64 that kustomize wraps over lines; the API server ignores those newlines. */
function normalize(o: K8sObject): K8sObject {
  if (o?.kind === "Secret" && o.data) {
    for (const k of Object.keys(o.data)) o.data[k] = String(o.data[k]).replace(/\s+/g, "");
  }
  return o;
}

export const OVERLAYS = ["base", "overlays/kind", "overlays/eks"] as const;

export function find(objs: K8sObject[], kind: string, name: string): K8sObject | undefined {
  return objs.find((o) => o.kind === kind && o.metadata.name === name);
}

/** find(), failing with a message that names what is missing (e.g. a new process without manifests). */
export function need(objs: K8sObject[], kind: string, name: string): K8sObject {
  const o = find(objs, kind, name);
  if (!o) throw new Error(`${kind} ${name} is missing from the rendered manifests`);
  return o;
}

// deno-lint-ignore no-explicit-any
export function readCompose(): any {
  return parseYaml(Deno.readTextFileSync(`${ROOT}/docker-compose.yml`), { merge: true });
}

/** The zod shape a process's config reads: <entry dir>/config.ts, export *ConfigShape. */
export async function configShape(
  proc: Proc,
): Promise<Record<string, { safeParse(v: unknown): { success: boolean } }>> {
  const dir = proc.entry.replace(/\/[^/]+$/, "");
  const mod = await import(`${ROOT}/${dir}/config.ts`);
  const shapes = Object.entries(mod).filter(([k]) => k.endsWith("ConfigShape"));
  const own = shapes.find(([k]) => k.toLowerCase().startsWith(proc.name.replace(/-/g, "").toLowerCase()));
  const pick = own ?? (shapes.length === 1 ? shapes[0] : undefined);
  if (!pick) throw new Error(`${dir}/config.ts exports no single *ConfigShape for ${proc.name}`);
  // deno-lint-ignore no-explicit-any
  return pick[1] as any;
}

/** Keys of a shape that have neither a default nor optional(): the process cannot start without them. */
export function requiredKeys(
  shape: Record<string, { safeParse(v: unknown): { success: boolean } }>,
): string[] {
  return Object.entries(shape).filter(([, s]) => !s.safeParse(undefined).success).map(([k]) => k);
}

/** The --allow-* flags start_service in scripts/lib/common.sh runs every process with. */
export function deployPermissions(): string[] {
  const src = Deno.readTextFileSync(`${ROOT}/scripts/lib/common.sh`);
  const body = /start_service\(\)\s*\{([\s\S]*?)\n\}/.exec(src)?.[1];
  if (!body) throw new Error("start_service() not found in scripts/lib/common.sh");
  return [...body.matchAll(/--allow-[a-z-]+(=\S+)?/g)].map((m) => m[0]).sort();
}

/** The public entry points: processes start_service binds to PUBLIC_HOST (the gateway, the dashboard). */
export function publicProcesses(): string[] {
  const src = Deno.readTextFileSync(`${ROOT}/scripts/lib/common.sh`);
  const names = /case "\$name" in ([\w|-]+)\) host="\$\{PUBLIC_HOST/.exec(src)?.[1];
  if (!names) throw new Error("start_service's PUBLIC_HOST case not found in scripts/lib/common.sh");
  return names.split("|").sort();
}
