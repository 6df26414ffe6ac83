// Every overlay renders with kustomize; every object validates against the Kubernetes OpenAPI
// schemas (kubernetes-models), has no field the API does not know (type-checked against the same
// models), and every workload passes the policy checks.
import assert from "node:assert/strict";
import * as core from "kubernetes-models/v1";
import * as apps from "kubernetes-models/apps/v1";
import * as batch from "kubernetes-models/batch/v1";
import * as autoscaling from "kubernetes-models/autoscaling/v2";
import * as policy from "kubernetes-models/policy/v1";
import * as networking from "kubernetes-models/networking.k8s.io/v1";
import * as rbac from "kubernetes-models/rbac.authorization.k8s.io/v1";
import { find, type K8sObject, need, OVERLAYS, render, ROOT, sh } from "./lib.ts";

const MODELS: Record<string, Record<string, unknown>> = {
  v1: core,
  "apps/v1": apps,
  "batch/v1": batch,
  "autoscaling/v2": autoscaling,
  "policy/v1": policy,
  "networking.k8s.io/v1": networking,
  "rbac.authorization.k8s.io/v1": rbac,
};

/** The API rights a pod's service account has: every rule of every Role bound to it (none cluster-wide). */
function apiRights(objs: K8sObject[], sa: string | undefined): K8sObject[] {
  assert(!objs.some((o) => o.kind.startsWith("Cluster")), "no cluster-wide RBAC");
  return objs.filter((o) =>
    o.kind === "RoleBinding" &&
    o.subjects.some((s: K8sObject) => s.kind === "ServiceAccount" && s.name === sa)
  ).flatMap((b) => need(objs, "Role", b.roleRef.name).rules);
}

type Validatable = new (o: unknown) => { validate(): void };

for (const dir of OVERLAYS) {
  Deno.test(`${dir}: renders with kubectl kustomize`, async () => {
    const objs = await render(dir);
    assert(objs.length > 10, `only ${objs.length} objects`);
    const ns = objs.filter((o) => o.kind !== "Namespace").map((o) => o.metadata.namespace);
    assert(ns.every((n) => n === "order-processor"), "every object is in the order-processor namespace");
  });

  Deno.test(`${dir}: every object validates against the Kubernetes schemas`, async () => {
    for (const o of await render(dir)) {
      const Model = MODELS[o.apiVersion]?.[o.kind] as Validatable | undefined;
      assert(Model, `no schema for ${o.apiVersion} ${o.kind}: add its kubernetes-models module here`);
      try {
        new Model(o).validate();
      } catch (err) {
        throw new Error(`${o.kind}/${o.metadata.name}: ${(err as Error).message}`);
      }
    }
  });

  Deno.test(`${dir}: every workload passes the policy checks`, async () => {
    for (const o of await render(dir)) {
      if (o.kind !== "Deployment" && o.kind !== "Job") continue;
      const where = `${o.kind}/${o.metadata.name}`;
      const pod = o.spec.template.spec;
      assert.deepEqual(pod.securityContext?.runAsNonRoot, true, `${where}: pod runAsNonRoot`);
      assert(pod.securityContext?.runAsUser > 0, `${where}: explicit non-root uid`);
      assert.deepEqual(pod.securityContext?.seccompProfile?.type, "RuntimeDefault", `${where}: seccomp`);
      if (pod.automountServiceAccountToken !== false) {
        // Only a read-only view of this namespace's pods (Prometheus's service discovery) earns a token.
        const rights = apiRights(await render(dir), pod.serviceAccountName);
        assert(rights.length > 0, `${where}: an API token is mounted but no Role needs it`);
        for (const r of rights) {
          assert.deepEqual([r.apiGroups, r.resources], [[""], ["pods"]], `${where}: reads pods only`);
          assert(r.verbs.every((v: string) => ["get", "list", "watch"].includes(v)), `${where}: read-only`);
        }
      }
      for (const c of pod.containers) {
        const at = `${where} container ${c.name}`;
        const sc = c.securityContext ?? {};
        assert.deepEqual(sc.allowPrivilegeEscalation, false, `${at}: allowPrivilegeEscalation`);
        assert.deepEqual(sc.readOnlyRootFilesystem, true, `${at}: readOnlyRootFilesystem`);
        assert.deepEqual(sc.capabilities?.drop, ["ALL"], `${at}: drops all capabilities`);
        assert(sc.privileged !== true, `${at}: not privileged`);
        for (const k of ["requests", "limits"]) {
          assert(c.resources?.[k]?.cpu && c.resources?.[k]?.memory, `${at}: resources.${k} cpu+memory`);
        }
        if (o.kind === "Deployment") {
          assert(c.readinessProbe && c.livenessProbe, `${at}: readiness and liveness probes`);
        }
        // The base leaves tags to the overlays (kind: dev, EKS: the git sha); both must set one.
        if (dir !== "base") {
          assert(/:[\w.-]+$/.test(c.image), `${at}: image ${c.image} has an explicit tag`);
          assert(!c.image.endsWith(":latest"), `${at}: image ${c.image} is not :latest`);
        }
      }
    }
  });
}

Deno.test("base, kind, eks: no object has a field the Kubernetes API does not define", async () => {
  // The JSON schemas tolerate unknown keys (a typo like "readinessprobe" would pass), so each
  // object is also type-checked as an object literal of its model's interface: excess-property
  // checks reject any unknown field. One `deno check` for all renders keeps it to one compile.
  const dirPath = `${ROOT}/.run/deploy-tests`;
  await Deno.mkdir(dirPath, { recursive: true });
  const files: string[] = [];
  for (const dir of OVERLAYS) {
    const lines: string[] = [];
    const imports = new Set<string>();
    (await render(dir)).forEach((o, i) => {
      imports.add(`import type { I${o.kind} as T${i} } from "kubernetes-models/${o.apiVersion}";`);
      lines.push(`export const o${i}: T${i} = ${JSON.stringify(o)};`);
    });
    const file = `${dirPath}/strict-${dir.replace(/\W/g, "-")}.ts`;
    await Deno.writeTextFile(file, [...imports, ...lines].join("\n") + "\n");
    files.push(file);
  }
  const res = await sh([`${ROOT}/node_modules/.bin/deno`, "check", "--quiet", ...files], { ok: false });
  assert.equal(res.code, 0, `unknown or mistyped fields:\n${res.stderr.slice(0, 3000)}`);
});

Deno.test("eks: ECR images with an immutable-style tag, >= 2 replicas (HPA) spread over zones", async () => {
  const objs = await render("overlays/eks");
  const deployments = objs.filter((o) => o.kind === "Deployment");
  assert(deployments.length > 0);
  for (const d of deployments) {
    for (const c of d.spec.template.spec.containers) {
      assert(/^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com\//.test(c.image), `${c.image} comes from ECR`);
      assert(!/:(latest|dev)$/.test(c.image), `${c.image}: no latest/dev tag on EKS`);
    }
    // The HPA owns the replica count (>= 2 below); a replicas field would be reset by every apply.
    assert.equal(d.spec.replicas, undefined, `${d.metadata.name}: no replicas field`);
    const hpa = objs.find((o) =>
      o.kind === "HorizontalPodAutoscaler" && o.spec.scaleTargetRef.name === d.metadata.name
    );
    assert(hpa && hpa.spec.minReplicas >= 2, `${d.metadata.name}: an HPA keeps >= 2 replicas`);
    const keys = (d.spec.template.spec.topologySpreadConstraints ?? []).map((t: K8sObject) => t.topologyKey);
    assert(keys.includes("topology.kubernetes.io/zone"), `${d.metadata.name}: spread over zones`);
  }
  for (const h of objs.filter((o) => o.kind === "HorizontalPodAutoscaler")) {
    assert(h.spec.minReplicas >= 2, `${h.metadata.name}: HPA minReplicas >= 2`);
  }
});

Deno.test("eks: no local-only values; AWS through IRSA, Redis over TLS from the Secret, HTTPS ALB", async () => {
  const objs = await render("overlays/eks");
  const text = JSON.stringify(objs);
  assert(!find(objs, "Secret", "order-processor-secrets"), "the local Secret is removed");
  assert(!text.includes("local-only"), "nothing marked local-only reaches EKS");
  assert(!objs.some((o) => o.kind === "Secret"), "no Secret values in the EKS render");
  for (const cm of objs.filter((o) => o.kind === "ConfigMap")) {
    assert(!("DYNAMODB_ENDPOINT" in cm.data), `${cm.metadata.name}: no DynamoDB Local endpoint`);
    assert(
      !("REDIS_URL" in cm.data),
      `${cm.metadata.name}: REDIS_URL (with its auth token) only in the Secret`,
    );
    assert(!JSON.stringify(cm.data).includes("KEY"), `${cm.metadata.name}: no AWS keys`);
  }
  const sa = find(objs, "ServiceAccount", "order-processor-data");
  assert(sa?.metadata.annotations?.["eks.amazonaws.com/role-arn"]?.startsWith("arn:aws:iam::"), "IRSA role");
  const ing = need(objs, "Ingress", "order-processor");
  assert.deepEqual(ing.spec.ingressClassName, "alb");
  const ann = ing.metadata.annotations ?? {};
  assert(ann["alb.ingress.kubernetes.io/certificate-arn"]?.startsWith("arn:aws:acm:"), "ACM certificate");
  assert.deepEqual(ann["alb.ingress.kubernetes.io/ssl-redirect"], "443");
  // Rules match in order: the API paths to the gateway, /metrics nowhere, the rest to the dashboard.
  const routes = (ing.spec.rules[0].http.paths as K8sObject[]).map((
    p,
  ) => [p.path, p.backend.service.name, p.backend.service.port.name]);
  assert.deepEqual(routes[0], ["/api", "gateway", "http"]);
  assert.deepEqual(routes.at(-1), ["/", "frontend", "http"]);
  for (const [path, svc, port] of routes) {
    if (port === "use-annotation") {
      const action = JSON.parse(ann[`alb.ingress.kubernetes.io/actions.${svc}`]);
      assert.equal(action.type, "fixed-response", `${path}: answered by the ALB`);
    } else need(objs, "Service", svc);
  }
  const metrics = routes.find(([path]) => path === "/metrics");
  assert(metrics && metrics[2] === "use-annotation", "/metrics is not exposed publicly");
});

Deno.test("kind: in-cluster DynamoDB Local + Redis, gateway and dashboard on the NodePorts kind-config maps to :8080 and :3000", async () => {
  const { parse } = await import("yaml");
  const objs = await render("overlays/kind");
  for (const name of ["dynamodb", "redis"]) {
    assert(find(objs, "Deployment", name) && find(objs, "Service", name), `${name} runs in the cluster`);
  }
  const cm = objs.find((o) => o.kind === "ConfigMap" && o.metadata.name.startsWith("order-processor-config"));
  const dynamoPort = need(objs, "Service", "dynamodb").spec.ports[0].port;
  assert.deepEqual(cm?.data.DYNAMODB_ENDPOINT, `http://dynamodb:${dynamoPort}`);
  const secret = need(objs, "Secret", "order-processor-secrets");
  const redisUrl = atob(secret.data.REDIS_URL);
  assert.deepEqual(redisUrl, `redis://redis:${need(objs, "Service", "redis").spec.ports[0].port}`);
  const kindConfig = parse(await Deno.readTextFile(`${ROOT}/kubernetes/overlays/kind/kind-config.yaml`));
  const maps = kindConfig.nodes[0].extraPortMappings as { containerPort: number; hostPort: number }[];
  const hostPorts = maps.map((m) => m.hostPort).sort();
  assert.deepEqual(hostPorts, [3000, 8080]);
  const gw = need(objs, "Service", "gateway");
  assert.deepEqual(gw.spec.type, "NodePort");
  assert.deepEqual(maps.find((m) => m.hostPort === 8080)?.containerPort, gw.spec.ports[0].nodePort);
  const fe = need(objs, "Service", "frontend");
  assert.deepEqual(fe.spec.type, "NodePort");
  assert.deepEqual(maps.find((m) => m.hostPort === 3000)?.containerPort, fe.spec.ports[0].nodePort);
  // The gateway believes X-Forwarded-For from the pod network kind-config pins (the dashboard's proxy).
  const gwcm = objs.find((o) => o.kind === "ConfigMap" && o.metadata.name.startsWith("gateway-config"));
  assert.equal(gwcm?.data.TRUSTED_PROXIES, kindConfig.networking.podSubnet);
});
