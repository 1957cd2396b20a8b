import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gtcx, type TempHome, tempHome } from './support/cli.js';
import { snapshot } from './support/tree.js';

let home: TempHome;
beforeEach(() => {
  home = tempHome();
});
afterEach(() => home.cleanup());

/** The test's files: everything in the temp home except gtcx's own XDG dirs. */
const workTree = () => snapshot(home.root, (path) => /^(config|data|cache)$/.test(path));

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

interface Report {
  target: string;
  template: { name: string; version: string; source: string };
  files: { path: string; action: string; diff?: string }[];
  injections: { file: string; action: string; reason?: string }[];
  hooks: { ran: string[]; skipped: string[]; message?: string };
  dryRun: boolean;
}

/** A local template that adds a module and injects its export into an existing src/index.ts. */
function widgetTemplate(): string {
  const dir = join(home.root, 'widget-template');
  mkdirSync(join(dir, 'files', 'src'), { recursive: true });
  writeFileSync(
    join(dir, 'template.yaml'),
    [
      'name: widget',
      'version: 1.0.0',
      'questions:',
      '  - name: widget',
      '    type: string',
      '    validate: { pattern: "^[a-z][a-z-]*$", message: lowercase letters and dashes }',
      'injections:',
      '  - file: src/index.ts',
      '    after: "^// exports$"',
      `    content: "export * from './{{kebab widget}}.js';"`,
      '    marker: "./{{kebab widget}}.js"',
      'hooks:',
      '  post: ["echo hooked > hook-ran.txt"]',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'files', 'src', '{{kebab widget}}.ts.hbs'),
    "export const {{camel widget}} = '{{widget}}';\n",
  );
  return dir;
}

describe('gtcx new, non-interactive', () => {
  it('generates ts-lib from --set and --defaults into ./<name>, with a record and next steps', async () => {
    const result = await gtcx(
      ['new', 'ts-lib', '--set', 'name=@acme/my-lib', '--set', 'license=Apache-2.0', '--defaults'],
      home,
    );
    expect(result.exitCode, result.stderr).toBe(0);
    const project = join(home.root, 'my-lib');
    expect(readJson(join(project, 'package.json'))).toMatchObject({
      name: '@acme/my-lib',
      license: 'Apache-2.0',
    });
    const record = readJson(join(project, '.gtcx', 'project.json'));
    expect(record.template).toEqual({ source: 'builtin:ts-lib', name: 'ts-lib', version: '1.0.0' });
    expect(record.answers).toMatchObject({
      name: '@acme/my-lib',
      license: 'Apache-2.0',
      ci: true,
      nodeVersion: '22',
    });
    expect(Object.keys(record.files)).toContain('package.json');
    expect(result.stdout).toMatch(/^Generated ts-lib 1\.0\.0 in \.\/my-lib$/m);
    expect(result.stdout).toMatch(/^ {2}create\s+package\.json$/m);
    expect(result.stdout).toMatch(/Next steps:\n {2}cd \.\/my-lib\n {2}npm install\n {2}npm test/);
  });

  it('takes typed answers from a YAML --answers file, --set winning over it, into the given dir', async () => {
    const answers = join(home.root, 'answers.yaml');
    writeFileSync(answers, 'name: svc\nport: 8080\nusePostgres: yes\ndescription: from the file\n');
    const result = await gtcx(
      [
        'new',
        'fastify-service',
        'out/svc',
        '--answers',
        answers,
        '--set',
        'description=from set',
        '--defaults',
        '--json',
      ],
      home,
    );
    expect(result.exitCode, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.target).toBe(join(home.root, 'out', 'svc'));
    expect(report.files.map((f) => f.path)).toContain('src/db.ts');
    const record = readJson(join(home.root, 'out', 'svc', '.gtcx', 'project.json'));
    expect(record.answers).toMatchObject({
      port: 8080,
      usePostgres: true,
      description: 'from set',
      logLevel: 'info',
    });
  });

  it('refuses a missing answer on a non-TTY, naming the --set to pass, and writes nothing', async () => {
    const before = workTree();
    const result = await gtcx(['new', 'ts-lib', 'lib'], home);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^Error: missing answers for "name", "description", /m);
    expect(result.stderr).toMatch(/^Hint: pass --set name=<value>/m);
    expect(workTree()).toEqual(before);
  });

  it('--dry-run prints every file with its action and the diffs, and writes nothing', async () => {
    const target = join(home.root, 'lib');
    mkdirSync(target);
    writeFileSync(join(target, 'README.md'), '# mine\n');
    const before = workTree();
    const result = await gtcx(
      ['new', 'ts-lib', target, '--set', 'name=lib', '--defaults', '--dry-run'],
      home,
    );
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Dry run: ts-lib 1\.0\.0 into \.\/lib \(nothing written\)$/m);
    expect(result.stdout).toMatch(/^ {2}create\s+package\.json$/m);
    expect(result.stdout).toMatch(/^ {2}conflict\s+README\.md$/m);
    expect(result.stdout).toMatch(/^--- a\/README\.md\n\+\+\+ b\/README\.md$/m);
    expect(result.stdout).toMatch(/^-# mine$/m);
    expect(result.stdout).toMatch(/^--- \/dev\/null\n\+\+\+ b\/package\.json$/m);
    expect(workTree()).toEqual(before);

    const json = await gtcx(
      ['new', 'ts-lib', target, '--set', 'name=lib', '--defaults', '--dry-run', '--json'],
      home,
    );
    const report = JSON.parse(json.stdout) as Report;
    expect(report.dryRun).toBe(true);
    expect(report.files.find((f) => f.path === 'README.md')).toMatchObject({
      action: 'conflict',
      diff: expect.stringContaining('-# mine'),
    });
    expect(workTree()).toEqual(before);
  });
});

describe('gtcx new with existing files', () => {
  const args = (target: string, ...more: string[]) => [
    'new',
    'ts-lib',
    target,
    '--set',
    'name=lib',
    '--defaults',
    ...more,
  ];

  function existingProject(): string {
    const target = join(home.root, 'lib');
    mkdirSync(target);
    writeFileSync(join(target, 'README.md'), '# mine\n');
    writeFileSync(join(target, 'notes.txt'), 'untouched\n');
    return target;
  }

  it('fails by default off a terminal, naming the file and the flags, writing nothing', async () => {
    const target = existingProject();
    const before = workTree();
    const result = await gtcx(args(target), home);
    expect(result.exitCode).toBe(65);
    expect(result.stderr).toMatch(/^Error: 1 file already exists with other content: README\.md$/m);
    expect(result.stderr).toMatch(/^Hint: pass --conflict skip\|overwrite$/m);
    expect(workTree()).toEqual(before);
  });

  it('--conflict skip keeps the existing file and writes the rest', async () => {
    const target = existingProject();
    const result = await gtcx(args(target, '--conflict', 'skip'), home);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^ {2}skip\s+README\.md$/m);
    expect(readFileSync(join(target, 'README.md'), 'utf8')).toBe('# mine\n');
    expect(readFileSync(join(target, 'notes.txt'), 'utf8')).toBe('untouched\n');
    expect(existsSync(join(target, 'package.json'))).toBe(true);
  });

  it('--conflict overwrite replaces it; a second run finds every file identical', async () => {
    const target = existingProject();
    const result = await gtcx(args(target, '--conflict', 'overwrite'), home);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^ {2}overwrite\s+README\.md$/m);
    expect(readFileSync(join(target, 'README.md'), 'utf8')).toMatch(/^# lib/);

    const again = await gtcx(args(target, '--json'), home);
    expect(again.exitCode, again.stderr).toBe(0);
    const actions = new Set(
      (JSON.parse(again.stdout) as Report).files
        .filter((f) => f.path !== '.gtcx/project.json')
        .map((f) => f.action),
    );
    expect([...actions]).toEqual(['identical']);
  });

  it('--conflict ask without a terminal is refused before anything happens', async () => {
    const target = existingProject();
    const before = workTree();
    const result = await gtcx(args(target, '--conflict', 'ask'), home);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/--conflict ask needs a terminal/);
    expect(workTree()).toEqual(before);
  });
});

describe('gtcx new with injections and hooks', () => {
  it('injects into an existing file once, skips hooks without --trust and says how to run them', async () => {
    const template = widgetTemplate();
    const project = join(home.root, 'app');
    mkdirSync(join(project, 'src'), { recursive: true });
    writeFileSync(join(project, 'src', 'index.ts'), '// exports\nexport const app = 1;\n');

    const first = await gtcx(['new', template, project, '--set', 'widget=blue-box'], home);
    expect(first.exitCode, first.stderr).toBe(0);
    expect(readFileSync(join(project, 'src', 'index.ts'), 'utf8')).toBe(
      "// exports\nexport * from './blue-box.js';\nexport const app = 1;\n",
    );
    expect(readFileSync(join(project, 'src', 'blue-box.ts'), 'utf8')).toBe(
      "export const blueBox = 'blue-box';\n",
    );
    expect(first.stdout).toMatch(/^ {2}modify\s+src\/index\.ts$/m);
    expect(first.stdout).toMatch(
      /Skipped 1 hook command from an untrusted template: echo hooked > hook-ran\.txt; .*--trust/,
    );
    expect(existsSync(join(project, 'hook-ran.txt'))).toBe(false);

    const before = snapshot(project, (path) => path.startsWith('.gtcx'));
    const second = await gtcx(
      ['new', template, project, '--set', 'widget=blue-box', '--json', '--trust'],
      home,
    );
    expect(second.exitCode, second.stderr).toBe(0);
    const report = JSON.parse(second.stdout) as Report;
    expect(report.injections).toEqual([
      { file: 'src/index.ts', mode: 'after', action: 'skip', reason: 'marker present' },
    ]);
    expect(report.hooks.ran).toEqual(['echo hooked > hook-ran.txt']);
    const after = snapshot(project, (path) => path.startsWith('.gtcx') || path === 'hook-ran.txt');
    expect(after).toEqual(before);
    expect(readFileSync(join(project, 'hook-ran.txt'), 'utf8')).toBe('hooked\n');
  });

  it('runs hooks of a source trusted by a trustedSources pattern, naming it; an unmatched one says how', async () => {
    const template = widgetTemplate();
    const untrusted = await gtcx(['new', template, 'one', '--set', 'widget=box'], home, {
      env: { GTCX_TRUSTED_SOURCES: '/elsewhere/*,builtin:*' },
    });
    expect(untrusted.exitCode, untrusted.stderr).toBe(0);
    expect(untrusted.stdout).toContain(`gtcx config set trustedSources "${template}"`);
    expect(existsSync(join(home.root, 'one', 'hook-ran.txt'))).toBe(false);

    const set = await gtcx(['config', 'set', 'trustedSources', `builtin:*,${home.root}/widget-*`], home);
    expect(set.exitCode, set.stderr).toBe(0);
    const trusted = await gtcx(['new', template, 'two', '--set', 'widget=box', '--json'], home);
    expect(trusted.exitCode, trusted.stderr).toBe(0);
    expect(trusted.stderr).toBe(
      `Trusting ${template}: pattern "${home.root}/widget-*" of trustedSources (the config file)`,
    );
    expect((JSON.parse(trusted.stdout) as Report).hooks.ran).toEqual(['echo hooked > hook-ran.txt']);
    expect(readFileSync(join(home.root, 'two', 'hook-ran.txt'), 'utf8')).toBe('hooked\n');
  });
});

describe('gtcx new: bad input', () => {
  async function expectNothingWritten(args: string[], exitCode: number, message: RegExp, hint?: RegExp) {
    const before = workTree();
    const result = await gtcx(args, home);
    expect(result.exitCode, result.stdout + result.stderr).toBe(exitCode);
    expect(result.stderr).toMatch(message);
    if (hint) expect(result.stderr).toMatch(hint);
    expect(result.stderr.split('\n').filter(Boolean).length).toBeLessThanOrEqual(2);
    expect(workTree()).toEqual(before);
  }

  it('a malformed template.yaml names the line and the field', async () => {
    const template = widgetTemplate();
    writeFileSync(
      join(template, 'template.yaml'),
      'name: widget\nversion: 1.0.0\nquestions:\n  - name: widget\n    type: strnig\n',
    );
    await expectNothingWritten(
      ['new', template, 'out', '--set', 'widget=a'],
      2,
      /^Error: template\.yaml line 5: questions\[0\]\.type .*strnig/m,
      /^Hint: fix template\.yaml/m,
    );
  });

  it('an unknown template', async () => {
    await expectNothingWritten(
      ['new', 'no-such-template', 'out'],
      66,
      /^Error: unknown template "no-such-template"$/m,
      /gtcx templates list/,
    );
  });

  it("a pack's template that is not installed names gtcx pack install", async () => {
    await expectNothingWritten(
      ['new', '@acme/web/service', 'out'],
      66,
      /^Error: template @acme\/web\/service is in pack @acme\/web, which is not installed$/m,
      /^Hint: install the pack with gtcx pack install @acme\/web/m,
    );
  });

  it('an answer failing validation shows the template’s message', async () => {
    await expectNothingWritten(
      ['new', 'fastify-service', 'out', '--set', 'name=Bad Name', '--defaults'],
      2,
      /^Error: answer for "name" "Bad Name" lowercase letters, digits and dashes, starting with a letter$/m,
      /^Hint: pass a valid value with --set name=<value>/m,
    );
    await expectNothingWritten(
      ['new', 'fastify-service', 'out', '--set', 'name=svc', '--set', 'port=99999', '--defaults'],
      2,
      /^Error: answer for "port" 99999 a TCP port from 1 to 65535$/m,
      /^Hint: pass a valid value with --set port=<value>/m,
    );
    await expectNothingWritten(
      ['new', 'ts-lib', 'out', '--set', 'nmae=x'],
      2,
      /^Error: ts-lib asks no question "nmae"$/m,
      /name, description/,
    );
  });

  it('a target below a regular file', async () => {
    writeFileSync(join(home.root, 'plain'), 'x');
    await expectNothingWritten(
      ['new', 'ts-lib', 'plain/lib', '--set', 'name=lib', '--defaults'],
      73,
      /^Error: cannot generate into .*plain\/lib: .*plain is a file, not a directory$/m,
    );
  });

  it('a target in a read-only directory', async () => {
    if (process.getuid?.() === 0) return; // root writes anywhere; the staging check is covered by core's tests
    const locked = join(home.root, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o555);
    try {
      await expectNothingWritten(
        ['new', 'ts-lib', 'locked/lib', '--set', 'name=lib', '--defaults'],
        73,
        /cannot write to/,
      );
    } finally {
      chmodSync(locked, 0o755);
    }
  });

  it('a malformed --answers file names the file and line', async () => {
    writeFileSync(join(home.root, 'bad.yaml'), 'name: [unclosed\n');
    await expectNothingWritten(
      ['new', 'ts-lib', 'out', '--answers', 'bad.yaml'],
      2,
      /^Error: --answers file .*bad\.yaml line \d+: /m,
    );
  });
});

describe('gtcx new start-up', () => {
  it('off a terminal loads neither Ink nor React nor the SQLite store', async () => {
    const log = join(home.root, 'imports.log');
    const recorder = fileURLToPath(new URL('./support/record-imports.mjs', import.meta.url));
    const result = await gtcx(['new', 'ts-lib', 'lib', '--set', 'name=lib', '--defaults'], home, {
      nodeArgs: ['--import', recorder],
      env: { GTCX_RECORD_IMPORTS: log },
    });
    expect(result.exitCode, result.stderr).toBe(0);
    const modules = readFileSync(log, 'utf8');
    expect(modules).toMatch(/handlebars/);
    expect(modules).not.toMatch(/\/node_modules\/(ink|react|better-sqlite3|kysely)\//);
  });
});
