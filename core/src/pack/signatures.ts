import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { GtcxError } from '../errors.js';
import type { PackSignature, PackSigningKey } from './types.js';

export interface SignedSubject {
  name: string;
  version: string;
  integrity: string;
}

export interface GeneratedSigningKey {
  /** `SHA256:<unpadded base64 of sha256(SPKI DER)>`, as npm names registry keys. */
  keyId: string;
  /** Base64 DER SubjectPublicKeyInfo. */
  publicKey: string;
  /** PKCS#8 PEM; keep it secret. */
  privateKey: string;
}

/** The exact bytes a registry signature covers. */
export function signedPayload(subject: SignedSubject): string {
  return `${subject.name}@${subject.version}:${subject.integrity}`;
}

export function generateSigningKey(): GeneratedSigningKey {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  return {
    keyId: signingKeyId(spki),
    publicKey: spki.toString('base64'),
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

/** The key id of a public key (base64 SPKI DER, PEM, or the DER bytes). */
export function signingKeyId(publicKey: string | Buffer): string {
  const der = Buffer.isBuffer(publicKey)
    ? publicKey
    : toPublicKey(publicKey).export({ type: 'spki', format: 'der' });
  return `SHA256:${createHash('sha256').update(der).digest('base64').replace(/=+$/, '')}`;
}

export function signPackVersion(
  privateKey: string | KeyObject,
  keyId: string,
  subject: SignedSubject,
): PackSignature {
  const key = typeof privateKey === 'string' ? createPrivateKey(privateKey) : privateKey;
  const sig = sign(null, Buffer.from(signedPayload(subject), 'utf8'), key);
  return { keyId, sig: sig.toString('base64') };
}

export interface VerifySignatureOptions {
  /** When the version was published (PackVersion.publishedAt); `now` when unknown. */
  publishedAt?: Date | string;
  now?: Date;
}

export type SigningKeyInput = Pick<PackSigningKey, 'keyId' | 'publicKey' | 'expiresAt'>;

/**
 * Accepts a version when at least one of its signatures verifies with a known key that had not
 * expired when the version was published (npm's rule: rotating a key does not invalidate what it
 * signed before, but a key past its expiry cannot vouch for anything newer). Returns the key id
 * that vouched; throws signature_invalid naming the pack and what was wrong otherwise.
 */
export function verifyPackSignature(
  subject: SignedSubject,
  signatures: readonly PackSignature[],
  keys: readonly SigningKeyInput[],
  options: VerifySignatureOptions = {},
): { keyId: string } {
  const label = `${subject.name}@${subject.version}`;
  const publishedAt = new Date(options.publishedAt ?? options.now ?? new Date());
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
  throw new GtcxError('signature_invalid', `cannot verify ${label}: ${problem}`, {
    hint:
      problems.some((text) => text.startsWith('unknown key')) || signatures.length === 0
        ? 'refresh the registry keys (gtcx pack install fetches them online); if it persists, do not install the pack and tell the registry admins'
        : 'the pack or its metadata was tampered with, or signed by a retired key: do not install it; --no-verify skips this check',
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

export interface KeyCache {
  /** When the keys were fetched from the registry (RFC 3339). */
  fetchedAt: string;
  keys: PackSigningKey[];
}

/** The CLI's copy of a registry's signing keys, for verification offline; undefined when absent. */
export function readKeyCache(file: string): KeyCache | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw badKeyCache(file, 'is not JSON', error);
  }
  const cache = parsed as Partial<KeyCache>;
  if (typeof cache?.fetchedAt !== 'string' || !Array.isArray(cache.keys)) {
    throw badKeyCache(file, 'lacks fetchedAt or keys');
  }
  for (const key of cache.keys) {
    if (typeof key?.keyId !== 'string' || typeof key.publicKey !== 'string') {
      throw badKeyCache(file, 'has a key without keyId or publicKey');
    }
  }
  return cache as KeyCache;
}

export function writeKeyCache(file: string, keys: readonly PackSigningKey[], fetchedAt = new Date()): void {
  const body = `${JSON.stringify({ fetchedAt: fetchedAt.toISOString(), keys }, null, 2)}\n`;
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, body, { mode: 0o644 });
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

function badKeyCache(file: string, problem: string, cause?: unknown): GtcxError {
  return new GtcxError('validation_failed', `the signing key cache ${file} ${problem}`, {
    hint: `delete ${file}; gtcx fetches the registry's keys again on the next online install`,
    details: { file },
    cause,
  });
}
