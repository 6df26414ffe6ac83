// Account use cases: register, log in, read and change the profile, log out. Storage, password
// hashing and tokens come in as ports, so these run (and are tested) without DynamoDB, Redis or HTTP.
import { rejected } from "../../common/domain-error.ts";
import type { AccessClaims, Role } from "../../common/jwt.ts";
import type { ProfileChanges, UserRecord } from "../store/users.ts";

export interface AccountPorts {
  users: {
    create(user: UserRecord): Promise<void>;
    find(username: string): Promise<UserRecord | undefined>;
    update(current: UserRecord, changes: ProfileChanges): Promise<UserRecord>;
  };
  passwords: {
    hash(plain: string): Promise<string>;
    verify(plain: string, hash: string): Promise<boolean>;
    /** A hash to compare against for unknown users, so they cost the same time as known ones. */
    dummy(): Promise<string>;
  };
  tokens: {
    issue(username: string, role: Role): Promise<{ token: string; expiresIn: number }>;
    revoke(claims: AccessClaims): Promise<void>;
  };
  locker: { withLock<T>(key: string, fn: () => Promise<T>, opts?: { waitMs?: number }): Promise<T> };
  lockWaitMs: number;
}

export interface Registration {
  username: string;
  email: string;
  password: string;
  first_name: string;
  last_name: string;
  phone?: string | null;
  date_of_birth?: string | null;
  marketing_emails_consent: boolean;
}

/**
 * Every field it accepts is persisted (upstream dropped some); the role is never the caller's choice.
 * Registrations of one name queue on a lock and a taken name is refused before hashing, so a burst of
 * duplicates costs one bcrypt (~0.3 s of CPU), not one each. The transaction still decides the race.
 */
export function register(ports: AccountPorts, r: Registration): Promise<void> {
  return ports.locker.withLock(`register:${r.username}`, async () => {
    if (await ports.users.find(r.username)) {
      throw rejected("USERNAME_TAKEN", `Username '${r.username}' already exists`);
    }
    await createAccount(ports, r);
  }, { waitMs: ports.lockWaitMs });
}

async function createAccount(ports: AccountPorts, r: Registration): Promise<void> {
  const now = new Date().toISOString();
  await ports.users.create({
    username: r.username,
    email: r.email,
    password_hash: await ports.passwords.hash(r.password),
    first_name: r.first_name,
    last_name: r.last_name,
    phone: r.phone ?? "",
    date_of_birth: r.date_of_birth ?? null,
    marketing_emails_consent: r.marketing_emails_consent,
    role: "customer",
    created_at: now,
    updated_at: now,
  });
}

/** Unknown users and wrong passwords get the same answer after the same work (no enumeration). */
export async function login(ports: AccountPorts, username: string, password: string) {
  const user = await ports.users.find(username);
  const ok = await ports.passwords.verify(password, user?.password_hash ?? (await ports.passwords.dummy()));
  if (!user || !ok) throw rejected("INVALID_CREDENTIALS", "Invalid username or password");
  return ports.tokens.issue(user.username, user.role);
}

export async function profile(ports: AccountPorts, username: string): Promise<UserRecord> {
  const user = await ports.users.find(username);
  if (!user) throw rejected("USER_NOT_FOUND", `User '${username}' not found`);
  return user;
}

/** Apply the fields present in `changes`; `phone: null` clears the phone. */
export async function updateProfile(
  ports: AccountPorts,
  username: string,
  changes: Omit<ProfileChanges, "phone"> & { phone?: string | null },
): Promise<UserRecord> {
  const current = await profile(ports, username);
  const defined = Object.fromEntries(
    Object.entries(changes).filter(([, v]) => v !== undefined),
  ) as ProfileChanges;
  if (changes.phone === null) defined.phone = "";
  return ports.users.update(current, defined);
}

export const logout = (ports: AccountPorts, claims: AccessClaims) => ports.tokens.revoke(claims);
