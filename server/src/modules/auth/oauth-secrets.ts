import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Every OAuth secret this server mints: `gtcx_` and a kind, so secret scanners find leaked ones and a
 * person can tell them apart, then 256 random bits. Only their sha256 is stored.
 */
export const secretPrefixes = {
  clientSecret: 'gtcx_cs_',
  refreshToken: 'gtcx_rt_',
  deviceCode: 'gtcx_dc_',
} as const;

export function mintSecret(kind: keyof typeof secretPrefixes): string {
  return `${secretPrefixes[kind]}${randomBytes(32).toString('base64url')}`;
}

/** sha256, hex: what the tables keep instead of the secret. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Compares a presented secret with a stored hash in constant time. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const given = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}
