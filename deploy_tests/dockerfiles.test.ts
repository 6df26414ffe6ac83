// Each process's Dockerfile parses, passes the dockerfile-utils linter, and runs the same
// entrypoint with the same permissions as deploy.sh; its image holds every module the entrypoint
// loads. No Dockerfile exists for a process that is not in SERVICES.
import assert from "node:assert/strict";
import { DockerfileParser, type Instruction } from "dockerfile-ast";
import { validate } from "dockerfile-utils";
import { deployPermissions, processes, ROOT, sh } from "./lib.ts";

const pkg = JSON.parse(Deno.readTextFileSync(`${ROOT}/package.json`));
const DENO_VERSION: string = pkg.devDependencies.deno;
const ignored = Deno.readTextFileSync(`${ROOT}/.dockerignore`).split("\n").map((l) => l.trim())
  .filter((l) => l && !l.startsWith("#"));

function parse(file: string) {
  const text = Deno.readTextFileSync(`${ROOT}/${file}`);
  const df = DockerfileParser.parse(text);
  return { text, df, all: df.getInstructions() };
}

/** The JSON (exec) form of an instruction's arguments. */
function execForm(ins: Instruction | undefined): string[] {
  assert(ins, "instruction present");
  const raw = ins.getRawArgumentsContent() ?? "";
  const args = JSON.parse(raw.replace(/^CMD\s+/, "").replace(/\\\n/g, ""));
  assert(Array.isArray(args), `${ins.getKeyword()} uses the exec (JSON) form`);
  return args;
}

async function dockerfilesInRepo(): Promise<string[]> {
  const { stdout } = await sh(["git", "ls-files", "--cached", "--others", "--exclude-standard"]);
  return stdout.split("\n").filter((f) => /(^|\/)(Dockerfile|[\w.-]+\.Dockerfile)$/.test(f)).sort();
}

Deno.test("one Dockerfile per process, and only for processes", async () => {
  const procs = await processes();
  const files = await dockerfilesInRepo();
  for (const p of procs) assert(files.includes(p.dockerfile), `${p.name}: ${p.dockerfile} exists`);
  assert.deepEqual(
    files,
    procs.map((p) => p.dockerfile).sort(),
    "every Dockerfile belongs to a SERVICES process",
  );
});

Deno.test(".dockerignore keeps secrets, dependencies and tests out of the build context", () => {
  for (const must of [".git", "**/node_modules", ".env", "**/*.test.ts", ".run*", ".data"]) {
    assert(ignored.includes(must), `.dockerignore lists ${must}`);
  }
});

Deno.test("every Dockerfile passes the dockerfile-utils linter", async () => {
  for (const p of await processes()) {
    const problems = validate(parse(p.dockerfile).text).map((d) =>
      `line ${d.range.start.line + 1}: ${d.message}`
    );
    assert.deepEqual(problems, [], `${p.dockerfile}`);
  }
});

for (
  const check of [
    "pinned base, cached dependency layer, non-root, port, HEALTHCHECK",
    "entrypoint and permissions = deploy.sh",
  ]
) {
  Deno.test(`Dockerfiles: ${check}`, async () => {
    for (const p of await processes()) {
      const { df, all } = parse(p.dockerfile);
      const at = p.dockerfile;
      const froms = df.getFROMs();
      const final = froms[froms.length - 1];
      const stageStart = all.indexOf(final as unknown as Instruction);
      const stage = all.slice(stageStart);
      const kw = (k: string) => stage.filter((i) => i.getKeyword() === k);
      if (check.startsWith("pinned")) {
        assert.equal(
          `${final.getImageName()}:${final.getImageTag()}`,
          `denoland/deno:${DENO_VERSION}`,
          `${at}: Deno as pinned in package.json`,
        );
        for (const f of froms) {
          assert(f.getImageTag() && f.getImageTag() !== "latest", `${at}: ${f.getImageName()} pinned`);
        }
        // Lockfile copied and installed before any source: edits to code reuse the dependency layer.
        const text = all.map((i) => `${i.getKeyword()} ${i.getRawArgumentsContent()}`);
        const lock = text.findIndex((t) => t.startsWith("COPY") && t.includes("package-lock.json"));
        const ci = text.findIndex((t) => t.startsWith("RUN") && t.includes("npm ci"));
        const firstSource = text.findIndex((t) => /^COPY (services|gateway|frontend|scripts)\//.test(t));
        assert(lock >= 0 && lock < ci && ci < firstSource, `${at}: lockfile → npm ci → sources`);
        const user = kw("USER").at(-1)?.getArguments()[0]?.getValue();
        assert(user && !["root", "0", "0:0"].includes(user), `${at}: runs as a non-root USER (${user})`);
        const expose = kw("EXPOSE").flatMap((i) => i.getArguments().map((a) => a.getValue()));
        assert.deepEqual(expose, [String(p.port)], `${at}: EXPOSE ${p.port}`);
        const env = kw("ENV").flatMap((i) => i.getArguments().map((a) => a.getValue()));
        assert(env.includes(`PORT=${p.port}`), `${at}: ENV PORT=${p.port}`);
        const hc = kw("HEALTHCHECK");
        assert.equal(hc.length, 1, `${at}: one HEALTHCHECK`);
        assert.match(hc[0].getRawArgumentsContent() ?? "", /\/health/, `${at}: HEALTHCHECK hits /health`);
      } else {
        assert.deepEqual(execForm(kw("ENTRYPOINT")[0]), ["deno"], `${at}: ENTRYPOINT deno`);
        const cmd = execForm(kw("CMD")[0]);
        assert.equal(cmd[0], "run", `${at}: deno run`);
        assert.equal(cmd.at(-1), p.entry, `${at}: runs ${p.entry}`);
        assert.deepEqual(
          cmd.filter((a) => a.startsWith("--allow-")).sort(),
          deployPermissions(),
          `${at}: permissions`,
        );
        assert.deepEqual(
          cmd.slice(1, -1).filter((a) => !a.startsWith("--allow-")),
          [],
          `${at}: no other flags`,
        );
      }
    }
  });
}

Deno.test("each image holds every local module its entrypoint loads, none excluded by .dockerignore", async () => {
  const deno = `${ROOT}/node_modules/.bin/deno`;
  const procs = await processes();
  // The bootstrap Job runs scripts/bootstrap.ts from the inventory image.
  const extra: Record<string, string[]> = { inventory: ["scripts/bootstrap.ts"] };
  for (const p of procs) {
    const { all } = parse(p.dockerfile);
    const copied = all.filter((i) =>
      i.getKeyword() === "COPY" && !/--from/.test(i.getRawArgumentsContent() ?? "")
    )
      .flatMap((i) => i.getArguments().slice(0, -1).map((a) => a.getValue().replace(/\/$/, "")));
    for (const entry of [p.entry, ...(extra[p.name] ?? [])]) {
      assert(
        copied.includes(entry) || copied.some((c) => entry.startsWith(c + "/")),
        `${p.dockerfile}: copies ${entry}`,
      );
      const info = JSON.parse((await sh([deno, "info", "--json", entry])).stdout);
      const local = info.modules.map((m: { specifier: string }) => m.specifier)
        .filter((s: string) => s.startsWith(`file://${ROOT}/`) && !s.includes("/node_modules/"))
        .map((s: string) => s.slice(`file://${ROOT}/`.length));
      assert(local.length > 1, `${entry}: module graph read (${local.length} local modules)`);
      for (const f of local) {
        assert(
          copied.some((c) => f === c || f.startsWith(c + "/")),
          `${p.dockerfile}: ${entry} loads ${f}, not copied`,
        );
        assert(
          !/\.test\.ts$|(^|\/)testing\.ts$|\/testdata\//.test(f),
          `${entry} loads ${f}, which .dockerignore drops`,
        );
      }
    }
  }
  assert(ignored.length > 0);
});
