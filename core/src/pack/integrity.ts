import { createHash, timingSafeEqual } from 'node:crypto';
import type { Readable } from 'node:stream';
import { GtcxError } from '../errors.js';

/** Strongest first: when an SRI string carries several algorithms, only the strongest counts (W3C SRI). */
const algorithms = ['sha512', 'sha384', 'sha256'] as const;
type Algorithm = (typeof algorithms)[number];

export interface SriHash {
  algorithm: Algorithm;
  /** Base64 digest. */
  digest: string;
}

/** `sha512-<base64>` over the bytes, from a buffer or by draining a stream. */
export function computeIntegrity(data: Buffer): string;
export function computeIntegrity(data: Readable): Promise<string>;
export function computeIntegrity(data: Buffer | Readable): string | Promise<string> {
  if (Buffer.isBuffer(data)) return `sha512-${createHash('sha512').update(data).digest('base64')}`;
  return (async () => {
    const hash = createHash('sha512');
    for await (const chunk of data) hash.update(chunk as Buffer);
    return `sha512-${hash.digest('base64')}`;
  })();
}

/**
 * Parses an SRI string: space-separated `<alg>-<base64>[?options]` tokens. Unknown algorithms are
 * skipped, as browsers do; a string with no usable hash is refused.
 */
export function parseIntegrity(sri: string): SriHash[] {
  const hashes: SriHash[] = [];
  for (const token of sri.trim().split(/\s+/)) {
    const match = /^(sha512|sha384|sha256)-([A-Za-z0-9+/]+={0,2})(?:\?.*)?$/.exec(token);
    if (match) hashes.push({ algorithm: match[1] as Algorithm, digest: match[2] as string });
  }
  if (hashes.length === 0) {
    throw new GtcxError('validation_failed', `"${sri}" is not an integrity string`, {
      hint: 'integrity strings look like sha512-<base64 digest> (Subresource Integrity)',
      details: { field: 'integrity', value: sri },
    });
  }
  return hashes;
}

/** The hex sha512 digest of an SRI string: the cache's content address. */
export function integrityHex(sri: string): string {
  const sha512 = parseIntegrity(sri).find((hash) => hash.algorithm === 'sha512');
  if (!sha512 || Buffer.from(sha512.digest, 'base64').length !== 64) {
    throw new GtcxError('validation_failed', `"${sri}" has no sha512 digest`, {
      hint: 'packs are addressed by their sha512 integrity (sha512-<88 base64 characters>)',
      details: { field: 'integrity', value: sri },
    });
  }
  return Buffer.from(sha512.digest, 'base64').toString('hex');
}

export interface VerifyOptions {
  /** Named in the error, e.g. `@acme/web@1.2.0`. */
  label?: string;
}

/**
 * Checks bytes against an SRI string: the strongest algorithm present must match with one of its
 * digests. Returns the matching SRI token; throws integrity_mismatch otherwise.
 */
export function verifyIntegrity(data: Buffer, sri: string, options: VerifyOptions = {}): string {
  const hashes = parseIntegrity(sri);
  const strongest = algorithms.find((algorithm) => hashes.some((hash) => hash.algorithm === algorithm));
  const candidates = hashes.filter((hash) => hash.algorithm === strongest);
  const actual = createHash(strongest as Algorithm)
    .update(data)
    .digest();
  for (const candidate of candidates) {
    const expected = Buffer.from(candidate.digest, 'base64');
    if (expected.length === actual.length && timingSafeEqual(expected, actual)) {
      return `${candidate.algorithm}-${candidate.digest}`;
    }
  }
  const what = options.label ?? 'the pack';
  const actualSri = `${strongest}-${actual.toString('base64')}`;
  throw new GtcxError(
    'integrity_mismatch',
    `integrity check failed for ${what}: expected ${sri}, got ${actualSri}`,
    {
      hint: 'the download was corrupted or tampered with: clear the cache entry with gtcx pack install --force or check the registry',
      details: { pack: options.label, expected: sri, actual: actualSri },
    },
  );
}
