import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeTarGz } from '../../src/archive/write.js';
import { installFromCache, PackCache } from '../../src/pack/cache.js';
import { computeIntegrity, integrityHex } from '../../src/pack/integrity.js';
import { gtcxError, listTree, tempDir } from './helpers.js';
import { file, gzip, tar } from './raw-tar.js';

const tarball = writeTarGz([
  ['pack.yaml', { content: Buffer.from('name: "@a/b"\n'), mode: 0o644 }],
  ['templates/t/files/run.sh', { content: Buffer.from('echo hi\n'), mode: 0o755 }],
  ['templates/t/template.yaml', { content: Buffer.from('name: t\nversion: 1.0.0\n'), mode: 0o644 }],
]);
const integrity = computeIntegrity(tarball);
const hex = integrityHex(integrity);

describe('PackCache', () => {
  it('stores tarballs by content address after verifying them', () => {
    const root = tempDir();
    const cache = new PackCache(root);
    const entry = cache.put(tarball, integrity);
    expect(entry.path).toBe(
      join(root, 'packs/content/sha512', hex.slice(0, 2), hex.slice(2, 4), `${hex}.tgz`),
    );
    expect(readFileSync(entry.path).equals(tarball)).toBe(true);
    expect(cache.getTarball(integrity)?.equals(tarball)).toBe(true);
    expect(cache.has(integrity)).toBe(true);
    expect(listTree(root).filter((path) => path.includes('.tmp'))).toEqual([]);
  });

  it('refuses bytes that do not match the expected integrity and writes nothing', async () => {
    const root = tempDir();
    const error = await gtcxError(() =>
      new PackCache(root).put(Buffer.from('tampered'), integrity, '@a/b@1.0.0'),
    );
    expect(error.code).toBe('integrity_mismatch');
    expect(error.message).toContain('@a/b@1.0.0');
    expect(listTree(root)).toEqual([]);
  });

  it('detects a corrupted entry on read and evicts it with its unpacked tree', async () => {
    const root = tempDir();
    const cache = new PackCache(root);
    const { path } = cache.put(tarball, integrity);
    await cache.ensureUnpacked(integrity);
    const corrupt = Buffer.from(tarball);
    corrupt.writeUInt8(corrupt.readUInt8(corrupt.length - 10) ^ 0xff, corrupt.length - 10);
    writeFileSync(path, corrupt);
    expect(cache.getTarball(integrity)).toBeUndefined();
    expect(existsSync(path)).toBe(false);
    expect(existsSync(cache.unpackedPath(integrity))).toBe(false);
    const missing = await gtcxError(() => cache.ensureUnpacked(integrity, { label: '@a/b@1.0.0' }));
    expect(missing.code).toBe('not_found');
    expect(missing.message).toBe('@a/b@1.0.0 is not in the pack cache');
  });

  it('unpacks once and reuses the tree', async () => {
    const root = tempDir();
    const cache = new PackCache(root);
    cache.put(tarball, integrity);
    const dir = await cache.ensureUnpacked(integrity);
    expect(dir).toBe(join(root, 'packs/unpacked', hex));
    const marker = statSync(join(dir, 'pack.yaml')).ino;
    expect(await cache.ensureUnpacked(integrity)).toBe(dir);
    expect(statSync(join(dir, 'pack.yaml')).ino).toBe(marker);
  });

  it('installs by copying the unpacked tree, complete or not at all', async () => {
    const root = tempDir();
    const cache = new PackCache(join(root, 'cache'));
    cache.put(tarball, integrity);
    const target = join(root, 'project/.gtcx/packs/@a/b');
    await installFromCache(integrity, target, { cacheDir: join(root, 'cache') });
    const umask = process.umask();
    expect(listTree(target)).toEqual([
      `pack.yaml ${(0o644 & ~umask).toString(8)}`,
      'templates/',
      'templates/t/',
      'templates/t/files/',
      `templates/t/files/run.sh ${(0o755 & ~umask).toString(8)}`,
      `templates/t/template.yaml ${(0o644 & ~umask).toString(8)}`,
    ]);
    const source = join(cache.unpackedPath(integrity), 'pack.yaml');
    expect(statSync(join(target, 'pack.yaml')).ino).not.toBe(statSync(source).ino);

    const conflict = await gtcxError(() => cache.install(integrity, target));
    expect(conflict.code).toBe('conflict');
    writeFileSync(join(target, 'stale.txt'), 'from an older version');
    await cache.install(integrity, target, { replace: true, link: true });
    expect(existsSync(join(target, 'stale.txt'))).toBe(false);
    expect(statSync(join(target, 'pack.yaml')).ino).toBe(statSync(source).ino);
    expect(listTree(join(root, 'project/.gtcx/packs/@a'))).toEqual(expect.arrayContaining(['b/']));
    expect(listTree(join(root, 'project/.gtcx/packs/@a')).filter((path) => path.includes('staging'))).toEqual(
      [],
    );
  });

  it('leaves nothing in the cache or the target for a hostile tarball', async () => {
    const root = tempDir();
    const cache = new PackCache(join(root, 'cache'));
    const hostile = gzip(tar(file('ok.txt'), file('../escape.txt')));
    const hostileIntegrity = computeIntegrity(hostile);
    cache.put(hostile, hostileIntegrity);
    const error = await gtcxError(() =>
      cache.install(hostileIntegrity, join(root, 'target'), { label: '@evil/pack@1.0.0' }),
    );
    expect(error.code).toBe('unsafe_archive');
    expect(error.details).toMatchObject({
      pack: '@evil/pack@1.0.0',
      rule: 'path-traversal',
      entry: '../escape.txt',
    });
    // A refused tarball is evicted too: no tarball, no unpacked tree, no staging, no escapee.
    expect(listTree(root)).toEqual([
      'cache/',
      'cache/packs/',
      'cache/packs/content/',
      'cache/packs/content/sha512/',
    ]);
    expect(cache.has(hostileIntegrity)).toBe(false);
  });
});
