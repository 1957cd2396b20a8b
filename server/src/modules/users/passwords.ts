import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';
import { GtcxError } from '@gtcx/core';

/**
 * Password hashes are self-describing, `scrypt$N$r$p$salt$hash` (salt and hash base64url), so raising
 * the cost later leaves existing hashes verifiable with the parameters they were made with.
 */
const cost = { N: 2 ** 15, r: 8, p: 1 };
const saltBytes = 16;
const keyBytes = 32;
/** Bounds a stored hash may name, so a corrupt row cannot make one verification eat the machine. */
const maxN = 2 ** 20;
const maxRp = 32;

/** The Password schema's bounds, checked here too for callers that bypass the contract (bootstrap, CLI). */
export const minPasswordLength = 12;
export const maxPasswordLength = 1024;

export function assertPasswordPolicy(password: string, field = 'password'): void {
  if (password.length >= minPasswordLength && password.length <= maxPasswordLength) return;
  const problem =
    password.length < minPasswordLength
      ? `needs at least ${minPasswordLength} characters`
      : `may have at most ${maxPasswordLength} characters`;
  throw new GtcxError('validation_failed', `the password ${problem}`, {
    hint: `choose a password of ${minPasswordLength} to ${maxPasswordLength} characters (a passphrase of a few words works well)`,
    details: { errors: [{ field, message: problem }] },
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(saltBytes);
  const hash = await derive(password, salt, keyBytes, cost);
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

/** Constant-time comparison of a password with a stored hash; a malformed hash never matches. */
export async function passwordMatches(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (parsed === undefined) {
    // Still spend the time a real check takes, so a broken row does not stand out.
    await derive(password, dummySalt, keyBytes, cost);
    return false;
  }
  const actual = await derive(password, parsed.salt, parsed.hash.length, parsed.options);
  return timingSafeEqual(actual, parsed.hash);
}

/**
 * Spends what a real verification spends, for the unknown and disabled users whose sign-in must
 * take as long as anyone else's wrong password.
 */
export async function burnPasswordCheck(password: string): Promise<void> {
  await derive(password, dummySalt, keyBytes, cost);
}

const dummySalt = randomBytes(saltBytes);

interface ParsedHash {
  options: { N: number; r: number; p: number };
  salt: Buffer;
  hash: Buffer;
}

function parseHash(stored: string): ParsedHash | undefined {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  const powerOfTwo = Number.isInteger(N) && N > 1 && N <= maxN && (N & (N - 1)) === 0;
  const small = (value: number) => Number.isInteger(value) && value >= 1 && value <= maxRp;
  if (!powerOfTwo || !small(r) || !small(p)) return undefined;
  const salt = Buffer.from(parts[4] as string, 'base64url');
  const hash = Buffer.from(parts[5] as string, 'base64url');
  if (salt.length === 0 || hash.length < 16) return undefined;
  return { options: { N, r, p }, salt, hash };
}

function derive(
  password: string,
  salt: Buffer,
  length: number,
  options: { N: number; r: number; p: number },
): Promise<Buffer> {
  // scrypt needs 128 * N * r bytes; leave headroom over Node's 32 MiB default.
  const scryptOptions: ScryptOptions = { ...options, maxmem: 256 * options.N * options.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, length, scryptOptions, (error, key) =>
      error === null ? resolve(key) : reject(error),
    );
  });
}
