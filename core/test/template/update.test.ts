import { chmod, mkdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GtcxError } from '../../src/errors.js';
import { nodeApplyIo } from '../../src/template/apply.js';
import { resolveTemplateSource } from '../../src/template/source.js';
import type { TemplateSource } from '../../src/template/source-types.js';
import type { Question } from '../../src/template/types.js';
import { applyUpdate, planUpdate, type UpdatePlan } from '../../src/template/update.js';
import {
  commitAll,
  type FileSpec,
  git,
  type TemplateSpec,
  tempDir,
  writeTemplate,
} from './fixtures-update/helpers.js';
import { generateProject, NOW, snapshot } from './fixtures-update/project.js';

const lines = (edits: Record<number, string> = {}): string =>
  Array.from({ length: 12 }, (_, i) => edits[i + 1] ?? `line ${i + 1}`)
    .map((line) => `${line}\n`)
    .join('');

const nameQuestion = { name: 'name', type: 'string', default: 'demo' };

function version(
  v: string,
  files: Record<string, FileSpec>,
  extra: Partial<TemplateSpec> = {},
): TemplateSpec {
  return { name: 'demo', version: v, questions: [nameQuestion], files, ...extra };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

interface Fixture {
  projectDir: string;
  source: TemplateSource;
  read(path: string): Promise<string>;
  plan(options?: Partial<Parameters<typeof planUpdate>[0]>): Promise<UpdatePlan>;
}

/** A template with the given versions (a directory of semver subdirectories) and a project generated from the first. */
async function fixture(
  specs: TemplateSpec[],
  answers: Record<string, unknown> = { name: 'demo' },
): Promise<Fixture> {
  const { dir, cleanup } = await tempDir('update');
  cleanups.push(cleanup);
  for (const spec of specs) await writeTemplate(join(dir, 'template', spec.version), spec);
  const options = { builtinRoot: join(dir, 'none'), cwd: dir, cacheDir: join(dir, 'cache') };
  const source = await resolveTemplateSource(join(dir, 'template'), options);
  const projectDir = join(dir, 'project');
  await mkdir(projectDir);
  await generateProject(projectDir, source, specs[0]?.version ?? '', answers);
  return {
    projectDir,
    source,
    read: (path) => readFile(join(projectDir, path), 'utf8'),
    plan: (extra = {}) => planUpdate({ projectDir, source, gtcxVersion: '0.1.0', now: NOW, ...extra }),
  };
}

function entry(plan: UpdatePlan, path: string) {
  return plan.entries.find((e) => e.path === path);
}

describe('planUpdate and applyUpdate', () => {
  it('merges a user edit and a template change on different lines, and takes untouched updates', async () => {
    const f = await fixture([
      version('1.0.0', { 'notes.txt': lines(), 'plain.txt': 'old\n', 'mine.txt': 'template\n' }),
      version('2.0.0', {
        'notes.txt': lines({ 10: 'line 10 from the template' }),
        'plain.txt': 'new\n',
        'mine.txt': 'template\n',
      }),
    ]);
    await writeFile(join(f.projectDir, 'notes.txt'), lines({ 2: 'line 2 by the user' }));
    await writeFile(join(f.projectDir, 'mine.txt'), 'mine\n');

    const plan = await f.plan();
    expect(plan.from).toBe('1.0.0');
    expect(plan.to).toBe('2.0.0');
    expect(entry(plan, 'notes.txt')?.action).toBe('merge');
    expect(entry(plan, 'notes.txt')?.diff).toContain('+line 10 from the template');
    expect(entry(plan, 'plain.txt')?.action).toBe('update');
    expect(entry(plan, 'mine.txt')?.action).toBe('unchanged');
    expect(plan.conflicts).toEqual([]);

    const result = await applyUpdate(plan, { trust: false });
    expect(result.written).toEqual(['notes.txt', 'plain.txt']);
    expect(await f.read('notes.txt')).toBe(
      lines({ 2: 'line 2 by the user', 10: 'line 10 from the template' }),
    );
    expect(await f.read('plain.txt')).toBe('new\n');
    expect(await f.read('mine.txt')).toBe('mine\n');
    const record = JSON.parse(await f.read('.gtcx/project.json'));
    expect(record.template.version).toBe('2.0.0');
  });

  it('writes conflict markers when both sides changed the same line, and lists the file', async () => {
    const f = await fixture([
      version('1.0.0', { 'notes.txt': lines() }),
      version('2.0.0', { 'notes.txt': lines({ 5: 'five (template)' }) }),
    ]);
    await writeFile(join(f.projectDir, 'notes.txt'), lines({ 5: 'five (user)' }));

    const plan = await f.plan();
    expect(entry(plan, 'notes.txt')?.action).toBe('conflict');
    expect(plan.conflicts).toEqual(['notes.txt']);
    const result = await applyUpdate(plan, { trust: false });
    expect(result.conflicts).toEqual(['notes.txt']);
    const conflicted = [
      '<<<<<<< ours (your project)',
      'five (user)',
      '||||||| base (template 1.0.0)',
      'line 5',
      '=======',
      'five (template)',
      '>>>>>>> theirs (template 2.0.0)',
      '',
    ].join('\n');
    expect(await f.read('notes.txt')).toBe(lines().replace('line 5\n', conflicted));
  });

  it('keeps ours and writes theirs beside it when a binary file changed on both sides', async () => {
    const png = (byte: number) => Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, byte]);
    const f = await fixture([
      version('1.0.0', { 'logo.png': png(1) }),
      version('2.0.0', { 'logo.png': png(2) }),
    ]);
    await writeFile(join(f.projectDir, 'logo.png'), png(3));

    const plan = await f.plan();
    expect(entry(plan, 'logo.png')).toMatchObject({ action: 'conflict', theirsPath: 'logo.png.gtcx-theirs' });
    await applyUpdate(plan, { trust: false });
    expect(await readFile(join(f.projectDir, 'logo.png'))).toEqual(png(3));
    expect(await readFile(join(f.projectDir, 'logo.png.gtcx-theirs'))).toEqual(png(2));
  });

  it('creates new template files and marks a clash with a file the user already has', async () => {
    const f = await fixture([
      version('1.0.0', { 'a.txt': 'a\n' }),
      version('2.0.0', {
        'a.txt': 'a\n',
        'bin/run.sh': { content: '#!/bin/sh\n', mode: 0o755 },
        'clash.txt': 'template\n',
      }),
    ]);
    await writeFile(join(f.projectDir, 'clash.txt'), 'user\n');

    const plan = await f.plan();
    expect(entry(plan, 'bin/run.sh')?.action).toBe('create');
    expect(entry(plan, 'clash.txt')?.action).toBe('conflict');
    await applyUpdate(plan, { trust: false });
    expect((await stat(join(f.projectDir, 'bin/run.sh'))).mode & 0o111).not.toBe(0);
    expect(await f.read('clash.txt')).toBe(
      '<<<<<<< ours (your project)\nuser\n||||||| base (template 1.0.0)\n=======\ntemplate\n>>>>>>> theirs (template 2.0.0)\n',
    );
  });

  it('leaves a file the user deleted deleted, even when the template changed it', async () => {
    const f = await fixture([
      version('1.0.0', { 'gone.txt': 'v1\n', 'a.txt': 'a\n' }),
      version('2.0.0', { 'gone.txt': 'v2\n', 'a.txt': 'a\n' }),
    ]);
    await unlink(join(f.projectDir, 'gone.txt'));

    const plan = await f.plan();
    expect(entry(plan, 'gone.txt')?.action).toBe('keep-deleted');
    await applyUpdate(plan, { trust: false });
    await expect(stat(join(f.projectDir, 'gone.txt'))).rejects.toThrow(/ENOENT/);
  });

  it('removes a file the template dropped only when the user left it unmodified', async () => {
    const f = await fixture([
      version('1.0.0', { 'old/clean.txt': 'clean\n', 'edited.txt': 'edited\n', 'a.txt': 'a\n' }),
      version('2.0.0', { 'a.txt': 'a\n' }),
    ]);
    await writeFile(join(f.projectDir, 'edited.txt'), 'edited by me\n');

    const plan = await f.plan();
    expect(entry(plan, 'old/clean.txt')?.action).toBe('delete');
    expect(entry(plan, 'edited.txt')?.action).toBe('keep-modified');
    const result = await applyUpdate(plan, { trust: false });
    expect(result.removed).toEqual(['old/clean.txt']);
    await expect(stat(join(f.projectDir, 'old'))).rejects.toThrow(/ENOENT/);
    expect(await f.read('edited.txt')).toBe('edited by me\n');
    const record = JSON.parse(await f.read('.gtcx/project.json'));
    expect(Object.keys(record.files)).toEqual(['a.txt']);
  });

  it('asks only the new question and records its answer', async () => {
    const license = { name: 'license', type: 'select', choices: ['MIT', 'Apache-2.0'], default: 'MIT' };
    const f = await fixture(
      [
        version('1.0.0', { 'README.md.hbs': '# {{name}}\n' }),
        version(
          '2.0.0',
          { 'README.md.hbs': '# {{name}}\n\nLicense: {{license}}\n' },
          { questions: [nameQuestion, license] },
        ),
      ],
      { name: 'acme' },
    );
    const ask = vi.fn(async (question: Question) => (question.name === 'license' ? 'Apache-2.0' : 'wrong'));

    const plan = await f.plan({ ask });
    expect(ask).toHaveBeenCalledTimes(1);
    expect(ask.mock.calls[0]?.[0].name).toBe('license');
    expect(plan.newQuestions).toEqual(['license']);
    await applyUpdate(plan, { trust: false });
    expect(await f.read('README.md')).toBe('# acme\n\nLicense: Apache-2.0\n');
    const record = JSON.parse(await f.read('.gtcx/project.json'));
    expect(record.answers).toEqual({ name: 'acme', license: 'Apache-2.0' });
  });

  it('re-asks a secret (never recorded) for the base render, and keeps it out of the record', async () => {
    const token = { name: 'token', type: 'secret' };
    const questions = [nameQuestion, token];
    const f = await fixture(
      [
        version('1.0.0', { '.env.hbs': 'TOKEN={{token}}\n', 'a.txt': 'a\n' }, { questions }),
        version('1.1.0', { '.env.hbs': 'TOKEN={{token}}\n', 'a.txt': 'b\n' }, { questions }),
      ],
      { name: 'demo', token: 's3cret' },
    );
    const missing = (await f.plan().catch((e: unknown) => e)) as GtcxError;
    expect(missing.hint).toContain('--set token=');

    const ask = vi.fn(async () => 's3cret');
    const plan = await f.plan({ ask });
    expect(ask).toHaveBeenCalledTimes(1);
    expect(plan.newQuestions).toEqual([]);
    expect(entry(plan, '.env')?.action).toBe('unchanged');
    await applyUpdate(plan, { trust: false });
    const record = JSON.parse(await f.read('.gtcx/project.json'));
    expect(record.answers).toEqual({ name: 'demo' });
    expect(await f.read('.env')).toBe('TOKEN=s3cret\n');
  });

  it('names the --set flag when a new question has no answer and nobody can be asked', async () => {
    const f = await fixture([
      version('1.0.0', { 'a.txt': 'a\n' }),
      version('2.0.0', { 'a.txt': 'a\n' }, { questions: [nameQuestion, { name: 'owner', type: 'string' }] }),
    ]);
    const error = await f.plan().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GtcxError);
    expect(`${(error as GtcxError).message} ${(error as GtcxError).hint}`).toMatch(/owner[\s\S]*--set/);
    const plan = await f.plan({ provided: { owner: 'me' } });
    expect(plan.newQuestions).toEqual(['owner']);
  });

  it('skips migrations without trust, listing them, and runs the crossed ones in order with trust', async () => {
    const migrate = (tag: string) => `node -e "require('fs').appendFileSync('migrated.txt', '${tag}\\n')"`;
    const migrations = [
      { version: '3.0.0', run: [migrate('3.0.0')] },
      { version: '2.0.0', run: [migrate('2.0.0')] },
      { version: '1.0.0', run: [migrate('1.0.0')] },
      { version: '1.5.0', run: [migrate('1.5.0')] },
    ];
    const specs = [
      version('1.0.0', { 'a.txt': 'a\n' }),
      version('2.0.0', { 'a.txt': 'b\n' }, { migrations }),
      version('3.0.0', { 'a.txt': 'c\n' }, { migrations }),
    ];

    const untrusted = await fixture(specs);
    const plan = await untrusted.plan({ to: '2.0.0' });
    expect(plan.migrations.map((m) => m.version)).toEqual(['1.5.0', '2.0.0']);
    const skipped = await applyUpdate(plan, { trust: false });
    expect(skipped.migrations.ran).toEqual([]);
    expect(skipped.migrations.skipped.map((m) => m.version)).toEqual(['1.5.0', '2.0.0']);
    expect(skipped.migrations.hint).toContain('--trust');
    await expect(stat(join(untrusted.projectDir, 'migrated.txt'))).rejects.toThrow(/ENOENT/);
    expect(await untrusted.read('a.txt')).toBe('b\n');

    const trusted = await fixture(specs);
    const ran = await applyUpdate(await trusted.plan({ to: '2.0.0' }), { trust: true });
    expect(ran.migrations.ran.map((m) => m.version)).toEqual(['1.5.0', '2.0.0']);
    expect(await trusted.read('migrated.txt')).toBe('1.5.0\n2.0.0\n');
  });

  it('is a no-op the second time: nothing but unchanged entries, nothing written', async () => {
    const f = await fixture([
      version('1.0.0', { 'notes.txt': lines(), 'gone.txt': 'x\n', 'dropped.txt': 'd\n', 'edit.txt': 'e\n' }),
      version('2.0.0', {
        'notes.txt': lines({ 5: 'five (template)' }),
        'gone.txt': 'y\n',
        'new.txt': 'n\n',
        'edit.txt': 'e2\n',
      }),
    ]);
    await writeFile(join(f.projectDir, 'notes.txt'), lines({ 5: 'five (user)' }));
    await unlink(join(f.projectDir, 'gone.txt'));
    await writeFile(join(f.projectDir, 'dropped.txt'), 'changed\n');
    await applyUpdate(await f.plan(), { trust: false });
    const before = await snapshot(f.projectDir);

    const again = await f.plan({ now: () => new Date('2030-01-01T00:00:00.000Z') });
    expect(again.changes).toBe(false);
    expect(new Set(again.entries.map((e) => e.action))).toEqual(new Set(['unchanged']));
    const result = await applyUpdate(again, { trust: true });
    expect(result).toMatchObject({ written: [], removed: [], recordWritten: false });
    expect(await snapshot(f.projectDir)).toEqual(before);
  });

  it('writes nothing when only planned (dry run), and the plan carries the diffs', async () => {
    const f = await fixture([
      version('1.0.0', { 'a.txt': 'one\n', 'b.txt': 'b\n' }),
      version('2.0.0', { 'a.txt': 'two\n', 'c.txt': 'c\n' }),
    ]);
    const before = await snapshot(f.projectDir);
    const plan = await f.plan();
    expect(plan.changes).toBe(true);
    expect(entry(plan, 'a.txt')?.diff).toContain('-one\n+two');
    expect(entry(plan, 'c.txt')?.diff).toContain('+c');
    expect(entry(plan, 'b.txt')?.diff).toContain('-b');
    expect(await snapshot(f.projectDir)).toEqual(before);
  });

  it('leaves the project exactly as it was when a write fails midway', async () => {
    const f = await fixture([
      version('1.0.0', { 'a.txt': 'one\n', 'b.txt': 'b\n', 'c.txt': 'c\n' }),
      version('2.0.0', { 'a.txt': 'two\n', 'c.txt': 'c2\n', 'new/file.txt': 'new\n' }),
    ]);
    const before = await snapshot(f.projectDir);
    const plan = await f.plan();
    let renames = 0;
    // b.txt is moved aside and some files are moved into place before the disk "fills up".
    const io = {
      ...nodeApplyIo,
      rename: (from: string, to: string) => {
        if (++renames === 4) throw new Error('ENOSPC: no space left on device');
        nodeApplyIo.rename(from, to);
      },
    };

    const error = await applyUpdate(plan, { trust: false, io }).catch((e: unknown) => e);
    expect(renames).toBe(4);
    expect(error).toBeInstanceOf(GtcxError);
    expect((error as GtcxError).message).toContain('ENOSPC');
    expect((error as GtcxError).message).toContain('the project was left as it was');
    expect(await snapshot(f.projectDir)).toEqual(before);
  });

  it('refuses, before writing anything, a file of the project where the template needs a directory', async () => {
    const f = await fixture([
      version('1.0.0', { 'a.txt': 'one\n' }),
      version('2.0.0', { 'a.txt': 'two\n', 'zz/new.txt': 'n\n' }),
    ]);
    await writeFile(join(f.projectDir, 'zz'), 'in the way\n');
    const error = (await f.plan().catch((e: unknown) => e)) as GtcxError;
    expect(error).toBeInstanceOf(GtcxError);
    expect(error.code).toBe('conflict');
    expect(error.message).toBe(
      `${join(f.projectDir, 'zz/new.txt')} lies below a file, but the new template version writes a file there`,
    );
  });

  it('refuses a directory without a project record, naming it and gtcx new', async () => {
    const { dir, cleanup } = await tempDir('update-none');
    cleanups.push(cleanup);
    const f = await fixture([version('1.0.0', { 'a.txt': 'a\n' })]);
    const error = (await planUpdate({ projectDir: dir, source: f.source, gtcxVersion: '0.1.0' }).catch(
      (e: unknown) => e,
    )) as GtcxError;
    expect(error.code).toBe('not_found');
    expect(error.message).toContain(dir);
    expect(error.hint).toContain('gtcx new');
  });

  it('updates a project made from a git tag to the next tag', async () => {
    const { dir, cleanup } = await tempDir('update-git');
    cleanups.push(cleanup);
    const repo = join(dir, 'repo');
    await writeTemplate(repo, version('1.0.0', { 'notes.txt': lines() }));
    await git(repo, 'init', '-q');
    await commitAll(repo, 'v1', 'v1.0.0');
    await writeTemplate(repo, version('1.1.0', { 'notes.txt': lines({ 12: 'twelve (template)' }) }));
    await commitAll(repo, 'v1.1', 'v1.1.0');
    const options = { builtinRoot: join(dir, 'none'), cwd: dir, cacheDir: join(dir, 'cache') };
    const source = await resolveTemplateSource(pathToFileURL(repo).href, options);
    const projectDir = join(dir, 'project');
    await mkdir(projectDir);
    await generateProject(projectDir, source, '1.0.0', { name: 'demo' });
    await writeFile(join(projectDir, 'notes.txt'), lines({ 1: 'one (user)' }));
    await chmod(join(projectDir, 'notes.txt'), 0o644);

    const recorded = JSON.parse(await readFile(join(projectDir, '.gtcx/project.json'), 'utf8'));
    const again = await resolveTemplateSource(recorded.template.source, options);
    const plan = await planUpdate({ projectDir, source: again, gtcxVersion: '0.1.0', now: NOW });
    expect(plan.to).toBe('1.1.0');
    await applyUpdate(plan, { trust: false });
    expect(await readFile(join(projectDir, 'notes.txt'), 'utf8')).toBe(
      lines({ 1: 'one (user)', 12: 'twelve (template)' }),
    );
  });
});
