import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const committed = join(root, 'sdk/src/generated');

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

/** Every path that is missing on one side or differs in content, with what is wrong with it. */
async function drift(expectedDir: string, actualDir: string): Promise<string[]> {
  const expected = await listFiles(expectedDir);
  const actual = await listFiles(actualDir);
  const problems: string[] = [];
  for (const file of expected.filter((f) => !actual.includes(f))) problems.push(`missing: ${file}`);
  for (const file of actual.filter((f) => !expected.includes(f)))
    problems.push(`extra (not generated): ${file}`);
  for (const file of expected.filter((f) => actual.includes(f))) {
    const [want, have] = await Promise.all([
      readFile(join(expectedDir, file), 'utf8'),
      readFile(join(actualDir, file), 'utf8'),
    ]);
    if (want !== have) problems.push(`differs: ${file}`);
  }
  return problems;
}

describe('generated SDK code', () => {
  let scratch: string;
  let fresh: string;

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'gtcx-generate-'));
    fresh = join(scratch, 'generated');
    await run(process.execPath, [join(root, 'scripts/generate.mjs'), '--out', fresh], { cwd: root });
  });

  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it('matches a fresh `npm run generate`, file for file', async () => {
    const problems = await drift(fresh, committed);
    expect(
      problems,
      `sdk/src/generated is stale; run \`npm run generate\` and commit:\n${problems.join('\n')}`,
    ).toEqual([]);
  });

  it('covers the OpenAPI document and every proto file', async () => {
    const files = await listFiles(fresh);
    expect(files).toContain('openapi.ts');
    const protos = (await listFiles(join(root, 'protos'))).filter((f) => f.endsWith('.proto'));
    for (const proto of protos) expect(files).toContain(join('proto', proto.replace(/\.proto$/, '.ts')));
  });

  it('starts every generated file with a DO-NOT-EDIT header naming its source and the command', async () => {
    for (const file of await listFiles(fresh)) {
      const firstLine = (await readFile(join(fresh, file), 'utf8')).split('\n', 1)[0];
      expect(firstLine, file).toMatch(/^\/\/ DO NOT EDIT\. Generated from \S+.* by `npm run generate`/);
    }
  });

  it('detects a hand edit and an extra file', async () => {
    const edited = await mkdtemp(join(scratch, 'edited-'));
    await run('cp', ['-R', `${fresh}/.`, edited]);
    await run('sh', [
      '-c',
      `echo '// hand edit' >> "${join(edited, 'openapi.ts')}" && touch "${join(edited, 'stray.ts')}"`,
    ]);
    expect(await drift(fresh, edited)).toEqual(['extra (not generated): stray.ts', 'differs: openapi.ts']);
  });

  it('refuses an unknown argument with the usage, writing nothing', async () => {
    const target = join(scratch, 'never');
    const failure = await run(process.execPath, [join(root, 'scripts/generate.mjs'), '--output', target], {
      cwd: root,
    }).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toContain(
      'unknown argument "--output"; the only option is --out <dir>',
    );
    await expect(readdir(target)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
