import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  assertLockfileUpToDate,
  diffLock,
  type Lockfile,
  readLockfile,
  writeLockfile,
} from '../../src/pack/lockfile.js';
import { gtcxError, tempDir } from './helpers.js';

const integrityA = `sha512-${'A'.repeat(86)}==`;
const integrityB = `sha512-${'B'.repeat(86)}==`;

const lock: Lockfile = {
  lockfileVersion: 1,
  packs: {
    '@z/last': { version: '1.0.0', resolved: 'https://r.example/z.tgz', integrity: integrityB },
    '@a/first': {
      version: '2.1.0',
      resolved: 'https://r.example/a.tgz',
      integrity: integrityA,
      dependencies: { '@z/last': '^1.0.0' },
    },
  },
};

describe('gtcx-lock.json', () => {
  it('writes sorted keys atomically and reads them back', () => {
    const dir = tempDir();
    const file = join(dir, 'gtcx-lock.json');
    writeLockfile(file, lock);
    expect(readdirSync(dir)).toEqual(['gtcx-lock.json']);
    const text = readFileSync(file, 'utf8');
    expect(text).toBe(`{
  "lockfileVersion": 1,
  "packs": {
    "@a/first": {
      "dependencies": {
        "@z/last": "^1.0.0"
      },
      "integrity": "${integrityA}",
      "resolved": "https://r.example/a.tgz",
      "version": "2.1.0"
    },
    "@z/last": {
      "integrity": "${integrityB}",
      "resolved": "https://r.example/z.tgz",
      "version": "1.0.0"
    }
  }
}
`);
    expect(readLockfile(file)).toEqual(lock);
    expect(readLockfile(join(dir, 'missing.json'))).toBeUndefined();
  });

  it('names the file and field of a malformed lockfile', async () => {
    const file = join(tempDir(), 'gtcx-lock.json');
    writeFileSync(file, '<<<<<<< HEAD\n');
    expect((await gtcxError(() => readLockfile(file))).message).toContain('is not valid JSON');
    writeFileSync(file, JSON.stringify({ lockfileVersion: 2, packs: {} }));
    expect((await gtcxError(() => readLockfile(file))).details).toMatchObject({
      file,
      field: 'lockfileVersion',
    });
    writeFileSync(
      file,
      JSON.stringify({
        lockfileVersion: 1,
        packs: { '@a/b': { version: '1.0.0', resolved: 'x', integrity: 'md5-x' } },
      }),
    );
    const error = await gtcxError(() => readLockfile(file));
    expect(error.code).toBe('validation_failed');
    expect(error.details).toMatchObject({ field: 'packs.@a/b.integrity' });
  });

  it('refuses to write an invalid lockfile and leaves the old one', async () => {
    const file = join(tempDir(), 'gtcx-lock.json');
    writeLockfile(file, lock);
    const before = readFileSync(file, 'utf8');
    const bad = { lockfileVersion: 1, packs: { 'no-scope': lock.packs['@z/last'] } } as unknown as Lockfile;
    expect((await gtcxError(() => writeLockfile(file, bad))).code).toBe('validation_failed');
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('lists every mismatch for --frozen-lockfile', async () => {
    const wanted: Lockfile = {
      lockfileVersion: 1,
      packs: {
        '@a/first': {
          ...(lock.packs['@a/first'] as Lockfile['packs'][string]),
          version: '2.2.0',
          integrity: integrityB,
        },
        '@n/new': { version: '0.1.0', resolved: 'https://r.example/n.tgz', integrity: integrityA },
      },
    };
    expect(diffLock(lock, lock)).toEqual([]);
    const mismatches = diffLock(lock, wanted);
    expect(mismatches.map((mismatch) => `${mismatch.name}:${mismatch.kind}`)).toEqual([
      '@a/first:version',
      '@a/first:integrity',
      '@n/new:missing',
      '@z/last:extra',
    ]);
    const error = await gtcxError(() => assertLockfileUpToDate(lock, wanted));
    expect(error.code).toBe('precondition_failed');
    expect(error.message).toContain('@a/first: the lockfile has version 2.1.0, the install would use 2.2.0');
    expect(error.message).toContain('@n/new@0.1.0 is not in the lockfile');
    expect(error.message).toContain('@z/last@1.0.0 is locked but no longer needed');
    expect(error.hint).toContain('without --frozen-lockfile');
  });
});
