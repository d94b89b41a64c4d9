// Staff passwords: argon2id through @node-rs/argon2 (a maintained binding of the reference
// implementation, prebuilt for every platform we run on), with its defaults — m = 19 MiB, t = 2,
// p = 1, OWASP's first recommended argon2id configuration — stored as the PHC string it returns
// ($argon2id$v=19$m=…,t=…,p=…$salt$hash), so parameters can be raised later without a migration.
import { hash, verify } from '@node-rs/argon2';

/** NIST SP 800-63B asks for at least 8; staff accounts guard incident posting, so we ask for 12. */
export const PASSWORD_MIN = 12;
/** Long enough for any passphrase, short enough that hashing it is never a denial of service. */
export const PASSWORD_MAX = 256;

export type PasswordProblem = 'too_short' | 'too_long';

export function passwordProblem(password: string): PasswordProblem | undefined {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return 'too_short';
  if (length > PASSWORD_MAX) return 'too_long';
  return undefined;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

// Verified against when the email names no account, so an unknown address costs the same time
// as a wrong password and the answer's timing tells nothing (no enumeration).
let dummy: Promise<string> | undefined;

/** True when `password` matches `stored`; a malformed stored hash is a mismatch, never a throw. */
export async function verifyPassword(stored: string | undefined, password: string): Promise<boolean> {
  if (password.length > PASSWORD_MAX * 4) return false;
  if (stored === undefined) {
    dummy ??= hash('not a password of anyone');
    await verify(await dummy, password).catch(() => false);
    return false;
  }
  return verify(stored, password).catch(() => false);
}
