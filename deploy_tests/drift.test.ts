// Drift between the code and its deployment: the process table (SERVICES in scripts/lib/common.sh),
// each process's config schema and ports, and the manifests, compose file and image names.
import assert from "node:assert/strict";
import {
  configShape,
  find,
  type K8sObject,
  need,
  OVERLAYS,
  processes,
  publicProcesses,
  readCompose,
  render,
  requiredKeys,
  ROOT,
} from "./lib.ts";

const envVar = (name: string) => name.toUpperCase().replace(/-/g, "_");

/** Env names a container gets: env[] plus every key of the ConfigMaps/Secrets it loads. */
function containerEnv(objs: K8sObject[], c: K8sObject, secretKeys: string[]): string[] {
  const names = (c.env ?? []).map((e: { name: string }) => e.name);
  for (const src of c.envFrom ?? []) {
    if (src.configMapRef) {
      const cm = find(objs, "ConfigMap", src.configMapRef.name);
      assert(cm, `ConfigMap ${src.configMapRef.name} exists`);
      names.push(...Object.keys(cm.data ?? {}));
    } else if (src.secretRef) {
      const s = find(objs, "Secret", src.secretRef.name);
      names.push(...(s ? Object.keys(s.data ?? {}) : secretKeys));
    }
  }
  return names;
}

/** Keys of the base's Secret: what EKS must provide too (deploy.sh creates it from Secrets Manager). */
async function secretKeys(): Promise<string[]> {
  const s = find(await render("base"), "Secret", "order-processor-secrets");
  assert(s, "base has the order-processor-secrets generator");
  return Object.keys(s.data).sort();
}

Deno.test("every process has a Deployment + Service with its port, probes and image, and nothing else does", async () => {
  const procs = await processes();
  const objs = await render("base");
  for (const p of procs) {
    const d = find(objs, "Deployment", p.name);
    assert(d, `Deployment ${p.name} in kubernetes/base`);
    const c = d.spec.template.spec.containers[0];
    assert.equal(c.image, p.image, `${p.name}: image`);
    assert.deepEqual(c.ports, [{ name: "http", containerPort: p.port }], `${p.name}: container port`);
    assert.ok(
      c.env.some((e: K8sObject) => e.name === "PORT" && e.value === String(p.port)),
      `${p.name}: PORT`,
    );
    assert.deepEqual(c.livenessProbe.httpGet, { path: "/health", port: "http" }, `${p.name}: liveness`);
    assert.deepEqual(
      c.readinessProbe.httpGet,
      { path: "/health/ready", port: "http" },
      `${p.name}: readiness`,
    );
    const s = find(objs, "Service", p.name);
    assert(s, `Service ${p.name} in kubernetes/base`);
    assert.deepEqual(
      s.spec.ports,
      [{ name: "http", port: p.port, targetPort: "http" }],
      `${p.name}: Service port`,
    );
    assert.deepEqual(s.spec.selector, { "app.kubernetes.io/name": p.name });
    const hpa = need(objs, "HorizontalPodAutoscaler", p.name);
    assert.deepEqual(hpa.spec.scaleTargetRef, { apiVersion: "apps/v1", kind: "Deployment", name: p.name });
    const pdb = need(objs, "PodDisruptionBudget", p.name);
    assert.deepEqual(pdb.spec.selector.matchLabels, { "app.kubernetes.io/name": p.name });
  }
  const names = procs.map((p) => p.name).sort();
  const deployments = objs.filter((o) => o.kind === "Deployment").map((o) => o.metadata.name).sort();
  assert.deepEqual(deployments, names, "Deployments in the base = processes in SERVICES");
});

for (const dir of OVERLAYS) {
  Deno.test(`${dir}: every container's env names are read by its config schema, and every required one is set`, async () => {
    const objs = await render(dir);
    const keys = await secretKeys();
    for (const p of await processes()) {
      const shape = await configShape(p);
      const d = need(objs, "Deployment", p.name);
      const env = containerEnv(objs, d.spec.template.spec.containers[0], keys);
      const unknown = env.filter((n) => !(n in shape));
      assert.deepEqual(unknown, [], `${dir} ${p.name}: env not read by its config`);
      const missing = requiredKeys(shape).filter((k) => !env.includes(k));
      assert.deepEqual(missing, [], `${dir} ${p.name}: required config missing`);
    }
    const job = need(objs, "Job", "bootstrap-table");
    const { baseConfigShape } = await import("../services/common/config.ts");
    const jobEnv = containerEnv(objs, job.spec.template.spec.containers[0], keys);
    assert.deepEqual(jobEnv.filter((n) => !(n in baseConfigShape)), [], "bootstrap Job env");
  });
}

Deno.test("gateway upstream URLs name each process's Service and port (kubernetes and compose)", async () => {
  const procs = await processes();
  const gw = procs.find((p) => p.name === "gateway");
  assert(gw, "a gateway process");
  const shape = await configShape(gw);
  const compose = readCompose();
  for (const dir of OVERLAYS) {
    const objs = await render(dir);
    const cm = objs.find((o) => o.kind === "ConfigMap" && o.metadata.name.startsWith("gateway-config"))!;
    for (const p of procs) {
      const key = `${envVar(p.name)}_URL`;
      if (p.name === "gateway" || !(key in shape)) continue; // the gateway proxies only to what it reads
      assert.equal(cm.data[key], `http://${p.name}:${p.port}`, `${dir}: ${key}`);
      assert.equal(
        compose.services.gateway.environment[key],
        `http://${p.name}:${p.port}`,
        `compose: ${key}`,
      );
    }
    for (const [k, v] of Object.entries(cm.data as Record<string, string>)) {
      if (!k.endsWith("_URL")) continue;
      const host = new URL(v).hostname;
      assert(find(objs, "Service", host), `${dir}: ${k} points at Service ${host}`);
    }
  }
});

Deno.test("network policies: default deny; public entries open on their port only, the gateway's upstreams answer only the gateway, other processes nobody", async () => {
  const objs = await render("base");
  const policies = objs.filter((o) => o.kind === "NetworkPolicy");
  const deny = policies.find((np) => Object.keys(np.spec.podSelector).length === 0);
  assert(deny && !deny.spec.ingress, "a default-deny ingress policy selects every pod");
  const procs = await processes();
  const publics = publicProcesses();
  assert.deepEqual(publics, ["frontend", "gateway"]);
  const gatewayReads = await configShape(procs.find((p) => p.name === "gateway")!);
  for (const p of procs) {
    const mine = policies.filter((np) =>
      np.spec.podSelector.matchLabels?.["app.kubernetes.io/name"] === p.name ||
      np.spec.podSelector.matchLabels?.["app.kubernetes.io/component"] ===
        need(objs, "Deployment", p.name).metadata.labels["app.kubernetes.io/component"]
    );
    if (publics.includes(p.name)) {
      // Reached through the ALB / NodePort (and the gateway by the dashboard's /api proxy).
      assert.equal(mine.length, 1, `${p.name}: one policy`);
      assert.deepEqual(mine[0].spec.ingress, [{ ports: [{ protocol: "TCP", port: p.port }] }], p.name);
      continue;
    }
    if (!(`${envVar(p.name)}_URL` in gatewayReads)) {
      // Not proxied to (e.g. the worker): only the default deny applies; probes come from the kubelet.
      assert.deepEqual(mine.map((np) => np.metadata.name), [], `${p.name}: no policy lets traffic in`);
      continue;
    }
    assert.equal(mine.length, 1, `${p.name}: one ingress policy`);
    for (const rule of mine[0].spec.ingress) {
      assert.deepEqual(rule.from, [{
        podSelector: { matchLabels: { "app.kubernetes.io/name": "gateway" } },
      }]);
      assert.deepEqual(rule.ports, [{ protocol: "TCP", port: p.port }], `${p.name}: only its port`);
    }
  }
  // The dashboard's only way out: the gateway's port (its /api proxy and readiness) and DNS.
  const fe = policies.find((np) =>
    np.spec.podSelector.matchLabels?.["app.kubernetes.io/name"] === "frontend"
  )!;
  const gw = procs.find((p) => p.name === "gateway")!;
  assert.deepEqual(fe.spec.egress[0], {
    to: [{ podSelector: { matchLabels: { "app.kubernetes.io/name": "gateway" } } }],
    ports: [{ protocol: "TCP", port: gw.port }],
  });
  assert(
    fe.spec.egress.slice(1).every((r: K8sObject) => !r.to && r.ports.every((x: K8sObject) => x.port === 53)),
  );
});

Deno.test("the dashboard proxies to the gateway's Service (kubernetes and compose)", async () => {
  const procs = await processes();
  const gw = procs.find((p) => p.name === "gateway")!;
  const fe = procs.find((p) => p.name === "frontend");
  assert(fe, "a frontend process");
  assert("GATEWAY_URL" in await configShape(fe), "frontend/config.ts reads GATEWAY_URL");
  for (const dir of OVERLAYS) {
    const objs = await render(dir);
    const cm = objs.find((o) => o.kind === "ConfigMap" && o.metadata.name.startsWith("frontend-config"));
    assert.equal(cm?.data.GATEWAY_URL, `http://gateway:${gw.port}`, `${dir}: GATEWAY_URL`);
  }
  assert.equal(readCompose().services.frontend.environment.GATEWAY_URL, `http://gateway:${gw.port}`);
});

Deno.test("image names agree: Dockerfiles/images.sh, base, kind, eks, compose, the EKS deploy path", async () => {
  const procs = await processes();
  const kind = await render("overlays/kind");
  const eks = await render("overlays/eks");
  const k8sSh = await Deno.readTextFile(`${ROOT}/scripts/lib/k8s.sh`);
  const placeholder = /const placeholder = "([^"]+)"/.exec(k8sSh)?.[1];
  assert(placeholder, "scripts/lib/k8s.sh names the EKS image placeholder");
  const compose = readCompose();
  for (const p of procs) {
    const img = (objs: K8sObject[]) =>
      need(objs, "Deployment", p.name).spec.template.spec.containers[0].image;
    assert.equal(img(kind), `${p.image}:dev`, `kind: ${p.name} is the image deploy.sh builds and kind-loads`);
    const eksImage = img(eks);
    assert.equal(
      eksImage.replace(/:[^:/]+$/, ""),
      `${placeholder}/${p.name}`,
      `eks: ${p.name} (replaced by k8s.sh)`,
    );
    const svc = compose.services[p.name];
    assert(svc, `compose service ${p.name}`);
    assert.equal(svc.image, `${p.image}:dev`, `compose: ${p.name} image`);
    assert.equal(svc.build?.dockerfile, p.dockerfile, `compose: ${p.name} Dockerfile`);
    assert.equal(String(svc.environment.PORT), String(p.port), `compose: ${p.name} PORT`);
  }
  // The bootstrap Job and compose's bootstrap run scripts/bootstrap.ts from the inventory image.
  const job = need(kind, "Job", "bootstrap-table").spec.template.spec.containers[0];
  const inventory = procs.find((p) => p.name === "inventory")!;
  assert.equal(job.image, `${inventory.image}:dev`);
  assert.equal(compose.services.bootstrap.image, `${inventory.image}:dev`);
  assert.deepEqual(compose.services.bootstrap.command, job.args, "compose bootstrap = Job");
});

Deno.test("compose: every process's environment is read by its config schema and has every required key", async () => {
  const compose = readCompose();
  for (const p of await processes()) {
    const shape = await configShape(p);
    assert(compose.services[p.name], `compose service ${p.name}`);
    const env = Object.keys(compose.services[p.name].environment);
    assert.deepEqual(env.filter((n) => !(n in shape)), [], `compose ${p.name}: env not read by its config`);
    assert.deepEqual(requiredKeys(shape).filter((k) => !env.includes(k)), [], `compose ${p.name}: missing`);
  }
});
