// User profile persistence: the profile item, the email claim item and the opening balance.
import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { rejected } from "../../common/domain-error.ts";
import { ConditionFailed, type Doc, transactWrite } from "../../common/dynamo.ts";
import { keys } from "../../common/keys.ts";
import { ddbNumber, ZERO } from "../../common/money.ts";
import type { Role } from "../../common/jwt.ts";

export interface UserRecord {
  username: string;
  email: string;
  password_hash: string;
  first_name: string;
  last_name: string;
  phone: string;
  date_of_birth: string | null;
  marketing_emails_consent: boolean;
  role: Role;
  created_at: string;
  updated_at: string;
}

const userKey = keys.profile;
const emailKey = keys.emailClaim;

/** Create user, email claim and zero balance atomically. Duplicate username/email → 409. */
export async function createUser(doc: Doc, table: string, user: UserRecord): Promise<void> {
  try {
    await transactWrite(doc, {
      profile: {
        Put: {
          TableName: table,
          Item: { ...userKey(user.username), entity: "user", ...user },
          ConditionExpression: "attribute_not_exists(PK)",
        },
      },
      emailClaim: {
        Put: {
          TableName: table,
          Item: { ...emailKey(user.email), entity: "email_claim", username: user.username },
          ConditionExpression: "attribute_not_exists(PK)",
        },
      },
      balance: {
        Put: {
          TableName: table,
          Item: {
            ...keys.balance(user.username),
            entity: "balance",
            available: ddbNumber(ZERO),
            held: ddbNumber(ZERO),
            ledger_count: 0,
            created_at: user.created_at,
            updated_at: user.created_at,
          },
          ConditionExpression: "attribute_not_exists(PK)",
        },
      },
    });
  } catch (err) {
    if (err instanceof ConditionFailed) {
      throw err.itemName === "emailClaim"
        ? rejected("EMAIL_TAKEN", `Email '${user.email}' already exists`)
        : rejected("USERNAME_TAKEN", `Username '${user.username}' already exists`);
    }
    throw err;
  }
}

export async function getUser(doc: Doc, table: string, username: string): Promise<UserRecord | undefined> {
  const r = await doc.send(
    new GetCommand({ TableName: table, Key: userKey(username), ConsistentRead: true }),
  );
  return r.Item as UserRecord | undefined;
}

export async function requireUser(doc: Doc, table: string, username: string): Promise<UserRecord> {
  const user = await getUser(doc, table, username);
  if (!user) throw rejected("USER_NOT_FOUND", `User '${username}' not found`);
  return user;
}

export type ProfileChanges = Partial<
  Pick<
    UserRecord,
    "first_name" | "last_name" | "email" | "phone" | "date_of_birth" | "marketing_emails_consent"
  >
>;

/** Apply profile changes; an email change moves the email claim in the same transaction. */
export async function updateProfile(
  doc: Doc,
  table: string,
  current: UserRecord,
  changes: ProfileChanges,
): Promise<UserRecord> {
  const updated: UserRecord = { ...current, ...changes, updated_at: new Date().toISOString() };
  const fields = Object.keys(changes) as (keyof ProfileChanges)[];
  const sets = [...fields.map((f) => `#${f} = :${f}`), "updated_at = :updated_at"];
  const update = {
    TableName: table,
    Key: userKey(current.username),
    UpdateExpression: `SET ${sets.join(", ")}`,
    ConditionExpression: "attribute_exists(PK)",
    ExpressionAttributeNames: Object.fromEntries(fields.map((f) => [`#${f}`, f])),
    ExpressionAttributeValues: {
      ...Object.fromEntries(fields.map((f) => [`:${f}`, changes[f]])),
      ":updated_at": updated.updated_at,
    },
  };
  if (fields.length === 0) delete (update as Partial<typeof update>).ExpressionAttributeNames;
  if (!changes.email || changes.email === current.email) {
    await doc.send(new UpdateCommand(update));
    return updated;
  }
  try {
    await transactWrite(doc, {
      profile: { Update: update },
      newEmailClaim: {
        Put: {
          TableName: table,
          Item: { ...emailKey(changes.email), entity: "email_claim", username: current.username },
          ConditionExpression: "attribute_not_exists(PK)",
        },
      },
      oldEmailClaim: {
        Delete: {
          TableName: table,
          Key: emailKey(current.email),
          ConditionExpression: "attribute_not_exists(PK) OR username = :me",
          ExpressionAttributeValues: { ":me": current.username },
        },
      },
    });
  } catch (err) {
    if (err instanceof ConditionFailed && err.itemName === "newEmailClaim") {
      throw rejected("EMAIL_TAKEN", `Email '${changes.email}' already exists`);
    }
    throw err;
  }
  return updated;
}

/** Set a user's role (admin tooling only; never reachable from a request body). */
export async function setRole(doc: Doc, table: string, username: string, role: Role): Promise<void> {
  await doc.send(
    new UpdateCommand({
      TableName: table,
      Key: userKey(username),
      UpdateExpression: "SET #role = :role, updated_at = :now",
      ConditionExpression: "attribute_exists(PK)",
      ExpressionAttributeNames: { "#role": "role" },
      ExpressionAttributeValues: { ":role": role, ":now": new Date().toISOString() },
    }),
  );
}

/** The users store as the account use cases see it. */
export function createUserStore(doc: Doc, table: string) {
  return {
    create: (user: UserRecord) => createUser(doc, table, user),
    find: (username: string) => getUser(doc, table, username),
    update: (current: UserRecord, changes: ProfileChanges) => updateProfile(doc, table, current, changes),
  };
}
