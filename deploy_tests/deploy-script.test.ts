// ./scripts/deploy.sh --type k8s|infra|docker: --dry-run prints the rendered plan; a real run on a
// machine without the tools stops before changing anything and names them. The EKS path's overlay
// filling (terraform outputs → images, IRSA role, host, certificate) is rendered with fake outputs.
import assert from "node:assert/strict";
import { parseAllDocuments } from "yaml";
import { processes, render, sh } from "./lib.ts";

const which = async (t: string) => (await sh(["bash", "-c", `command -v ${t}`])).stdout.trim();

/** A PATH holding only the basics (and a kubectl that logs every call): docker, kind, aws, terraform are missing. */
async function barePath(keep: string[] = []): Promise<{ path: string; kubectlLog: string }> {
  const dir = await Deno.makeTempDir({ prefix: "op-deploy-test-" });
  const tools = [
    "bash",
    "dirname",
    "basename",
    "tr",
    "mktemp",
    "cat",
    "grep",
    "awk",
    "sed",
    "head",
    "tail",
    "node",
    "env",
    "mkdir",
    "rm",
    "wc",
    "sort",
    "git",
    ...keep,
  ];
  for (const t of tools) await Deno.symlink(await which(t), `${dir}/${t}`);
  const kubectlLog = `${dir}/kubectl.log`;
  await Deno.writeTextFile(
    `${dir}/kubectl`,
    `#!/usr/bin/env bash\necho "$*" >>"${kubectlLog}"\nexec ${await which("kubectl")} "$@"\n`,
  );
  await Deno.chmod(`${dir}/kubectl`, 0o755);
  return { path: dir, kubectlLog };
}

async function deploy(args: string[], path?: string) {
  return await sh(["bash", "scripts/deploy.sh", ...args], {
    ok: false,
    env: path ? { PATH: path } : undefined,
  });
}

const objectsOf = (yaml: string) => parseAllDocuments(yaml).map((d) => d.toJS()).filter(Boolean);

for (const [env, overlay] of [["dev", "overlays/kind"], ["prod", "overlays/eks"]]) {
  Deno.test(`deploy.sh --type k8s --environment ${env} --dry-run prints the rendered ${overlay}`, async () => {
    const r = await deploy(["--type", "k8s", "--environment", env, "--dry-run"]);
    assert.equal(r.code, 0, r.stderr);
    const printed = objectsOf(r.stdout);
    const expected = await render(overlay);
    assert.deepEqual(
      printed.map((o) => `${o.kind}/${o.metadata.name}`),
      expected.map((o) => `${o.kind}/${o.metadata.name}`),
    );
    assert.match(r.stderr, /nothing applied/);
    for (const p of await processes()) assert.match(r.stderr, new RegExp(`Deployment/${p.name}\\b`));
  });
}

Deno.test("without docker/kind: --type k8s --environment dev stops, names them, changes nothing", async () => {
  const { path, kubectlLog } = await barePath();
  const r = await deploy(["--type", "k8s", "--environment", "dev"], path);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /missing: docker docker-engine kind/);
  assert.match(r.stderr, /Nothing was changed/);
  assert.match(r.stderr, /rendered in \S+rendered\.yaml/, "says where the manifests it would apply are");
  const calls = (await Deno.readTextFile(kubectlLog).catch(() => "")).trim().split("\n").filter(Boolean);
  assert(
    calls.every((c) => c.startsWith("kustomize ")),
    `kubectl only rendered (no apply, no context switch): ${calls}`,
  );
  await Deno.remove(path, { recursive: true });
});

Deno.test("without docker/aws/terraform: --type k8s --environment prod, --type infra, --type docker stop and name them", async () => {
  const { path, kubectlLog } = await barePath();
  const prod = await deploy(["--type", "k8s", "--environment", "prod"], path);
  assert.notEqual(prod.code, 0);
  assert.match(prod.stderr, /missing: docker docker-engine aws terraform/);
  const infra = await deploy(["--type", "infra", "--environment", "dev"], path);
  assert.notEqual(infra.code, 0);
  assert.match(infra.stderr, /missing: terraform aws/);
  const docker = await deploy(["--type", "docker"], path);
  assert.notEqual(docker.code, 0);
  assert.match(docker.stderr, /missing: docker docker-engine/);
  for (const r of [prod, infra, docker]) assert.match(r.stderr, /Nothing was changed/);
  const calls = (await Deno.readTextFile(kubectlLog).catch(() => "")).trim().split("\n").filter(Boolean);
  assert(calls.every((c) => c.startsWith("kustomize ")), `kubectl only rendered: ${calls}`);
  await Deno.remove(path, { recursive: true });
});

Deno.test("EKS path: terraform outputs replace every placeholder of overlays/eks", async () => {
  const dir = await Deno.makeTempDir({ prefix: "op-eks-wrap-" });
  const out = (value: string) => ({ value });
  await Deno.writeTextFile(
    `${dir}/outputs.json`,
    JSON.stringify({
      region: out("eu-west-1"),
      table_name: out("order-processor-prod"),
      app_role_arn: out("arn:aws:iam::123456789012:role/order-processor-prod-app"),
      ecr_registry: out("123456789012.dkr.ecr.eu-west-1.amazonaws.com"),
      ecr_repository_prefix: out("order-processor-prod"),
      vpc_cidr: out("10.1.0.0/16"),
      cors_origins: out("https://app.example.org"),
      api_hostname: out("api.example.org"),
      certificate_arn: out("arn:aws:acm:eu-west-1:123456789012:certificate/abc"),
    }),
  );
  await Deno.mkdir(`${dir}/wrap`);
  await sh([
    "bash",
    "-c",
    `source scripts/lib/common.sh && source scripts/lib/images.sh && source scripts/lib/k8s.sh &&
    eks_wrap_overlay "${dir}/outputs.json" 0123456789ab "${dir}/wrap"`,
  ]);
  const { stdout } = await sh(["kubectl", "kustomize", `${dir}/wrap`]);
  assert(!stdout.includes("000000000000"), "no placeholder account left");
  assert(!stdout.includes("example.com"), "no placeholder host left");
  const objs = objectsOf(stdout);
  for (const p of await processes()) {
    const d = objs.find((o) => o.kind === "Deployment" && o.metadata.name === p.name);
    assert(d, `Deployment ${p.name} in the filled EKS overlay`);
    assert.equal(
      d.spec.template.spec.containers[0].image,
      `123456789012.dkr.ecr.eu-west-1.amazonaws.com/order-processor-prod/${p.name}:0123456789ab`,
    );
  }
  const sa = objs.find((o) => o.kind === "ServiceAccount" && o.metadata.name === "order-processor-data");
  assert.equal(
    sa.metadata.annotations["eks.amazonaws.com/role-arn"],
    "arn:aws:iam::123456789012:role/order-processor-prod-app",
  );
  const ing = objs.find((o) => o.kind === "Ingress");
  assert.equal(ing.spec.rules[0].host, "api.example.org");
  const cm = objs.find((o) => o.kind === "ConfigMap" && o.metadata.name.startsWith("order-processor-config"));
  assert.equal(cm.data.AWS_REGION, "eu-west-1");
  const gw = objs.find((o) => o.kind === "ConfigMap" && o.metadata.name.startsWith("gateway-config"));
  assert.equal(gw.data.TRUSTED_PROXIES, "10.1.0.0/16");
  await Deno.remove(dir, { recursive: true });
});
