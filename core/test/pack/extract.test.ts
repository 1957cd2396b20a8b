import { execFileSync } from 'node:child_process';
import { createReadStream, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { writeTarGz } from '../../src/archive/write.js';
import { defaultExtractLimits } from '../../src/pack/limits.js';
import { extractPack, readArchive } from '../../src/pack/unpack.js';
import { hostileCorpus } from './corpus.js';
import { gtcxError, listTree, tempDir } from './helpers.js';
import { dir, entry, file, gnuLongName, gzip, pax, tar } from './raw-tar.js';

describe('the hostile archive corpus', () => {
  const corpus = hostileCorpus();

  it('holds at least 15 distinct cases', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(15);
    expect(new Set(corpus.map((item) => item.name)).size).toBe(corpus.length);
  });

  // Each case runs from the buffer and again from a .tgz file stream (where ratio checks happen at the end).
  for (const item of corpus) {
    it(`refuses ${item.name} (${item.rule}) and leaves nothing behind`, async () => {
      const root = tempDir();
      const archive = join(root, 'hostile.tgz');
      writeFileSync(archive, item.tgz);
      const parent = join(root, 'parent');
      mkdirSync(parent);
      writeFileSync(join(parent, 'sentinel'), 'keep');
      const before = listTree(root);

      for (const input of [() => item.tgz, () => createReadStream(archive)]) {
        const error = await gtcxError(() =>
          extractPack(input(), join(parent, 'target'), { ...item.options, label: '@evil/pack@1.0.0' }),
        );
        expect(error.code).toBe('unsafe_archive');
        expect(error.details?.rule).toBe(item.rule);
        expect(error.message).toContain('@evil/pack@1.0.0');
        expect(error.hint).toBe("do not install @evil/pack@1.0.0; report it to the pack's publisher");
        expect(listTree(root)).toEqual(before);
      }
    });
  }

  it('leaves an existing empty target empty after a refusal', async () => {
    const root = tempDir();
    const target = join(root, 'target');
    mkdirSync(target);
    const traversal = hostileCorpus().find((item) => item.rule === 'symlink');
    await expect(extractPack(traversal?.tgz as Buffer, target)).rejects.toMatchObject({
      code: 'unsafe_archive',
    });
    expect(listTree(root)).toEqual(['target/']);
  });
});

describe('extractPack', () => {
  it('unpacks files and directories with modes clamped to 0644/0755', async () => {
    const root = tempDir();
    const tgz = gzip(
      tar(
        dir('bin/'),
        file('bin/run', '#!/bin/sh\n', 0o4777),
        file('bin/data.txt', 'data', 0o6666),
        file('nested/deep/file.txt', 'deep'),
      ),
    );
    const result = await extractPack(tgz, join(root, 'out'));
    expect(result).toMatchObject({
      fileCount: 3,
      unpackedSize: 18,
      files: ['bin/data.txt', 'bin/run', 'nested/deep/file.txt'],
    });
    const umask = process.umask();
    expect(listTree(join(root, 'out'))).toEqual([
      'bin/',
      `bin/data.txt ${(0o644 & ~umask).toString(8)}`,
      `bin/run ${(0o755 & ~umask).toString(8)}`,
      'nested/',
      'nested/deep/',
      `nested/deep/file.txt ${(0o644 & ~umask).toString(8)}`,
    ]);
    expect(readFileSync(join(root, 'out/bin/run'), 'utf8')).toBe('#!/bin/sh\n');
    expect(listTree(root).filter((path) => path.includes('staging'))).toEqual([]);
  });

  it('reads what GNU tar writes: ./ prefixes, record padding, GNU and pax long and unicode names', async () => {
    const root = tempDir();
    const source = join(root, 'source');
    const long = `${'long-directory-name/'.repeat(8)}file-with-a-long-name.txt`;
    mkdirSync(join(source, long, '..'), { recursive: true });
    writeFileSync(join(source, long), 'long');
    writeFileSync(join(source, 'caf\u00e9 \u2603.txt'), 'unicode');
    writeFileSync(join(source, 'run.sh'), 'echo hi', { mode: 0o755 });
    for (const format of ['gnu', 'pax']) {
      const archive = join(root, `${format}.tgz`);
      execFileSync('tar', [`--format=${format}`, '-czf', archive, '-C', source, '.'], {
        env: { ...process.env, LC_ALL: 'C.UTF-8' },
      });
      const out = join(root, `out-${format}`);
      const result = await extractPack(readFileSync(archive), out);
      expect(result.files).toEqual([long, 'caf\u00e9 \u2603.txt', 'run.sh'].sort());
      expect(readFileSync(join(out, long), 'utf8')).toBe('long');
      expect(readFileSync(join(out, 'caf\u00e9 \u2603.txt'), 'utf8')).toBe('unicode');
      expect(statSync(join(out, 'run.sh')).mode & 0o111).not.toBe(0);
    }
  });

  it('accepts pax and GNU long names that stay inside the target', async () => {
    const root = tempDir();
    const tgz = gzip(
      tar(pax({ path: 'inside/pax.txt', mtime: '1.5' }), file('x'), gnuLongName('inside/gnu.txt'), file('y')),
    );
    const result = await extractPack(tgz, join(root, 'out'));
    expect(result.files).toEqual(['inside/gnu.txt', 'inside/pax.txt']);
  });

  it('drops leading segments with strip (npm package/ layout) and skips shallower entries', async () => {
    const root = tempDir();
    const tgz = gzip(
      tar(dir('package/'), file('package/pack.yaml', 'name: x'), file('package/t/a.txt', 'a')),
    );
    const result = await extractPack(tgz, join(root, 'out'), { strip: 1 });
    expect(result.files).toEqual(['pack.yaml', 't/a.txt']);
  });

  it('fails closed when the source stream breaks mid-download', async () => {
    const root = tempDir();
    const tgz = writeTarGz([['a.bin', { content: Buffer.alloc(64 * 1024, 7), mode: 0o644 }]]);
    const broken = new Readable({
      read() {
        this.push(tgz.subarray(0, 40));
        this.destroy(new Error('socket hang up'));
      },
    });
    await expect(extractPack(broken, join(root, 'out'))).rejects.toThrow('socket hang up');
    expect(listTree(root)).toEqual([]);
  });

  it('refuses a non-empty target without touching it', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'out'));
    writeFileSync(join(root, 'out', 'mine.txt'), 'mine');
    const error = await gtcxError(() =>
      extractPack(writeTarGz([['a.txt', { content: Buffer.from('a'), mode: 0o644 }]]), join(root, 'out')),
    );
    expect(error.code).toBe('conflict');
    expect(listTree(root)).toEqual(['out/', 'out/mine.txt 644']);
  });

  it('refuses a tarball whose hardlink and symlink entries come after valid files, keeping none of them', async () => {
    const root = tempDir();
    const tgz = gzip(tar(file('good.txt', 'good'), entry({ name: 'link', type: '2', linkname: 'good.txt' })));
    await expect(extractPack(tgz, join(root, 'out'))).rejects.toMatchObject({
      details: { rule: 'symlink', entry: 'link' },
    });
    expect(listTree(root)).toEqual([]);
  });

  it('reads an archive in memory with the same checks', async () => {
    const tgz = writeTarGz([
      ['pack.yaml', { content: Buffer.from('name: x'), mode: 0o644 }],
      ['t/run.sh', { content: Buffer.from('echo'), mode: 0o755 }],
    ]);
    const archive = await readArchive(tgz);
    expect(archive.files).toEqual(['pack.yaml', 't/run.sh']);
    expect(archive.contents.get('t/run.sh')).toEqual({ content: Buffer.from('echo'), mode: 0o755 });
    await expect(readArchive(gzip(tar(file('../x'))))).rejects.toMatchObject({ code: 'unsafe_archive' });
  });

  it('has the documented default limits', () => {
    expect(defaultExtractLimits).toEqual({
      maxEntries: 10_000,
      maxTotalBytes: 200 * 1024 * 1024,
      maxFileBytes: 50 * 1024 * 1024,
      maxCompressionRatio: 100,
      ratioFloorBytes: 10 * 1024 * 1024,
      maxPaxBytes: 64 * 1024,
      maxPathBytes: 1024,
    });
  });
});
