import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { computeIntegrity, integrityHex, verifyIntegrity } from '../../src/pack/integrity.js';
import { gtcxError } from './helpers.js';

const data = Buffer.from('pack bytes');
const sha512 = `sha512-${createHash('sha512').update(data).digest('base64')}`;
const sha256 = `sha256-${createHash('sha256').update(data).digest('base64')}`;
const wrong512 = `sha512-${createHash('sha512').update('other').digest('base64')}`;

describe('integrity', () => {
  it('computes sha512 SRI from a buffer and from a stream alike', async () => {
    expect(computeIntegrity(data)).toBe(sha512);
    expect(await computeIntegrity(Readable.from([data.subarray(0, 3), data.subarray(3)]))).toBe(sha512);
    expect(integrityHex(sha512)).toBe(createHash('sha512').update(data).digest('hex'));
  });

  it('verifies, with several hashes per SRI string where the strongest algorithm decides', () => {
    expect(verifyIntegrity(data, sha512)).toBe(sha512);
    expect(verifyIntegrity(data, `${wrong512} ${sha512}?opt`)).toBe(sha512);
    expect(verifyIntegrity(data, `${sha256} ${sha512}`)).toBe(sha512);
    expect(verifyIntegrity(data, sha256)).toBe(sha256);
    expect(() => verifyIntegrity(data, `${sha256} ${wrong512}`)).toThrow(/integrity check failed/);
  });

  it('names the pack, expected and actual on a mismatch', async () => {
    const error = await gtcxError(() => verifyIntegrity(data, wrong512, { label: '@acme/web@1.0.0' }));
    expect(error.code).toBe('integrity_mismatch');
    expect(error.exitCode).toBe(65);
    expect(error.grpcStatus).toBe(15);
    expect(error.message).toContain('@acme/web@1.0.0');
    expect(error.details).toEqual({ pack: '@acme/web@1.0.0', expected: wrong512, actual: sha512 });
    expect(error.hint).toBe(
      'the download was corrupted or tampered with: clear the cache entry with gtcx pack install --force or check the registry',
    );
  });

  it('refuses strings that hold no usable hash', async () => {
    expect((await gtcxError(() => verifyIntegrity(data, 'md5-abc'))).code).toBe('validation_failed');
    expect((await gtcxError(() => integrityHex(sha256))).code).toBe('validation_failed');
  });
});
