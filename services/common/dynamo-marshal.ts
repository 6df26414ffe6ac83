// Which DynamoDB operation a command is, and the document-client translation of its input and output,
// for the lean client (dynamo-http.ts). Which members hold native JS values is NOT decided here: every
// @aws-sdk/lib-dynamodb command instance carries its own `inputKeyNodes`/`outputKeyNodes`, and they are
// walked exactly as lib-dynamodb's (unexported) marshallInput/unmarshallOutput walk them, with the
// options createDocClient gave lib-dynamodb. So the lean client marshals what lib-dynamodb marshals.
import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactGetCommand,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { marshall, type marshallOptions, unmarshall, type unmarshallOptions } from "@aws-sdk/util-dynamodb";

/** What createDocClient configures (and lib-dynamodb's own defaults for attribute values). */
export const MARSHALL: marshallOptions = { removeUndefinedValues: true, convertTopLevelContainer: true };
// Numbers come back as NumberValue (exact string) — never lossy JS floats.
export const UNMARSHALL: unmarshallOptions = { wrapNumbers: true, convertWithoutMapWrapper: true };

/** Every command the services, worker and scripts send through a Doc (health checks: DescribeTable). */
const OPERATIONS = new Map<unknown, string>([
  [GetCommand, "GetItem"],
  [PutCommand, "PutItem"],
  [UpdateCommand, "UpdateItem"],
  [DeleteCommand, "DeleteItem"],
  [QueryCommand, "Query"],
  [ScanCommand, "Scan"],
  [BatchGetCommand, "BatchGetItem"],
  [BatchWriteCommand, "BatchWriteItem"],
  [TransactGetCommand, "TransactGetItems"],
  [TransactWriteCommand, "TransactWriteItems"],
  [DescribeTableCommand, "DescribeTable"], // a low-level command: sent and answered as it is
]);

/** The DynamoDB operation (x-amz-target suffix, metric label) of a command; unknown ones are refused. */
export function operationOf(command: object): string {
  const op = OPERATIONS.get(command.constructor);
  if (!op) throw new Error(`lean DynamoDB client: unsupported command ${command.constructor.name}`);
  return op;
}

type KeyNodes = Record<string, unknown> | unknown[] | null | undefined;
interface DocCommand {
  input: object;
  inputKeyNodes?: KeyNodes;
  outputKeyNodes?: KeyNodes;
}

/** The request body: the command's input with its document members marshalled to attribute values. */
export function marshalInput(command: object): Record<string, unknown> {
  const c = command as DocCommand;
  if (!c.inputKeyNodes) return c.input as Record<string, unknown>;
  return walkKeys(c.input, (v) => marshall(v as never, MARSHALL), c.inputKeyNodes) as Record<string, unknown>;
}

/** The command's output: the response with its document members unmarshalled (numbers as NumberValue). */
export function unmarshalOutput(command: object, output: Record<string, unknown>): Record<string, unknown> {
  const c = command as DocCommand;
  if (!c.outputKeyNodes) return output;
  return walkKeys(output, (v) => unmarshall(v as never, UNMARSHALL), c.outputKeyNodes) as Record<
    string,
    unknown
  >;
}

type Fn = (v: unknown) => unknown;
const NEXT_LEVEL = "*";

// The three functions below mirror lib-dynamodb's commands/utils (processObj, processKeysInObj,
// processAllKeysInObj): null = translate this value; {} or [] = translate every member; {"*": n} =
// descend into every member with n; {a: n, b: m} = descend into the named members only.
function walk(obj: unknown, fn: Fn, nodes: KeyNodes): unknown {
  if (obj === undefined) return undefined;
  if (nodes == null) return fn(obj);
  const keys = Object.keys(nodes);
  if (keys.length === 0) return walkAll(obj, fn);
  if (keys.length === 1 && keys[0] === NEXT_LEVEL) {
    const next = (nodes as Record<string, KeyNodes>)[NEXT_LEVEL];
    const acc: Record<string, unknown> | unknown[] = Array.isArray(obj) ? [] : {};
    for (const [k, v] of Object.entries(obj as object)) {
      if (typeof v !== "function") (acc as Record<string, unknown>)[k] = walk(v, fn, next);
    }
    return acc;
  }
  return walkKeys(obj, fn, nodes);
}

function walkKeys(obj: unknown, fn: Fn, nodes: KeyNodes): unknown {
  const src = obj as Record<string, unknown>;
  let acc: Record<string, unknown> | unknown[];
  if (Array.isArray(obj)) acc = obj.filter((item) => typeof item !== "function");
  else {
    acc = {};
    for (const [k, v] of Object.entries(src)) if (typeof v !== "function") acc[k] = v;
  }
  for (const [key, sub] of Object.entries(nodes as Record<string, KeyNodes>)) {
    if (typeof src[key] === "function") continue;
    const done = walk(src[key], fn, sub);
    if (done !== undefined && typeof done !== "function") (acc as Record<string, unknown>)[key] = done;
  }
  return acc;
}

function walkAll(obj: unknown, fn: Fn): unknown {
  if (Array.isArray(obj)) {
    return obj.filter((item) => typeof item !== "function").map((item) => walk(item, fn, null));
  }
  const acc: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj as object)) {
    if (typeof v === "function") continue;
    const done = walk(v, fn, null);
    if (done !== undefined && typeof done !== "function") acc[k] = done;
  }
  return acc;
}
