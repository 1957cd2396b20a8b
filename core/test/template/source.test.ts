import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GtcxError } from '../../src/errors.js';
import { listBuiltinTemplates, resolveTemplateSource } from '../../src/template/source.js';
import { commitAll, git, tempDir, writeTemplate } from './fixtures-update/helpers.js';

let root: string;
let cleanup: () => Promise<void>;
let options: { builtinRoot: string; cwd: string; cacheDir: string; homeDir: string };

beforeAll(async () => {
  ({ dir: root, cleanup } = await tempDir('source'));
  options = {
    builtinRoot: join(root, 'builtin'),
    cwd: join(root, 'work'),
    cacheDir: join(root, 'cache'),
    homeDir: join(root, 'home'),
  };
  await writeTemplate(join(options.builtinRoot, 'alpha'), {
    name: 'alpha',
    version: '1.0.0',
    description: 'Alpha template',
    files: { 'a.txt': 'alpha\n' },
  });
  for (const version of ['1.9.0', '1.10.0', '1.0.0']) {
    await writeTemplate(join(options.builtinRoot, 'beta', version), {
      name: 'beta',
      version,
      description: `Beta ${version}`,
      files: { 'b.txt': `beta ${version}\n` },
    });
  }
  await writeTemplate(join(options.cwd, 'local-tpl'), {
    name: 'local',
    version: '0.1.0',
    files: { 'l.txt': 'l\n' },
  });
  await writeTemplate(join(options.homeDir, 'tpl'), {
    name: 'home',
    version: '0.2.0',
    files: { 'h.txt': 'h\n' },
  });
});

afterAll(() => cleanup());

async function rejection(promise: Promise<unknown>): Promise<GtcxError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GtcxError);
  return error as GtcxError;
}

describe('built-in templates', () => {
  it('resolves a name and builtin:name to the same recorded reference', async () => {
    const byName = await resolveTemplateSource('alpha', options);
    const byPrefix = await resolveTemplateSource('builtin:alpha', options);
    expect(byName.kind).toBe('builtin');
    expect(byName.ref).toBe('builtin:alpha');
    expect(byPrefix.ref).toBe('builtin:alpha');
    expect(await byName.versions()).toEqual(['1.0.0']);
    expect((await byName.load()).manifest.name).toBe('alpha');
  });

  it('sorts semver-named version directories and loads the highest by default', async () => {
    const source = await resolveTemplateSource('beta', options);
    expect(await source.versions()).toEqual(['1.0.0', '1.9.0', '1.10.0']);
    expect((await source.load()).manifest.version).toBe('1.10.0');
    const old = await source.load('1.0.0');
    expect(old.manifest.version).toBe('1.0.0');
    expect(await readFile(join(old.filesDir, 'b.txt'), 'utf8')).toBe('beta 1.0.0\n');
  });

  it('lists every built-in template with its versions and latest description', async () => {
    expect(await listBuiltinTemplates(options.builtinRoot)).toEqual([
      { name: 'alpha', versions: ['1.0.0'], description: 'Alpha template' },
      { name: 'beta', versions: ['1.0.0', '1.9.0', '1.10.0'], description: 'Beta 1.10.0' },
    ]);
  });

  it('rejects an unknown template with the way to find one', async () => {
    for (const ref of ['nope', 'builtin:nope']) {
      const error = await rejection(resolveTemplateSource(ref, options));
      expect(error.code).toBe('not_found');
      expect(error.message).toBe(`unknown template "${ref}"`);
      expect(error.hint).toBe('run gtcx templates list, or pass a path or git URL');
    }
  });

  it('rejects an unknown version, listing the available ones', async () => {
    const source = await resolveTemplateSource('beta', options);
    const error = await rejection(source.load('2.0.0'));
    expect(error.code).toBe('not_found');
    expect(error.message).toContain('no version 2.0.0');
    expect(error.message).toContain('1.0.0, 1.9.0, 1.10.0');
    expect(error.details?.available).toEqual(['1.0.0', '1.9.0', '1.10.0']);
  });
});

describe('local paths', () => {
  it('resolves ./, absolute, ~/ and bare existing directories to an absolute reference', async () => {
    const expected = join(options.cwd, 'local-tpl');
    for (const ref of ['./local-tpl', expected, 'local-tpl']) {
      const source = await resolveTemplateSource(ref, options);
      expect(source.kind).toBe('path');
      expect(source.ref).toBe(expected);
      expect(await source.versions()).toEqual(['0.1.0']);
    }
    const home = await resolveTemplateSource('~/tpl', options);
    expect(home.ref).toBe(join(options.homeDir, 'tpl'));
    expect((await home.load()).manifest.name).toBe('home');
  });

  it('lets an installed pack provide a template', async () => {
    const packDir = join(options.cwd, 'local-tpl');
    const source = await resolveTemplateSource('@acme/pack/tpl', {
      ...options,
      packTemplates: async (ref) => (ref === '@acme/pack/tpl' ? packDir : undefined),
    });
    expect(source.kind).toBe('pack');
    expect(source.ref).toBe('@acme/pack/tpl');
    expect((await source.load()).dir).toBe(packDir);
  });

  it('names a missing or non-template path', async () => {
    const missing = await rejection(resolveTemplateSource('./missing', options));
    expect(missing.code).toBe('not_found');
    expect(missing.message).toBe(`no template at ${join(options.cwd, 'missing')}: the path does not exist`);
    const notTemplate = await rejection(resolveTemplateSource(options.homeDir, options));
    expect(notTemplate.message).toBe(`${options.homeDir} is not a template`);
  });
});

describe('git repositories', () => {
  let repo: string;
  let url: string;

  beforeAll(async () => {
    repo = join(root, 'repos', 'tpl');
    await writeTemplate(repo, { name: 'gitty', version: '1.0.0', files: { 'r.txt': 'one\n' } });
    await git(repo, 'init', '-q');
    await commitAll(repo, 'one', 'v1.0.0');
    await git(repo, 'tag', 'not-a-version');
    await writeTemplate(repo, { name: 'gitty', version: '1.1.0', files: { 'r.txt': 'two\n' } });
    await commitAll(repo, 'two');
    await git(repo, 'tag', '-a', '1.1.0', '-m', 'annotated');
    url = pathToFileURL(repo).href;
  });

  it('takes versions from vX.Y.Z and X.Y.Z tags and checks each out', async () => {
    const source = await resolveTemplateSource(url, options);
    expect(source.kind).toBe('git');
    expect(source.ref).toBe(`git+${url}`);
    expect(await source.versions()).toEqual(['1.0.0', '1.1.0']);
    const old = await source.load('1.0.0');
    expect(await readFile(join(old.filesDir, 'r.txt'), 'utf8')).toBe('one\n');
    const latest = await source.load();
    expect(latest.manifest.version).toBe('1.1.0');
    expect(await readFile(join(latest.filesDir, 'r.txt'), 'utf8')).toBe('two\n');
  });

  it('resolves its recorded reference again, fetching tags added since', async () => {
    const first = await resolveTemplateSource(url, options);
    await first.versions();
    await writeTemplate(repo, { name: 'gitty', version: '1.2.0', files: { 'r.txt': 'three\n' } });
    await commitAll(repo, 'three', 'v1.2.0');
    const again = await resolveTemplateSource(first.ref, options);
    expect(again.ref).toBe(first.ref);
    expect(await again.versions()).toEqual(['1.0.0', '1.1.0', '1.2.0']);
  });

  it('treats a local repository path as a git source', async () => {
    const bare = join(root, 'repos', 'bare.git');
    await git(root, 'clone', '-q', '--bare', repo, bare);
    const source = await resolveTemplateSource(bare, options);
    expect(source.kind).toBe('git');
    expect(source.ref).toBe(`git+${pathToFileURL(bare).href}`);
    expect(await source.versions()).toContain('1.1.0');
  });

  it('gives an untagged repository one version, the manifest at HEAD or at the pinned ref', async () => {
    const plain = join(root, 'repos', 'plain');
    await writeTemplate(plain, { name: 'plain', version: '0.3.0', files: { 'p.txt': 'main\n' } });
    await git(plain, 'init', '-q');
    await commitAll(plain, 'main');
    await git(plain, 'checkout', '-q', '-b', 'next');
    await writeTemplate(plain, { name: 'plain', version: '0.4.0', files: { 'p.txt': 'next\n' } });
    await commitAll(plain, 'next');
    await git(plain, 'checkout', '-q', 'main');
    const plainUrl = pathToFileURL(plain).href;

    const head = await resolveTemplateSource(plainUrl, options);
    expect(await head.versions()).toEqual(['0.3.0']);
    const pinned = await resolveTemplateSource(`${plainUrl}#next`, options);
    expect(pinned.ref).toBe(`git+${plainUrl}#next`);
    const template = await pinned.load();
    expect(template.manifest.version).toBe('0.4.0');
    expect(await readFile(join(template.filesDir, 'p.txt'), 'utf8')).toBe('next\n');
  });

  it('finds an older untagged version in the history, as the base of an update needs', async () => {
    const moving = join(root, 'repos', 'moving');
    await writeTemplate(moving, { name: 'moving', version: '0.1.0', files: { 'm.txt': 'first\n' } });
    await git(moving, 'init', '-q');
    await commitAll(moving, 'first');
    await writeTemplate(moving, { name: 'moving', version: '0.2.0', files: { 'm.txt': 'second\n' } });
    await commitAll(moving, 'second');
    const source = await resolveTemplateSource(pathToFileURL(moving).href, options);
    expect(await source.versions()).toEqual(['0.2.0']);
    const old = await source.load('0.1.0');
    expect(await readFile(join(old.filesDir, 'm.txt'), 'utf8')).toBe('first\n');
    const error = await rejection(source.load('0.0.9'));
    expect(error.message).toContain('(available: 0.2.0)');
  });

  it('rejects a tag whose manifest has another version', async () => {
    const wrong = join(root, 'repos', 'wrong');
    await writeTemplate(wrong, { name: 'wrong', version: '1.0.0', files: { 'w.txt': 'w\n' } });
    await git(wrong, 'init', '-q');
    await commitAll(wrong, 'w', 'v2.0.0');
    const source = await resolveTemplateSource(pathToFileURL(wrong).href, options);
    const error = await rejection(source.load('2.0.0'));
    expect(error.code).toBe('validation_failed');
    expect(error.message).toContain('says version 1.0.0');
  });

  it('names a repository that cannot be cloned', async () => {
    const missing = pathToFileURL(join(root, 'repos', 'missing.git')).href;
    const source = await resolveTemplateSource(missing, options);
    const error = await rejection(source.versions());
    expect(error.code).toBe('not_found');
    expect(error.message).toBe(`could not clone template repository ${missing}`);
  });
});
