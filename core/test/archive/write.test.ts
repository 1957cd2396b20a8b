import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ArchiveFile, archiveMtime, writeTar, writeTarGz } from '../../src/archive/write.js';
import { GtcxError } from '../../src/errors.js';

let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'gtcx-archive-test-'));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** GNU tar in a UTF-8 locale and UTC, so names and dates print the same on every machine. */
function gnuTar(args: string[], cwd = scratch): string {
  return execFileSync('tar', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, LC_ALL: 'C.UTF-8', TZ: 'UTC' },
  });
}

let archives = 0;
async function extract(archive: Buffer): Promise<string> {
  const id = archives++;
  const file = join(scratch, `archive-${id}.tar.gz`);
  const dir = join(scratch, `out-${id}`);
  await writeFile(file, archive);
  execFileSync('mkdir', [dir]);
  gnuTar(['-xzf', file, '-C', dir]);
  return dir;
}

async function listing(archive: Buffer): Promise<string[]> {
  const file = join(scratch, `archive-${archives++}.tar.gz`);
  await writeFile(file, archive);
  return gnuTar(['-tvzf', file, '--numeric-owner']).trimEnd().split('\n');
}

/** Every file under dir, by relative path, with its bytes and permission bits. */
async function readTree(dir: string, prefix = ''): Promise<Map<string, ArchiveFile>> {
  const tree = new Map<string, ArchiveFile>();
  for (const entry of await readdir(join(dir, prefix), { withFileTypes: true })) {
    const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) {
      for (const [path, file] of await readTree(dir, relative)) tree.set(path, file);
    } else {
      const absolute = join(dir, relative);
      tree.set(relative, { content: await readFile(absolute), mode: (await stat(absolute)).mode & 0o777 });
    }
  }
  return tree;
}

const file = (text: string | Buffer, mode = 0o644): ArchiveFile => ({
  content: Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8'),
  mode,
});

describe('writeTarGz', () => {
  const tree = new Map<string, ArchiveFile>([
    ['src/index.ts', file('export const x = 1;\n')],
    ['bin/run', file('#!/usr/bin/env node\n', 0o775)],
    ['package.json', file('{}\n', 0o600)],
    ['assets/logo.bin', file(Buffer.from([0, 1, 2, 255, 0, 10]))],
    ['a-b', file('dash sorts before slash\n')],
  ]);

  it('gives byte-identical archives for the same files in any order', () => {
    const reversed = new Map([...tree].reverse());
    const first = writeTarGz(tree);
    expect(writeTarGz(reversed).equals(first)).toBe(true);
    expect(writeTarGz([...tree]).equals(first)).toBe(true);
  });

  it('extracts with GNU tar to the same bytes, with modes normalised to 0644 and 0755', async () => {
    const dir = await extract(writeTarGz(tree));
    const extracted = await readTree(dir);
    expect([...extracted.keys()].sort()).toEqual([...tree.keys()].sort());
    for (const [path, original] of tree) {
      expect(extracted.get(path)?.content.equals(original.content), path).toBe(true);
    }
    expect(extracted.get('bin/run')?.mode).toBe(0o755);
    expect(extracted.get('package.json')?.mode).toBe(0o644);
    expect(extracted.get('src/index.ts')?.mode).toBe(0o644);
  });

  it('lists directories before their files, sorted by path, owned by 0/0 at the fixed mtime', async () => {
    const lines = await listing(writeTarGz(tree));
    const names = lines.map((line) => line.split(' ').pop());
    expect(names).toEqual([
      'a-b',
      'assets/',
      'assets/logo.bin',
      'bin/',
      'bin/run',
      'package.json',
      'src/',
      'src/index.ts',
    ]);
    for (const line of lines) {
      expect(line).toMatch(/^[-d]rw[-x]r-[-x]r-[-x] 0\/0 +\d+ 1985-10-26 08:15 /);
    }
    expect(lines.find((line) => line.endsWith(' bin/'))).toMatch(/^drwxr-xr-x /);
    expect(lines.find((line) => line.endsWith(' bin/run'))).toMatch(/^-rwxr-xr-x /);
  });

  it('writes ustar headers with empty user and group names and a gzip header with no name or time', () => {
    const gz = writeTarGz(new Map([['a.txt', file('a')]]));
    expect(gz.subarray(0, 3)).toEqual(Buffer.from([0x1f, 0x8b, 8]));
    expect(gz[3]).toBe(0); // no FNAME, FCOMMENT or FEXTRA
    expect(gz.readUInt32LE(4)).toBe(0); // mtime
    expect(gz[9]).toBe(3); // Unix, whatever zlib was built on
    const tar = gunzipSync(gz);
    const header = tar.subarray(0, 512);
    expect(header.toString('latin1', 257, 265)).toBe('ustar\u000000');
    expect(header.subarray(265, 329).every((byte) => byte === 0)).toBe(true);
    expect(Number.parseInt(header.toString('latin1', 136, 147), 8)).toBe(archiveMtime.getTime() / 1000);
    expect(tar.length % 512).toBe(0);
    expect(tar.subarray(-1024).every((byte) => byte === 0)).toBe(true);
  });

  it('honours another mtime and a files-only listing', async () => {
    const lines = await listing(
      writeTarGz(tree, { mtime: new Date('2020-01-02T03:04:05Z'), directories: false }),
    );
    expect(lines.map((line) => line.split(' ').pop())).toEqual([
      'a-b',
      'assets/logo.bin',
      'bin/run',
      'package.json',
      'src/index.ts',
    ]);
    expect(lines[0]).toContain(' 2020-01-02 03:04 ');
  });

  it('round-trips long names through the ustar prefix and through pax headers', async () => {
    const deep = `${'d'.repeat(90)}/${'e'.repeat(90)}/file.txt`;
    const longSegment = `dir/${'n'.repeat(150)}.txt`;
    const veryLong = Array.from({ length: 12 }, (_, i) => `segment-${i}-${'x'.repeat(20)}`).join('/');
    const long = new Map([
      [deep, file('prefix split\n')],
      [longSegment, file('pax path\n')],
      [veryLong, file('longer than 255 bytes\n', 0o755)],
    ]);
    const archive = writeTarGz(long);
    const extracted = await readTree(await extract(archive));
    expect([...extracted.keys()].sort()).toEqual([...long.keys()].sort());
    for (const [path, original] of long)
      expect(extracted.get(path)?.content.equals(original.content)).toBe(true);
    expect(extracted.get(veryLong)?.mode).toBe(0o755);
    // The pax header entries never show up as files of their own.
    expect((await listing(archive)).some((line) => line.includes('PaxHeader'))).toBe(false);
  });

  it('round-trips Unicode names through pax headers', async () => {
    const names = ['répertoire/naïve café.txt', '日本語/ファイル.md', 'emoji/🚀 launch.txt', 'Å/ångström'];
    const unicode = new Map(names.map((name) => [name, file(`${name}\n`)]));
    const extracted = await readTree(await extract(writeTarGz(unicode)));
    expect([...extracted.keys()].sort()).toEqual([...names].sort());
    for (const name of names) expect(extracted.get(name)?.content.toString('utf8')).toBe(`${name}\n`);
  });

  it('archives empty files, and an empty tree as an empty archive', async () => {
    const empty = new Map([
      ['empty', file('')],
      ['dir/also-empty', file('', 0o755)],
    ]);
    const extracted = await readTree(await extract(writeTarGz(empty)));
    expect(extracted.get('empty')?.content.length).toBe(0);
    expect(extracted.get('dir/also-empty')).toEqual({ content: Buffer.alloc(0), mode: 0o755 });
    const none = writeTar([]);
    expect(none.length).toBe(1024);
    expect(none.every((byte) => byte === 0)).toBe(true);
    expect(await listing(writeTarGz([]))).toEqual(['']);
  });

  it.each([
    ['../escape', 'unsafe_path', '".." segment'],
    ['/etc/passwd', 'unsafe_path', 'absolute'],
    ['a//b', 'unsafe_path', 'empty'],
    ['./a', 'unsafe_path', '"."'],
    ['a\\b', 'unsafe_path', 'backslash'],
    ['', 'unsafe_path', 'empty'],
    ['bad\u0000name', 'unsafe_path', 'NUL'],
    ['lone\ud800surrogate', 'unsafe_path', 'Unicode'],
  ])('refuses the path %j', (path, code, problem) => {
    const error = captureError(() => writeTar([[path, file('x')]]));
    expect(error).toBeInstanceOf(GtcxError);
    expect(error).toMatchObject({ code });
    expect((error as Error).message).toContain(problem);
  });

  it('refuses duplicate paths and a file that is also a directory', () => {
    expect(
      captureError(() =>
        writeTar([
          ['a', file('1')],
          ['a', file('2')],
        ]),
      ),
    ).toMatchObject({ code: 'validation_failed', message: expect.stringContaining('appears twice') });
    expect(
      captureError(() =>
        writeTar([
          ['a', file('1')],
          ['a/b', file('2')],
        ]),
      ),
    ).toMatchObject({ code: 'validation_failed', message: expect.stringContaining('a/b') });
  });
});

function captureError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
