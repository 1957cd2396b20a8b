import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  cpSync,
  mkdirSync,
  readFileSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPack, initPack } from '../../src/pack/build.js';
import { readPackTarball } from '../../src/pack/inspect.js';
import { extractPack } from '../../src/pack/unpack.js';
import { gtcxError, listTree, tempDir } from './helpers.js';

/** A pack with two templates, an executable, and litter that must not be packed. */
function samplePack(root: string): string {
  const dir = join(root, 'pack');
  const files: Record<string, string> = {
    'pack.yaml':
      'name: "@acme/web"\nversion: 1.2.0\ndescription: Web\ntemplates: [templates/svc, templates/lib]\n',
    'README.md': '# acme web\n',
    'notes.txt': 'not packed: only pack.yaml, README/LICENSE/CHANGELOG and templates are',
    'templates/svc/template.yaml': 'name: svc\nversion: 1.0.0\ndescription: A service\n',
    'templates/svc/files/README.md.hbs': '# {{name}}\n',
    'templates/svc/files/bin/start.sh': '#!/bin/sh\necho start\n',
    'templates/svc/files/node_modules/junk.js': 'ignored',
    'templates/svc/.git/HEAD': 'ignored',
    'templates/svc/files/.DS_Store': 'ignored',
    'templates/lib/template.yaml': 'name: lib\nversion: 2.0.0\n',
    'templates/lib/files/caf\u00e9.txt.hbs': 'unicode name\n',
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  chmodSync(join(dir, 'templates/svc/files/bin/start.sh'), 0o755);
  return dir;
}

describe('buildPack', () => {
  it('writes <scope>-<name>-<version>.tgz with its SRI integrity', async () => {
    const root = tempDir();
    const built = await buildPack(samplePack(root), { outDir: join(root, 'dist') });
    expect(built.file).toBe(join(root, 'dist', 'acme-web-1.2.0.tgz'));
    const bytes = readFileSync(built.file);
    expect(built.size).toBe(bytes.length);
    expect(built.integrity).toBe(`sha512-${createHash('sha512').update(bytes).digest('base64')}`);
    expect(built.manifest.name).toBe('@acme/web');
    expect(built.fileCount).toBe(7);
  });

  it('is a valid tar for GNU tar: sorted entries, owner 0/0, one fixed date, 0644/0755, no litter', async () => {
    const root = tempDir();
    const built = await buildPack(samplePack(root));
    const listing = execFileSync('tar', ['-tzvf', built.file, '--numeric-owner'], {
      encoding: 'utf8',
      env: { ...process.env, LC_ALL: 'C.UTF-8', TZ: 'UTC' },
    })
      .trimEnd()
      .split('\n');
    const paths = listing.map((line) => line.split(/\s+/).slice(5).join(' '));
    expect(paths).toEqual([
      'README.md',
      'pack.yaml',
      'templates/',
      'templates/lib/',
      'templates/lib/files/',
      'templates/lib/files/caf\u00e9.txt.hbs',
      'templates/lib/template.yaml',
      'templates/svc/',
      'templates/svc/files/',
      'templates/svc/files/README.md.hbs',
      'templates/svc/files/bin/',
      'templates/svc/files/bin/start.sh',
      'templates/svc/template.yaml',
    ]);
    for (const line of listing) {
      expect(line).toMatch(/^[-d]rw[-x]r-[-x]r-[-x] 0\/0 /);
      expect(line).toContain('1985-10-26 08:15');
    }
    expect(listing.find((line) => line.endsWith('start.sh'))).toMatch(/^-rwxr-xr-x/);
    expect(listing.find((line) => line.endsWith('README.md'))).toMatch(/^-rw-r--r--/);
  });

  it('gives byte-identical output for the same input, whatever the mtimes, owners and read/write bits', async () => {
    const root = tempDir();
    const dir = samplePack(root);
    const first = readFileSync((await buildPack(dir, { outDir: join(root, 'a') })).file);
    const second = readFileSync((await buildPack(dir, { outDir: join(root, 'b') })).file);
    expect(second.equals(first)).toBe(true);

    const copy = join(root, 'copy');
    cpSync(dir, copy, { recursive: true });
    const readme = join(copy, 'templates/svc/files/README.md.hbs');
    utimesSync(readme, new Date('2001-02-03'), new Date('2001-02-03'));
    utimesSync(join(copy, 'pack.yaml'), new Date(), new Date('2030-01-01'));
    chmodSync(readme, 0o600);
    chmodSync(join(copy, 'templates/svc/files/bin/start.sh'), 0o700);
    if (process.getuid?.() === 0) chownSync(readme, 4321, 4321);
    const fromCopy = await buildPack(copy, { outDir: join(root, 'c') });
    expect(readFileSync(fromCopy.file).equals(first)).toBe(true);
  });

  it('round-trips through the safe extractor', async () => {
    const root = tempDir();
    const built = await buildPack(samplePack(root));
    await extractPack(readFileSync(built.file), join(root, 'out'));
    expect(listTree(join(root, 'out'))).toContain(
      `templates/svc/files/bin/start.sh ${(0o755 & ~process.umask()).toString(8)}`,
    );
    const info = await readPackTarball(readFileSync(built.file));
    expect(info.templates.map((template) => [template.dir, template.name, template.version])).toEqual([
      ['templates/svc', 'svc', '1.0.0'],
      ['templates/lib', 'lib', '2.0.0'],
    ]);
    expect(info.integrity).toBe(built.integrity);
  });

  it('refuses symlinks in a template directory', async () => {
    const root = tempDir();
    const dir = samplePack(root);
    symlinkSync('/etc/passwd', join(dir, 'templates/svc/files/passwd'));
    const error = await gtcxError(() => buildPack(dir));
    expect(error.code).toBe('unsafe_path');
    expect(error.message).toContain('passwd');
    expect(error.message).toContain('symbolic link');
  });

  it('refuses a symlinked template directory and an invalid template', async () => {
    const root = tempDir();
    const dir = samplePack(root);
    writeFileSync(join(dir, 'templates/lib/template.yaml'), 'name: Not Kebab\nversion: 1.0.0\n');
    const invalid = await gtcxError(() => buildPack(dir));
    expect(invalid.code).toBe('validation_failed');
    expect(invalid.details?.field).toBe('name');
  });

  it('refuses templates that would collide on a case-insensitive file system', async () => {
    const root = tempDir();
    const dir = samplePack(root);
    writeFileSync(join(dir, 'templates/svc/files/readme.md.hbs'), 'lower');
    const error = await gtcxError(() => buildPack(dir, { outDir: join(root, 'out') }));
    expect(error.code).toBe('unsafe_archive');
    expect(error.details?.rule).toBe('name-collision');
    expect(() => listTree(join(root, 'out'))).toThrow();
  });
});

describe('initPack', () => {
  it('writes a starter pack that builds', async () => {
    const dir = join(tempDir(), 'new-pack');
    const result = initPack(dir, { name: '@acme/starter' });
    expect(result.files).toEqual([
      'pack.yaml',
      'templates/starter/template.yaml',
      'templates/starter/files/README.md.hbs',
    ]);
    const built = await buildPack(dir);
    expect(built.file).toBe(join(dir, 'acme-starter-0.1.0.tgz'));
    expect(built.manifest).toMatchObject({ name: '@acme/starter', version: '0.1.0', license: 'MIT' });
  });

  it('refuses to overwrite and refuses bad names before writing anything', async () => {
    const dir = tempDir();
    initPack(dir, { name: '@acme/one' });
    const before = listTree(dir);
    const again = await gtcxError(() => initPack(dir, { name: '@acme/two' }));
    expect(again.code).toBe('conflict');
    expect(listTree(dir)).toEqual(before);
    const empty = tempDir();
    const badName = await gtcxError(() => initPack(empty, { name: 'no-scope' }));
    expect(badName.code).toBe('validation_failed');
    const badTemplate = await gtcxError(() => initPack(empty, { name: '@a/b', template: '../x' }));
    expect(badTemplate.code).toBe('validation_failed');
    expect(listTree(empty)).toEqual([]);
  });
});
