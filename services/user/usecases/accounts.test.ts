// Account use cases with in-memory ports: no DynamoDB, Redis, bcrypt or Hono.
import assert from "node:assert/strict";
import { DomainError } from "../../common/domain-error.ts";
import type { AccessClaims } from "../../common/jwt.ts";
import type { UserRecord } from "../store/users.ts";
import { type AccountPorts, login, logout, profile, register, updateProfile } from "./accounts.ts";

function memoryPorts() {
  const users = new Map<string, UserRecord>();
  const revoked: string[] = [];
  const ports: AccountPorts = {
    locker: { withLock: (_key, fn) => fn() },
    lockWaitMs: 0,
    users: {
      create: (u) => {
        if (users.has(u.username)) return Promise.reject(new DomainError("USERNAME_TAKEN", "taken"));
        users.set(u.username, u);
        return Promise.resolve();
      },
      find: (name) => Promise.resolve(users.get(name)),
      update: (current, changes) => {
        const next = { ...current, ...changes };
        users.set(current.username, next);
        return Promise.resolve(next);
      },
    },
    passwords: {
      hash: (p) => Promise.resolve(`hashed:${p}`),
      verify: (p, h) => Promise.resolve(h === `hashed:${p}`),
      dummy: () => Promise.resolve("hashed:\u0000"),
    },
    tokens: {
      issue: (username, role) => Promise.resolve({ token: `${username}:${role}`, expiresIn: 60 }),
      revoke: (c) => {
        revoked.push(c.jti);
        return Promise.resolve();
      },
    },
  };
  return { ports, users, revoked };
}

const reg = {
  username: "alice",
  email: "alice@example.com",
  password: "Secret123!",
  first_name: "Alice",
  last_name: "A",
  phone: "+15551234567",
  marketing_emails_consent: true,
};
const code = (e: unknown) => e instanceof DomainError ? e.code : String(e);

Deno.test("accounts: register persists every field as a customer; login issues a token", async () => {
  const { ports, users } = memoryPorts();
  await register(ports, reg);
  const u = users.get("alice")!;
  assert.equal(u.role, "customer");
  assert.equal(u.phone, "+15551234567");
  assert.equal(u.marketing_emails_consent, true);
  assert.equal(u.password_hash, "hashed:Secret123!");
  assert.deepEqual(await login(ports, "alice", "Secret123!"), { token: "alice:customer", expiresIn: 60 });
});

Deno.test("accounts: unknown user and wrong password get the same rejection", async () => {
  const { ports } = memoryPorts();
  await register(ports, reg);
  const wrong = await login(ports, "alice", "nope").catch(code);
  const unknown = await login(ports, "nobody", "Secret123!").catch(code);
  assert.equal(wrong, "INVALID_CREDENTIALS");
  assert.equal(unknown, "INVALID_CREDENTIALS");
});

Deno.test("accounts: profile changes apply only given fields; null phone clears it; logout revokes", async () => {
  const { ports, revoked } = memoryPorts();
  await register(ports, reg);
  const updated = await updateProfile(ports, "alice", { first_name: "Alicia", phone: null });
  assert.equal(updated.first_name, "Alicia");
  assert.equal(updated.phone, "");
  assert.equal(updated.last_name, "A");
  assert.equal(await profile(ports, "ghost").catch(code), "USER_NOT_FOUND");
  await logout(ports, { sub: "alice", jti: "j1" } as AccessClaims);
  assert.deepEqual(revoked, ["j1"]);
});

Deno.test("accounts: a taken username is refused before any password is hashed", async () => {
  const { ports } = memoryPorts();
  await register(ports, reg);
  let hashed = 0;
  const counting = {
    ...ports,
    passwords: { ...ports.passwords, hash: (p: string) => (hashed++, ports.passwords.hash(p)) },
  };
  assert.equal(await register(counting, reg).catch(code), "USERNAME_TAKEN");
  assert.equal(hashed, 0);
});
