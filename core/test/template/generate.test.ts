import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type ApplyIo,
  type GenerateOptions,
  generateProject,
  hashContent,
  loadTemplate,
  nodeApplyIo,
  readProjectRecord,
  type Template,
  writeProjectRecord,
} from '../../src/index.js';
import { makeExecutable, snapshot, tempDir, writeTemplate, writeTree } from './fixtures.js';

const yaml = `name: svc
version: 1.2.0
questions:
  - name: name
    type: string
  - name: token
    type: secret
injections:
  - file: README.md
    append: "\\n## {{title name}}\\n"
    marker: "## {{title name}}"
  - file: src/index.ts
    after: "^// exports$"
    content: "export * from './{{kebab name}}.js';"
  - file: src/index.ts
    before: "^// end$"
    content: "// before end"
  - file: missing.txt
    append: x
hooks:
  pre: ["echo pre > pre.txt"]
  post: ["echo post > post.txt"]
`;

async function fixture(): Promise<Template> {
  const dir = writeTemplate(yaml, {
    'package.json.hbs': '{ "name": "{{kebab name}}" }\n',
    'src/{{kebab name}}.ts.hbs': 'export const {{camel name}} = true;\n',
    'src/index.ts': '// exports\n// end\n',
    'bin/cli': '#!/bin/sh\n',
    'logo.bin': Buffer.from([0, 1, 2, 255]),
  });
  makeExecutable(join(dir, 'files/bin/cli'));
  return loadTemplate(dir);
}

function options(
  template: Template,
  targetDir: string,
  extra: Partial<GenerateOptions> = {},
): GenerateOptions {
  return {
    template,
    targetDir,
    answers: { name: 'Acme Shop', token: 'hunter2' },
    source: { kind: 'path', ref: template.dir },
    conflict: 'fail',
    dryRun: false,
    trust: false,
    gtcxVersion: '0.1.0',
    now: () => new Date('2026-11-26T12:00:00.000Z'),
    ...extra,
  };
}

/** The target's parent holds nothing but the target: no staging directory left behind. */
function siblings(target: string): string[] {
  return readdirSync(dirname(target));
}

describe('generateProject', () => {
  it('generates a new project with injections into its own files, a record without secrets, hooks skipped', async () => {
    const template = await fixture();
    const target = join(tempDir(), 'out');
    const result = await generateProject(options(template, target));

    expect(result.files.map((f) => [f.path, f.action])).toEqual([
      ['bin/cli', 'create'],
      ['logo.bin', 'create'],
      ['package.json', 'create'],
      ['src/acme-shop.ts', 'create'],
      ['src/index.ts', 'create'],
      ['.gtcx/project.json', 'create'],
    ]);
    expect(readFileSync(join(target, 'src/index.ts'), 'utf8')).toBe(
      "// exports\nexport * from './acme-shop.js';\n// before end\n// end\n",
    );
    expect(statSync(join(target, 'bin/cli')).mode & 0o111).toBe(0o111);
    expect(readFileSync(join(target, 'logo.bin'))).toEqual(Buffer.from([0, 1, 2, 255]));
    expect(result.injections.map((i) => [i.file, i.action, i.reason])).toEqual([
      ['README.md', 'skip', 'file not found'],
      ['src/index.ts', 'modify', undefined],
      ['src/index.ts', 'modify', undefined],
      ['missing.txt', 'skip', 'file not found'],
    ]);
    expect(result.hooks).toEqual({
      ran: [],
      skipped: ['echo pre > pre.txt', 'echo post > post.txt'],
      message: expect.stringContaining('pass --trust to run them'),
    });
    expect(existsSync(join(target, 'pre.txt'))).toBe(false);

    const record = await readProjectRecord(target);
    expect(record).toEqual({
      template: { source: template.dir, name: 'svc', version: '1.2.0' },
      answers: { name: 'Acme Shop' },
      files: {
        'bin/cli': hashContent(readFileSync(join(target, 'bin/cli'))),
        'logo.bin': hashContent(Buffer.from([0, 1, 2, 255])),
        'package.json': hashContent('{ "name": "acme-shop" }\n'),
        'src/acme-shop.ts': hashContent('export const acmeShop = true;\n'),
        'src/index.ts': hashContent(readFileSync(join(target, 'src/index.ts'))),
      },
      generatedAt: '2026-11-26T12:00:00.000Z',
      gtcxVersion: '0.1.0',
    });
    expect(readFileSync(join(target, '.gtcx/project.json'), 'utf8')).not.toContain('hunter2');
    expect(siblings(target)).toEqual(['out']);
  });

  it('dry-run returns the plan with diffs and writes nothing', async () => {
    const template = await fixture();
    const target = tempDir();
    writeTree(target, { 'README.md': '# readme\n', 'package.json': '{ "name": "mine" }\n' });
    const before = snapshot(target);
    const result = await generateProject(options(template, target, { dryRun: true, conflict: 'fail' }));
    expect(snapshot(target)).toEqual(before);
    expect(result.dryRun).toBe(true);
    const pkg = result.files.find((f) => f.path === 'package.json');
    expect(pkg?.action).toBe('conflict');
    expect(pkg?.diff).toContain('-{ "name": "mine" }\n+{ "name": "acme-shop" }');
    expect(result.files.find((f) => f.path === 'src/acme-shop.ts')?.diff).toContain('+++ b/src/acme-shop.ts');
    expect(result.files.find((f) => f.path === 'logo.bin')?.diff).toBeUndefined();
    expect(result.injections[0]).toMatchObject({ file: 'README.md', action: 'modify' });
    expect(result.injections[0]?.diff).toContain('+## Acme Shop');
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  describe('conflicts', () => {
    async function existing() {
      const template = await fixture();
      const target = tempDir();
      writeTree(target, {
        'package.json': '{ "name": "mine" }\n',
        'src/acme-shop.ts': 'export const acmeShop = true;\n',
      });
      return { template, target };
    }

    it('fail: names the conflicting files and writes nothing', async () => {
      const { template, target } = await existing();
      const before = snapshot(target);
      await expect(generateProject(options(template, target, { conflict: 'fail' }))).rejects.toMatchObject({
        code: 'conflict',
        message: '1 file already exists with other content: package.json',
        hint: 'pass --conflict skip|overwrite',
      });
      expect(snapshot(target)).toEqual(before);
    });

    it('skip keeps the user file; identical files are left alone', async () => {
      const { template, target } = await existing();
      const result = await generateProject(options(template, target, { conflict: 'skip' }));
      expect(result.files.find((f) => f.path === 'package.json')?.action).toBe('skip');
      expect(result.files.find((f) => f.path === 'src/acme-shop.ts')?.action).toBe('identical');
      expect(readFileSync(join(target, 'package.json'), 'utf8')).toBe('{ "name": "mine" }\n');
      expect(existsSync(join(target, 'bin/cli'))).toBe(true);
    });

    it('overwrite replaces it', async () => {
      const { template, target } = await existing();
      await generateProject(options(template, target, { conflict: 'overwrite' }));
      expect(readFileSync(join(target, 'package.json'), 'utf8')).toBe('{ "name": "acme-shop" }\n');
    });

    it('ask settles each conflict through the callback', async () => {
      const { template, target } = await existing();
      const asked: string[] = [];
      const result = await generateProject(
        options(template, target, {
          conflict: 'ask',
          resolveConflict: async (entry) => {
            asked.push(entry.path);
            expect(entry.diff).toContain('+{ "name": "acme-shop" }');
            return 'overwrite';
          },
        }),
      );
      expect(asked).toEqual(['package.json']);
      expect(result.files.find((f) => f.path === 'package.json')?.action).toBe('overwrite');
      expect(readFileSync(join(target, 'package.json'), 'utf8')).toBe('{ "name": "acme-shop" }\n');
    });

    it('ask without a callback (no TTY) is the fail error', async () => {
      const { template, target } = await existing();
      await expect(generateProject(options(template, target, { conflict: 'ask' }))).rejects.toMatchObject({
        code: 'conflict',
      });
    });
  });

  it('injects into existing files once: a second run changes nothing', async () => {
    const template = await fixture();
    const target = tempDir();
    writeTree(target, { 'README.md': '# readme\n' });
    const first = await generateProject(options(template, target, { conflict: 'fail' }));
    expect(first.files.find((f) => f.path === 'README.md')?.action).toBe('modify');
    expect(readFileSync(join(target, 'README.md'), 'utf8')).toBe('# readme\n\n## Acme Shop\n');

    const after = snapshot(target);
    delete after['.gtcx/project.json'];
    const second = await generateProject(options(template, target, { conflict: 'fail' }));
    const now = snapshot(target);
    delete now['.gtcx/project.json'];
    expect(now).toEqual(after);
    // The README injection finds its marker; those into src/index.ts apply to the freshly rendered file again.
    expect(second.injections.map((i) => i.reason)).toEqual([
      'marker present',
      undefined,
      undefined,
      'file not found',
    ]);
    expect(second.files.filter((f) => f.action !== 'identical').map((f) => f.path)).toEqual([
      '.gtcx/project.json',
    ]);
  });

  it('leaves the target byte for byte as it was when a write fails midway, and no staging directory', async () => {
    const template = await fixture();
    const target = tempDir();
    writeTree(target, {
      'package.json': '{ "name": "mine" }\n',
      'README.md': '# readme\n',
      'src/keep.ts': 'keep\n',
    });
    const before = snapshot(target);
    let renames = 0;
    const io: ApplyIo = {
      ...nodeApplyIo,
      rename: (from, to) => {
        if (++renames === 4) throw Object.assign(new Error('EIO: disk on fire'), { code: 'EIO' });
        nodeApplyIo.rename(from, to);
      },
    };
    await expect(generateProject(options(template, target, { conflict: 'overwrite', io }))).rejects.toThrow(
      'disk on fire',
    );
    expect(renames).toBe(4);
    expect(snapshot(target)).toEqual(before);
    expect(readdirSync(dirname(target)).filter((name) => name.includes('gtcx-staging'))).toEqual([]);

    const fresh = join(tempDir(), 'new');
    let writes = 0;
    const failingWrite: ApplyIo = {
      ...nodeApplyIo,
      writeFile: (path, content, mode) => {
        if (++writes === 3) throw new Error('ENOSPC: no space left');
        nodeApplyIo.writeFile(path, content, mode);
      },
    };
    await expect(generateProject(options(template, fresh, { io: failingWrite }))).rejects.toThrow(
      'no space left',
    );
    expect(siblings(fresh)).toEqual([]);
  });

  it('cancels on SIGINT while staging and leaves nothing behind', async () => {
    const template = await fixture();
    const target = join(tempDir(), 'out');
    const keepAlive = () => {};
    process.on('SIGINT', keepAlive);
    try {
      let writes = 0;
      const io: ApplyIo = {
        ...nodeApplyIo,
        writeFile: (path, content, mode) => {
          if (++writes === 2) process.emit('SIGINT');
          nodeApplyIo.writeFile(path, content, mode);
        },
      };
      await expect(generateProject(options(template, target, { io }))).rejects.toMatchObject({
        message: 'interrupted: nothing was written',
      });
      expect(siblings(target)).toEqual([]);
    } finally {
      process.removeListener('SIGINT', keepAlive);
    }
  });

  it('refuses a non-writable target before writing anything', async () => {
    if (process.getuid?.() === 0) return; // root writes anywhere: the permission check cannot fail
    const template = await fixture();
    const parent = tempDir();
    chmodSync(parent, 0o555);
    try {
      await expect(generateProject(options(template, join(parent, 'out')))).rejects.toMatchObject({
        code: 'data_dir_not_writable',
      });
    } finally {
      chmodSync(parent, 0o755);
    }
  });

  it('refuses a target path through a symlink or a directory where a file goes', async () => {
    const template = await fixture();
    const target = tempDir();
    mkdirSync(join(target, 'package.json'));
    await expect(generateProject(options(template, target))).rejects.toMatchObject({
      code: 'conflict',
      message: 'package.json exists in the target and is not a file',
    });
  });

  it('runs hooks with trust, in order, in the target', async () => {
    const template = await fixture();
    const target = join(tempDir(), 'out');
    const result = await generateProject(
      options(template, target, { trust: true, hooks: { stdio: 'ignore' } }),
    );
    expect(result.hooks).toEqual({ ran: ['echo pre > pre.txt', 'echo post > post.txt'], skipped: [] });
    expect(readFileSync(join(target, 'post.txt'), 'utf8')).toBe('post\n');
    expect(readFileSync(join(dirname(target), 'pre.txt'), 'utf8')).toBe('pre\n');
  });

  it('stops at a failing hook and names it with its exit code', async () => {
    const dir = writeTemplate(
      'name: h\nversion: 1.0.0\nhooks:\n  post: ["exit 3", "echo never > never.txt"]\n',
      { 'a.txt': 'a' },
    );
    const target = join(tempDir(), 'out');
    await expect(
      generateProject(
        options(await loadTemplate(dir), target, { answers: {}, trust: true, hooks: { stdio: 'ignore' } }),
      ),
    ).rejects.toMatchObject({
      message: 'hook "exit 3" failed (exit code 3)',
      details: expect.objectContaining({ command: 'exit 3', exitCode: 3 }),
    });
    expect(existsSync(join(target, 'never.txt'))).toBe(false);
  });

  it('checks engines.gtcx', async () => {
    const dir = writeTemplate('name: e\nversion: 1.0.0\nengines: { gtcx: ">=9.0.0" }\n', { 'a.txt': 'a' });
    await expect(
      generateProject(options(await loadTemplate(dir), tempDir(), { answers: {} })),
    ).rejects.toMatchObject({
      code: 'precondition_failed',
      message: 'template e needs gtcx >=9.0.0, this is 0.1.0',
    });
  });
});

describe('project record', () => {
  it('round-trips atomically and rejects a malformed record', async () => {
    const dir = tempDir();
    expect(await readProjectRecord(dir)).toBeUndefined();
    const record = {
      template: { source: 'builtin:ts-lib', name: 'ts-lib', version: '1.0.0' },
      answers: { name: 'x' },
      files: { 'a.txt': hashContent('a') },
      generatedAt: '2026-11-26T12:00:00.000Z',
      gtcxVersion: '0.1.0',
    };
    await writeProjectRecord(dir, record);
    expect(await readProjectRecord(dir)).toEqual(record);
    expect(readdirSync(join(dir, '.gtcx'))).toEqual(['project.json']);
    expect(hashContent('a')).toBe('sha256-ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb');
    writeFileSync(join(dir, '.gtcx/project.json'), '{"template":{}}');
    await expect(readProjectRecord(dir)).rejects.toMatchObject({
      code: 'validation_failed',
      message: expect.stringContaining('has no template.source'),
    });
  });
});
