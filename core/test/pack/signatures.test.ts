import { createPublicKey } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  generateSigningKey,
  readKeyCache,
  signingKeyId,
  signPackVersion,
  verifyPackSignature,
  writeKeyCache,
} from '../../src/pack/signatures.js';
import type { PackSigningKey } from '../../src/pack/types.js';
import { gtcxError, tempDir } from './helpers.js';

const subject = { name: '@acme/web', version: '1.2.0', integrity: 'sha512-abc' };
const key = generateSigningKey();
const published = '2026-03-01T00:00:00.000Z';

function registryKey(overrides: Partial<PackSigningKey> = {}): PackSigningKey {
  return {
    keyId: key.keyId,
    algorithm: 'ed25519',
    publicKey: key.publicKey,
    createdAt: '2026-01-01T00:00:00.000Z',
    expiresAt: null,
    ...overrides,
  };
}

describe('pack signatures', () => {
  it('names keys like npm: SHA256 of the SPKI DER, unpadded base64', () => {
    expect(key.keyId).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(signingKeyId(key.publicKey)).toBe(key.keyId);
    const pem = createPublicKey({ key: Buffer.from(key.publicKey, 'base64'), format: 'der', type: 'spki' })
      .export({ type: 'spki', format: 'pem' })
      .toString();
    expect(signingKeyId(pem)).toBe(key.keyId);
  });

  it('signs name@version:integrity and verifies with a base64 SPKI or PEM key', () => {
    const signature = signPackVersion(key.privateKey, key.keyId, subject);
    expect(verifyPackSignature(subject, [signature], [registryKey()], { publishedAt: published })).toEqual({
      keyId: key.keyId,
    });
    const pem = createPublicKey({ key: Buffer.from(key.publicKey, 'base64'), format: 'der', type: 'spki' })
      .export({ type: 'spki', format: 'pem' })
      .toString();
    expect(verifyPackSignature(subject, [signature], [registryKey({ publicKey: pem })]).keyId).toBe(
      key.keyId,
    );
  });

  it('refuses a signature over other metadata', async () => {
    const signature = signPackVersion(key.privateKey, key.keyId, subject);
    const error = await gtcxError(() =>
      verifyPackSignature({ ...subject, integrity: 'sha512-tampered' }, [signature], [registryKey()]),
    );
    expect(error.code).toBe('signature_invalid');
    expect(error.message).toContain('@acme/web@1.2.0');
    expect(error.message).toContain('does not match');
  });

  it('refuses unknown keys and unsigned versions', async () => {
    const other = generateSigningKey();
    const signature = signPackVersion(other.privateKey, other.keyId, subject);
    const unknown = await gtcxError(() => verifyPackSignature(subject, [signature], [registryKey()]));
    expect(unknown.message).toContain(`unknown key ${other.keyId}`);
    expect(unknown.hint).toContain('refresh the registry keys');
    const unsigned = await gtcxError(() => verifyPackSignature(subject, [], [registryKey()]));
    expect(unsigned.message).toContain('carries no registry signature');
  });

  it('accepts a key that expired after the version was published, refuses one that expired before', async () => {
    const signature = signPackVersion(key.privateKey, key.keyId, subject);
    const later = registryKey({ expiresAt: '2026-06-01T00:00:00.000Z' });
    expect(
      verifyPackSignature(subject, [signature], [later], {
        publishedAt: published,
        now: new Date('2027-01-01'),
      }).keyId,
    ).toBe(key.keyId);
    const earlier = registryKey({ expiresAt: '2026-02-01T00:00:00.000Z' });
    const error = await gtcxError(() =>
      verifyPackSignature(subject, [signature], [earlier], { publishedAt: published }),
    );
    expect(error.code).toBe('signature_invalid');
    expect(error.message).toContain('expired');
  });

  it('accepts when any one signature verifies', () => {
    const retired = generateSigningKey();
    const signatures = [
      { keyId: retired.keyId, sig: 'bm90IGEgc2ln' },
      signPackVersion(key.privateKey, key.keyId, subject),
    ];
    expect(verifyPackSignature(subject, signatures, [registryKey()]).keyId).toBe(key.keyId);
  });
});

describe('the key cache', () => {
  it('round-trips keys with their fetch time', () => {
    const file = join(tempDir(), 'keys', 'registry.json');
    expect(readKeyCache(file)).toBeUndefined();
    writeKeyCache(file, [registryKey()], new Date('2026-04-01T00:00:00.000Z'));
    expect(readKeyCache(file)).toEqual({ fetchedAt: '2026-04-01T00:00:00.000Z', keys: [registryKey()] });
  });

  it('names a corrupt cache file and how to fix it', async () => {
    const file = join(tempDir(), 'keys.json');
    writeFileSync(file, '{"keys": [');
    const error = await gtcxError(() => readKeyCache(file));
    expect(error.code).toBe('validation_failed');
    expect(error.hint).toContain(`delete ${file}`);
  });
});
