// terraform/ is formatted, parses, and agrees with the code: the table equals what
// services/common/table.ts creates, IAM names only the table and its indexes, ECR has a repository
// per process, and the outputs k8s.sh reads exist. Providers cannot be downloaded here, so
// `terraform validate`/`plan` are not run (terraform/README.md).
import assert from "node:assert/strict";
import { parse } from "@cdktf/hcl2json";
import type { CreateTableCommandInput, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ensureTable } from "../services/common/table.ts";
import { find, need, processes, publicProcesses, render, ROOT, sh } from "./lib.ts";

// deno-lint-ignore no-explicit-any
type Hcl = Record<string, any>;
const TF = `${ROOT}/terraform`;

async function loadTerraform(): Promise<Hcl> {
  const merged: Hcl = {};
  for (const entry of Deno.readDirSync(TF)) {
    if (!entry.name.endsWith(".tf")) continue;
    const doc = await parse(entry.name, await Deno.readTextFile(`${TF}/${entry.name}`));
    for (const [block, body] of Object.entries(doc as Hcl)) {
      if (Array.isArray(body)) { // locals: one object per block, merged below
        merged[block] = [Object.assign({}, ...(merged[block] ?? []), ...body)];
        continue;
      }
      merged[block] ??= {};
      for (const [type, byName] of Object.entries(body as Hcl)) {
        merged[block][type] = { ...(merged[block][type] ?? {}), ...byName };
      }
    }
  }
  return merged;
}
const tf = loadTerraform();
const res = async (type: string, name: string) => (await tf).resource?.[type]?.[name]?.[0];
const data = async (type: string, name: string) => (await tf).data?.[type]?.[name]?.[0];

/** What ensureTable sends to DynamoDB when the table is missing, captured with a fake client. */
async function tableFromCode() {
  let create: CreateTableCommandInput | undefined;
  let ttl: { AttributeName?: string; Enabled?: boolean } | undefined;
  const client = {
    send(cmd: { input: Record<string, unknown> }) {
      const name = cmd.constructor.name;
      if (name === "CreateTableCommand") create = cmd.input as unknown as CreateTableCommandInput;
      else if (name === "UpdateTimeToLiveCommand") ttl = cmd.input.TimeToLiveSpecification as typeof ttl;
      else if (name === "DescribeTableCommand") {
        if (!create) {
          return Promise.reject(Object.assign(new Error("missing"), { name: "ResourceNotFoundException" }));
        }
        return Promise.resolve({ Table: { TableStatus: "ACTIVE", GlobalSecondaryIndexes: [] } });
      }
      return Promise.resolve({});
    },
  } as unknown as DynamoDBClient;
  await ensureTable(client, "drift-check");
  assert(create, "ensureTable creates the table");
  return { create, ttl };
}

// terraform has no package in the registries this project's machines reach (Debian, npm), so a
// machine without it cannot run this one check (scripts/lib/tools.sh); it is skipped, by this name.
const hasTerraform = (await sh(["bash", "-c", "command -v terraform"], { ok: false })).code === 0;
Deno.test({
  name: hasTerraform
    ? "terraform fmt -check passes"
    : "terraform fmt -check: SKIPPED, terraform is not installed (no Debian or npm package; see terraform/README.md)",
  ignore: !hasTerraform,
  fn: async () => {
    const r = await sh(["terraform", "fmt", "-check", "-recursive", "terraform"], { ok: false });
    assert.equal(r.code, 0, `terraform fmt -check: ${r.stdout}${r.stderr}`);
  },
});

Deno.test("the DynamoDB table equals the one services/common/table.ts creates", async () => {
  const { create, ttl } = await tableFromCode();
  const t = await res("aws_dynamodb_table", "main");
  assert(t, "aws_dynamodb_table.main");
  assert.equal(t.billing_mode, create.BillingMode);
  const key = (ks: { AttributeName?: string; KeyType?: string }[] | undefined, type: string) =>
    ks?.find((k) => k.KeyType === type)?.AttributeName;
  assert.equal(t.hash_key, key(create.KeySchema, "HASH"));
  assert.equal(t.range_key, key(create.KeySchema, "RANGE"));
  const attrs = (t.attribute as Hcl[]).map((a) => `${a.name}:${a.type}`).sort();
  assert.deepEqual(
    attrs,
    create.AttributeDefinitions!.map((a) => `${a.AttributeName}:${a.AttributeType}`).sort(),
  );
  const gsis = (t.global_secondary_index as Hcl[] ?? []).map((g) => ({
    name: g.name,
    hash: g.hash_key,
    range: g.range_key,
    projection: g.projection_type,
    nonKey: g.non_key_attributes ?? [],
  })).sort((a, b) => a.name.localeCompare(b.name));
  const codeGsis = (create.GlobalSecondaryIndexes ?? []).map((g) => ({
    name: g.IndexName,
    hash: key(g.KeySchema, "HASH"),
    range: key(g.KeySchema, "RANGE"),
    projection: g.Projection?.ProjectionType,
    nonKey: g.Projection?.NonKeyAttributes ?? [],
  })).sort((a, b) => a.name!.localeCompare(b.name!));
  assert.deepEqual(gsis, codeGsis, "GSIs");
  assert(!t.local_secondary_index && !create.LocalSecondaryIndexes, "no LSIs on either side");
  assert(ttl?.Enabled, "the code enables TTL");
  assert.deepEqual(t.ttl, [{ attribute_name: ttl.AttributeName, enabled: true }], "TTL");
});

Deno.test("the table name terraform creates is the TABLE_NAME the EKS overlay gives the pods", async () => {
  const name = (await tf).locals[0].name as string;
  assert.equal(name, "order-processor-${var.environment}");
  const eks = await render("overlays/eks");
  const cm = eks.find((o) => o.kind === "ConfigMap" && o.metadata.name.startsWith("order-processor-config"))!;
  assert.equal(cm.data.TABLE_NAME, name.replace("${var.environment}", "prod"));
  assert.equal((await res("aws_dynamodb_table", "main")).name, "${local.name}");
});

Deno.test("IAM: the app role (IRSA) may use only the table and its indexes, from the app's service account", async () => {
  const all = await tf;
  const doc = await data("aws_iam_policy_document", "app_table");
  const resources = (doc.statement as Hcl[]).flatMap((s) => s.resources);
  assert.deepEqual(resources, ["${aws_dynamodb_table.main.arn}", "${aws_dynamodb_table.main.arn}/index/*"]);
  const actions = (doc.statement as Hcl[]).flatMap((s) => s.actions as string[]);
  assert(
    actions.every((a) => /^dynamodb:[A-Z]\w+$/.test(a)),
    `DynamoDB data actions only, no wildcards: ${actions}`,
  );
  for (const a of ["dynamodb:DeleteTable", "dynamodb:UpdateTable", "dynamodb:Scan"]) {
    assert(!actions.includes(a), a);
  }
  // Nothing else is attached to the app role.
  const attached = [
    ...Object.entries(all.resource.aws_iam_role_policy ?? {}),
    ...Object.entries(all.resource.aws_iam_role_policy_attachment ?? {}),
  ].filter(([, v]) => String((v as Hcl[])[0].role).includes("aws_iam_role.app."));
  assert.deepEqual(attached.map(([k]) => k), ["app_table"]);
  assert.equal(
    (await res("aws_iam_role_policy", "app_table")).policy,
    "${data.aws_iam_policy_document.app_table.json}",
  );
  // Trust: exactly the namespace + service account the data processes run as.
  const trust = await data("aws_iam_policy_document", "app_assume");
  const sub = (trust.statement[0].condition as Hcl[]).find((c) => String(c.variable).endsWith(":sub"));
  assert.deepEqual(sub?.values, [
    "system:serviceaccount:${local.k8s_namespace}:${local.k8s_service_account}",
  ]);
  const locals = all.locals[0];
  const base = await render("base");
  assert(find(base, "Namespace", locals.k8s_namespace), "terraform's namespace is the base's");
  // The public entry points (gateway, dashboard) never get the table role; every other process does.
  const publics = publicProcesses();
  for (const p of await processes()) {
    const sa = need(base, "Deployment", p.name).spec.template.spec.serviceAccountName;
    if (publics.includes(p.name)) {
      assert.notEqual(sa, locals.k8s_service_account, `${p.name} (public) has no AWS access`);
    } else assert.equal(sa, locals.k8s_service_account, `${p.name} runs as the IRSA service account`);
  }
});

Deno.test("IAM: the GitHub deploy role is scoped to the ECR repositories, the app secret, the cluster and its state", async () => {
  const doc = await data("aws_iam_policy_document", "deploy");
  const dynamic = ((doc.dynamic?.statement ?? []) as Hcl[]).flatMap((d) => d.content as Hcl[]);
  const scoped = /aws_ecr_repository\.process|aws_secretsmanager_secret\.app|aws_eks_cluster\.main/;
  // The state object infra.sh writes (backend key order-processor/<env>.tfstate), read-only.
  const infraSh = await Deno.readTextFile(`${ROOT}/scripts/lib/infra.sh`);
  const key = /key=(order-processor\/)\$env(\.tfstate)/.exec(infraSh);
  assert(key, "infra.sh names its state key");
  const state = `arn:aws:s3:::\${var.state_bucket}/${key[1]}\${var.environment}${key[2]}`;
  for (const st of [...(doc.statement as Hcl[]), ...dynamic]) {
    const r = ([] as string[]).concat(st.resources);
    if (r.includes("*")) {
      assert.deepEqual(st.actions, ["ecr:GetAuthorizationToken"], "only ECR login needs *");
    } else if (r.includes(state)) assert.deepEqual(st.actions, ["s3:GetObject"], "state: read only");
    else assert(r.every((x) => scoped.test(x)), `${r}`);
  }
  assert(dynamic.some((st) => st.resources.includes(state)), "deploy role can read the state for outputs");
  const sub = (await data("aws_iam_policy_document", "deploy_assume")).statement[0].condition
    .find((c: Hcl) => String(c.variable).endsWith(":sub"));
  assert.deepEqual(
    sub.values,
    ["repo:${var.github_repository}:ref:${var.github_ref}"],
    "one repository, one ref",
  );
});

Deno.test("ElastiCache: TLS in transit, AUTH token, at-rest encryption; the Secret's keys match the pods'", async () => {
  const r = await res("aws_elasticache_replication_group", "redis");
  assert.equal(r.transit_encryption_enabled, true);
  assert.equal(r.at_rest_encryption_enabled, true);
  assert.equal(r.auth_token, "${random_password.redis_auth.result}");
  const secret = (await res("aws_secretsmanager_secret_version", "app")).secret_string as string;
  assert.match(secret, /REDIS_URL\s*=\s*"rediss:\/\//, "REDIS_URL uses TLS (rediss://)");
  const keys = [...secret.matchAll(/^\s*(\w+)\s*=/gm)].map((m) => m[1]).sort();
  const base = find(await render("base"), "Secret", "order-processor-secrets")!;
  assert.deepEqual(keys, Object.keys(base.data).sort(), "Secrets Manager keys = the Secret the pods load");
  const k8sSh = await Deno.readTextFile(`${ROOT}/scripts/lib/k8s.sh`);
  const created = /stringData:\{([^}]*)\}/.exec(k8sSh)?.[1].split(",").map((kv) => kv.split(":")[0]).sort();
  assert.deepEqual(created, keys, "deploy.sh creates the Secret with those keys");
});

Deno.test("ECR has one repository per process; every output deploy.sh reads exists; tfvars declare only variables", async () => {
  const all = await tf;
  const ecr = all.locals[0].processes;
  assert.deepEqual(
    [...ecr].sort(),
    (await processes()).map((p) => p.name).sort(),
    "ECR repositories = SERVICES",
  );
  const k8sSh = await Deno.readTextFile(`${ROOT}/scripts/lib/k8s.sh`);
  const used = new Set([...k8sSh.matchAll(/\bo\.(\w+)/g)].map((m) => m[1]));
  for (const m of k8sSh.matchAll(/for\(const k of \[([^\]]+)\]/g)) {
    for (const k of m[1].matchAll(/"(\w+)"/g)) used.add(k[1]);
  }
  assert(used.size > 5, "k8s.sh reads terraform outputs");
  for (const o of used) assert(all.output?.[o], `output "${o}" used by scripts/lib/k8s.sh exists`);
  for (const env of ["dev", "prod"]) {
    const vars = await parse(`${env}.tfvars`, await Deno.readTextFile(`${TF}/environments/${env}.tfvars`));
    for (const k of Object.keys(vars)) assert(all.variable[k], `${env}.tfvars: ${k} is declared`);
    assert.equal((vars as Hcl).environment, env);
  }
});
