import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gtcx, type TempHome, tempHome } from './support/cli.js';
import { snapshot } from './support/tree.js';

let home: TempHome;
let project: string;
beforeEach(async () => {
  home = tempHome();
  project = join(home.root, 'svc');
  const result = await gtcx(
    ['new', 'fastify-service', project, '--version', '1.0.0', '--set', 'name=svc', '--defaults'],
    home,
  );
  expect(result.exitCode, result.stderr).toBe(0);
});
afterEach(() => home.cleanup());

const read = (path: string) => readFileSync(join(project, path), 'utf8');
const record = () => JSON.parse(read('.gtcx/project.json'));

interface Report {
  dryRun: boolean;
  upToDate: boolean;
  from: string;
  to: string;
  conflicts: string[];
  newQuestions: string[];
  entries: { path: string; action: string; diff?: string }[];
  migrations: {
    crossed: { version: string }[];
    ran: unknown[];
    skipped: { version: string }[];
    hint?: string;
  };
}

describe('gtcx update', () => {
  it('merges the template’s changes with the user’s edits cleanly, skips migrations without --trust, then is a no-op', async () => {
    writeFileSync(join(project, 'README.md'), `${read('README.md')}\n## Our notes\n\nKept across updates.\n`);
    rmSync(join(project, 'Dockerfile'));

    const dry = await gtcx(['update', project, '--dry-run', '--set', 'logLevel=warn'], home);
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(
      /^Dry run: update fastify-service 1\.0\.0 -> 1\.1\.0 in \.\/svc \(nothing written\)$/m,
    );
    expect(dry.stdout).toMatch(/^ {2}merge\s+README\.md/m);
    expect(dry.stdout).toMatch(/^\+LOG_LEVEL=warn$/m);
    expect(record().template.version).toBe('1.0.0');

    const result = await gtcx(['update', project, '--set', 'logLevel=warn', '--json'], home);
    expect(result.exitCode, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as Report;
    expect(report).toMatchObject({
      dryRun: false,
      from: '1.0.0',
      to: '1.1.0',
      conflicts: [],
      newQuestions: ['logLevel'],
    });
    expect(report.migrations).toMatchObject({
      crossed: [{ version: '1.1.0' }],
      ran: [],
      skipped: [{ version: '1.1.0' }],
      hint: expect.stringMatching(/--trust/),
    });
    expect(read('README.md')).toMatch(/## Our notes\n\nKept across updates\./);
    expect(read('src/config.ts')).toMatch(/warn/);
    expect(() => read('Dockerfile')).toThrow(/ENOENT/);
    expect(() => read('src/env.ts')).toThrow(/ENOENT/);
    expect(record()).toMatchObject({ template: { version: '1.1.0' }, answers: { logLevel: 'warn' } });

    const before = snapshot(project);
    const again = await gtcx(['update', project], home);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stdout).toBe('Already up to date: fastify-service 1.1.0 in ./svc');
    expect(snapshot(project)).toEqual(before);
  });

  it('writes a conflict with markers where the user and the template changed the same line, lists it, exits 0', async () => {
    writeFileSync(
      join(project, 'src', 'app.ts'),
      read('src/app.ts').replace('logger: options.logger ?? false', 'logger: options.logger ?? true'),
    );
    const result = await gtcx(['update', project, '--defaults'], home);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^ {2}conflict\s+src\/app\.ts/m);
    expect(result.stdout).toMatch(
      /1 conflict\(s\): resolve the <<<<<<< ======= >>>>>>> markers.*\n {2}src\/app\.ts$/m,
    );
    expect(result.stdout).toMatch(/^Migrations skipped: .*--trust/m);
    const app = read('src/app.ts');
    expect(app).toMatch(
      /^<<<<<<< ours \(your project\)\n[\s\S]*logger: options\.logger \?\? true[\s\S]*^=======\n[\s\S]*^>>>>>>> theirs \(template 1\.1\.0\)$/m,
    );

    const again = await gtcx(['update', project, '--json'], home);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ upToDate: true, conflicts: [] });
  });

  it('runs the crossed migration with --trust', async () => {
    writeFileSync(join(project, '.env'), 'HTTP_PORT=4000\n');
    const result = await gtcx(['update', project, '--defaults', '--trust', '--json'], home);
    expect(result.exitCode, result.stderr).toBe(0);
    expect((JSON.parse(result.stdout) as Report).migrations).toMatchObject({
      ran: [{ version: '1.1.0' }],
      skipped: [],
    });
    expect(read('.env')).toMatch(/^PORT=4000$/m);
  });

  it('runs the crossed migration when trustedSources in config matches the recorded source, naming the pattern', async () => {
    writeFileSync(join(project, '.env'), 'HTTP_PORT=4000\n');
    const set = await gtcx(['config', 'set', 'trustedSources', '@acme/*,builtin:fastify-*'], home);
    expect(set.exitCode, set.stderr).toBe(0);
    const result = await gtcx(['update', project, '--defaults', '--json'], home);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).toMatch(
      /^Trusting builtin:fastify-service: pattern "builtin:fastify-\*" of trustedSources \(the config file\)$/m,
    );
    expect((JSON.parse(result.stdout) as Report).migrations).toMatchObject({
      ran: [{ version: '1.1.0' }],
      skipped: [],
    });
    expect(read('.env')).toMatch(/^PORT=4000$/m);
  });

  it('a trustedSources pattern that does not match trusts nothing, and the hint names the key', async () => {
    writeFileSync(join(project, '.env'), 'HTTP_PORT=4000\n');
    const result = await gtcx(['update', project, '--defaults'], home, {
      env: { GTCX_TRUSTED_SOURCES: 'builtin:ts-lib' },
    });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).not.toMatch(/Trusting/);
    expect(result.stdout).toMatch(
      /^Migrations skipped: .*pass --trust, or trust the source in config: gtcx config set trustedSources "builtin:fastify-service"/m,
    );
    expect(read('.env')).toBe('HTTP_PORT=4000\n');
  });

  it('prints every action apart from its path, keep-modified included', async () => {
    writeFileSync(join(project, 'src', 'env.ts'), `${read('src/env.ts')}// ours\n`);
    const dry = await gtcx(['update', project, '--dry-run', '--defaults'], home);
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/^ {2}keep-modified +src\/env\.ts/m);
    const lines = dry.stdout.split('\n').filter((line) => /^ {2}[a-z-]+ +\S/.test(line));
    const starts = new Set(lines.map((line) => line.indexOf(line.trim().split(/\s+/)[1] ?? '')));
    expect(lines.length).toBeGreaterThan(1);
    expect(starts.size, lines.join('\n')).toBe(1);
  });

  it('asks for a new question off a terminal by naming the flag, writing nothing', async () => {
    const before = snapshot(project);
    const result = await gtcx(['update', project], home);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^Error: missing answer for "logLevel"$/m);
    expect(result.stderr).toMatch(/^Hint: pass --set logLevel=<value>/m);
    expect(snapshot(project)).toEqual(before);
  });

  it('refuses a directory that gtcx did not generate', async () => {
    const result = await gtcx(['update', home.root], home);
    expect(result.exitCode).toBe(66);
    expect(result.stderr).toMatch(/has no \.gtcx\/project\.json: it was not generated by gtcx/);
  });
});
