import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TempHome, tempHome } from './support/cli.js';
import { gtcxOnPty, hasScript, keys } from './support/pty.js';
import { snapshot } from './support/tree.js';

let home: TempHome;
beforeEach(() => {
  home = tempHome();
});
afterEach(() => home.cleanup());

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

describe.skipIf(!hasScript)('gtcx new on a terminal', () => {
  it('asks nothing in a CI job, even on a terminal, and names the flag to pass', async () => {
    const session = gtcxOnPty(['new', 'ts-lib'], { ...home, env: { ...home.env, CI: 'true' } });
    const result = await session.done;
    expect(result.exitCode, session.screen()).not.toBe(0);
    expect(session.screen()).toMatch(/--set name=<value>/);
    expect(existsSync(join(home.root, 'my-lib'))).toBe(false);
  });

  it('asks each question with Ink, shows a failed validation inline, and generates from the answers', async () => {
    const session = gtcxOnPty(['new', 'ts-lib'], home);
    await session.waitFor(/Package name/);
    session.write('Bad Name');
    session.write(keys.enter);
    await session.waitFor(/✖ an npm package name: lowercase letters/);
    session.write(keys.backspace.repeat('Bad Name'.length));
    session.write('my-lib');
    session.write(keys.enter);
    await session.waitFor(/Description[\s\S]*A small TypeScript library/);
    session.write(keys.enter);
    await session.waitFor(/Author/);
    session.write('Ada <ada@example.com>');
    session.write(keys.enter);
    await session.waitFor(/License[\s\S]*❯ MIT/);
    session.write(keys.down);
    await session.waitFor(/❯ Apache-2\.0/);
    session.write(keys.enter);
    await session.waitFor(/Add a GitHub Actions CI workflow\?.*\(Y\/n\)/);
    session.write('n');
    await session.waitFor(/Node\.js major version/);
    session.write(keys.enter);
    const result = await session.done;
    expect(result.exitCode, session.screen()).toBe(0);
    expect(session.screen()).toMatch(/✔ Package name my-lib/);
    expect(session.screen()).toMatch(/Generated ts-lib 1\.0\.0 in \.\/my-lib/);
    const record = readJson(join(home.root, 'my-lib', '.gtcx', 'project.json'));
    expect(record.answers).toEqual({
      name: 'my-lib',
      description: 'A small TypeScript library',
      author: 'Ada <ada@example.com>',
      license: 'Apache-2.0',
      ci: false,
      nodeVersion: '22',
    });
    expect(existsSync(join(home.root, 'my-lib', '.github'))).toBe(false);
  });

  it('Ctrl-C at a prompt stops with status 130 and writes nothing', async () => {
    const before = snapshot(home.root, (path) => /^(config|data|cache)$/.test(path));
    const session = gtcxOnPty(['new', 'ts-lib', 'lib'], home);
    await session.waitFor(/Package name/);
    session.write(keys.ctrlC);
    const result = await session.done;
    expect(result.exitCode).toBe(130);
    expect(session.screen()).toMatch(/cancelled at a prompt: nothing was written/);
    expect(snapshot(home.root, (path) => /^(config|data|cache)$/.test(path))).toEqual(before);
  });

  it('--conflict ask (the default on a terminal) asks per file: diff, then skip or overwrite', async () => {
    const target = join(home.root, 'lib');
    mkdirSync(target);
    writeFileSync(join(target, 'README.md'), '# mine\n');
    writeFileSync(join(target, 'LICENSE'), 'mine too\n');
    const session = gtcxOnPty(['new', 'ts-lib', 'lib', '--set', 'name=lib', '--defaults'], home);
    await session.waitFor(/LICENSE already exists with other content/);
    session.write('d');
    await session.waitFor(/-mine too/);
    session.write('o');
    await session.waitFor(/README\.md already exists with other content/);
    session.write('s');
    const result = await session.done;
    expect(result.exitCode, session.screen()).toBe(0);
    expect(readFileSync(join(target, 'README.md'), 'utf8')).toBe('# mine\n');
    expect(readFileSync(join(target, 'LICENSE'), 'utf8')).toMatch(/MIT License/);
    expect(session.screen()).toMatch(/overwrite\s+LICENSE/);
    expect(session.screen()).toMatch(/skip\s+README\.md/);
  });
});
