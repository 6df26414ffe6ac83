// bcrypt password hashing (bcryptjs, async so hashing yields to the event loop between rounds).
import bcrypt from "bcryptjs";

export const BCRYPT_COST = 12;

export const hashPassword = (plain: string): Promise<string> => bcrypt.hash(plain, BCRYPT_COST);

export const verifyPassword = (plain: string, hash: string): Promise<boolean> => bcrypt.compare(plain, hash);

// Compared against when the user does not exist, so unknown and known usernames take the same time.
let dummyHash: Promise<string> | undefined;
export function timingDummyHash(): Promise<string> {
  dummyHash ??= bcrypt.hash("timing-dummy-password-Aa1!", BCRYPT_COST);
  return dummyHash;
}
