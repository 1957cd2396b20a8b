import { createHash, createPublicKey, type KeyObject, timingSafeEqual, verify } from 'node:crypto';
import { GtcxSdkError } from '../errors.js';
import type { components } from '../generated/openapi.js';

export type PackSignature = components['schemas']['PackSignature'];
export type PackSigningKey = components['schemas']['PackSigningKey'];
/** What verification needs of a signing key. */
export type SigningKeyInput = Pick<PackSigningKey, 'keyId' | 'publicKey' | 'expiresAt'>;

/** Strongest first: when an SRI string carries several algorithms, only the strongest counts (W3C SRI). */
const algorithms = ['sha512', 'sha384', 'sha256'] as const;
type Algorithm = (typeof algorithms)[number];

/** The subject of a registry signature: the pack, its version and the tarball's integrity. */
export interface SignedSubject {
  name: string;
  version: string;
  integrity: string;
}

/** `sha512-<base64>` over the bytes: the Subresource Integrity string the registry records. */
export function computeIntegrity(bytes: Uint8Array): string {
  return `sha512-${createHash('sha512').update(bytes).digest('base64')}`;
}

/**
 * Checks bytes against an SRI string: the strongest algorithm present must match one of its
 * digests. Returns the matching token; throws `integrity_mismatch` otherwise. The same rule as
 * `gtcx pack install`.
 */
export function verifyIntegrity(bytes: Uint8Array, sri: string, label = 'the pack'): string {
  const hashes = parseIntegrity(sri);
  const strongest = algorithms.find((algorithm) => hashes.some((hash) => hash.algorithm === algorithm));
  const actual = createHash(strongest as Algorithm)
    .update(bytes)
    .digest();
  for (const candidate of hashes.filter((hash) => hash.algorithm === strongest)) {
    const expected = Buffer.from(candidate.digest, 'base64');
    if (expected.length === actual.length && timingSafeEqual(expected, actual)) {
      return `${candidate.algorithm}-${candidate.digest}`;
    }
  }
  const actualSri = `${strongest}-${actual.toString('base64')}`;
  throw new GtcxSdkError(
    'integrity_mismatch',
    `integrity check failed for ${label}: expected ${sri}, got ${actualSri}`,
    {
      hint: 'the download was corrupted or tampered with: do not use it; download it again or ask the registry admins',
      details: { pack: label, expected: sri, actual: actualSri },
    },
  );
}

function parseIntegrity(sri: string): Array<{ algorithm: Algorithm; digest: string }> {
  const hashes: Array<{ algorithm: Algorithm; digest: string }> = [];
  for (const token of sri.trim().split(/\s+/)) {
    const match = /^(sha512|sha384|sha256)-([A-Za-z0-9+/]+={0,2})(?:\?.*)?$/.exec(token);
    if (match) hashes.push({ algorithm: match[1] as Algorithm, digest: match[2] as string });
  }
  if (hashes.length === 0) {
    throw new GtcxSdkError('validation_failed', `"${sri}" is not an integrity string`, {
      hint: 'integrity strings look like sha512-<base64 digest> (Subresource Integrity)',
      details: { field: 'integrity', value: sri },
    });
  }
  return hashes;
}

/** The exact bytes a registry signature covers: `name@version:integrity`. */
export function signedPayload(subject: SignedSubject): string {
  return `${subject.name}@${subject.version}:${subject.integrity}`;
}

/**
 * Accepts a version when one of its signatures verifies (Ed25519 over `name@version:integrity`) with
 * a known key that had not expired when the version was published: rotating a key does not
 * invalidate what it signed before, but an expired key cannot vouch for anything newer. Returns the
 * key id that vouched; throws `signature_invalid` naming the pack and every problem otherwise. The
 * same rule as `gtcx pack install` (core/src/pack/signatures.ts).
 */
export function verifyPackSignature(
  subject: SignedSubject,
  signatures: readonly PackSignature[],
  keys: readonly SigningKeyInput[],
  options: { publishedAt?: Date | string } = {},
): { keyId: string } {
  const label = `${subject.name}@${subject.version}`;
  const publishedAt = new Date(options.publishedAt ?? Date.now());
  const payload = Buffer.from(signedPayload(subject), 'utf8');
  const problems: string[] = [];
  for (const signature of signatures) {
    const key = keys.find((candidate) => candidate.keyId === signature.keyId);
    if (!key) {
      problems.push(`unknown key ${signature.keyId}`);
      continue;
    }
    if (key.expiresAt !== null && new Date(key.expiresAt).getTime() <= publishedAt.getTime()) {
      problems.push(`key ${key.keyId} expired at ${key.expiresAt}, before the version was published`);
      continue;
    }
    if (verifies(key.publicKey, payload, signature.sig)) return { keyId: key.keyId };
    problems.push(`the signature by ${key.keyId} does not match`);
  }
  const problem =
    signatures.length === 0
      ? 'it carries no registry signature'
      : `no valid signature: ${problems.join('; ')}`;
  throw new GtcxSdkError('signature_invalid', `cannot verify ${label}: ${problem}`, {
    hint: 'do not use this pack: it or its metadata was tampered with, or signed by a key you do not trust',
    details: { pack: label, integrity: subject.integrity, problems },
  });
}

function verifies(publicKey: string, payload: Buffer, sig: string): boolean {
  try {
    return verify(null, payload, toPublicKey(publicKey), Buffer.from(sig, 'base64'));
  } catch {
    return false;
  }
}

function toPublicKey(text: string): KeyObject {
  if (text.includes('-----BEGIN')) return createPublicKey(text);
  return createPublicKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'spki' });
}
