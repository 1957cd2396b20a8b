import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gtcx, type TempHome, tempHome } from './support/cli.js';
import { snapshot } from './support/tree.js';

let home: TempHome;
beforeEach(() => {
  home = tempHome();
  writeFileSync(join(home.root, 'data.yaml'), 'name: acme widget\nport: 8080\n');
});
afterEach(() => home.cleanup());

function skeleton(): string {
  const dir = join(home.root, 'skeleton');
  mkdirSync(join(dir, '{{kebab name}}', 'bin'), { recursive: true });
  writeFileSync(join(dir, '{{kebab name}}', 'README.md.hbs'), '# {{title name}} on {{port}}\n');
  writeFileSync(join(dir, '{{kebab name}}', 'bin', 'run.sh'), '#!/bin/sh\necho {{not rendered}}\n', {
    mode: 0o755,
  });
  return dir;
}

describe('gtcx render', () => {
  it('renders one file to stdout with YAML data', async () => {
    writeFileSync(join(home.root, 'greeting.txt.hbs'), 'Hello {{pascal name}}, port {{port}}\n');
    const result = await gtcx(['render', 'greeting.txt.hbs', '--data', 'data.yaml'], home);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toBe('Hello AcmeWidget, port 8080');
  });

  it('renders one file into --out, a directory taking the name without .hbs', async () => {
    writeFileSync(join(home.root, 'greeting.txt.hbs'), 'Hi {{name}}\n');
    mkdirSync(join(home.root, 'out'));
    const result = await gtcx(['render', 'greeting.txt.hbs', '--data', 'data.yaml', '--out', 'out'], home);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(readFileSync(join(home.root, 'out', 'greeting.txt'), 'utf8')).toBe('Hi acme widget\n');
  });

  it('renders a directory like a template’s files/: names templated, .hbs rendered, the rest copied with modes', async () => {
    const result = await gtcx(['render', skeleton(), '--data', 'data.yaml', '--out', 'out', '--json'], home);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).files).toEqual([
      { path: 'acme-widget/README.md', action: 'create' },
      { path: 'acme-widget/bin/run.sh', action: 'create' },
    ]);
    expect(readFileSync(join(home.root, 'out', 'acme-widget', 'README.md'), 'utf8')).toBe(
      '# Acme Widget on 8080\n',
    );
    const script = join(home.root, 'out', 'acme-widget', 'bin', 'run.sh');
    expect(readFileSync(script, 'utf8')).toBe('#!/bin/sh\necho {{not rendered}}\n');
    expect(statSync(script).mode & 0o777).toBe(0o755);
  });

  it('a directory without --out is an error naming the flag', async () => {
    const dir = skeleton();
    const result = await gtcx(['render', dir, '--data', 'data.yaml'], home);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/is a directory: rendering it needs --out/);
    expect(result.stderr).toMatch(/^Hint: pass --out <dir>/m);
  });

  it('a variable missing from the data is an error naming it, and nothing is written', async () => {
    writeFileSync(join(home.root, 'skeleton-bad.md.hbs'), 'line one\n{{nmae}}\n');
    const before = snapshot(home.root);
    const single = await gtcx(
      ['render', 'skeleton-bad.md.hbs', '--data', 'data.yaml', '--out', 'x.md'],
      home,
    );
    expect(single.exitCode).toBe(2);
    expect(single.stderr).toMatch(/^Error: skeleton-bad\.md\.hbs line 2: "nmae" is not defined$/m);
    expect(single.stderr).toMatch(/^Hint: add "nmae" to the --data file/m);

    const dir = skeleton();
    writeFileSync(join(dir, 'broken.txt.hbs'), '{{missing}}\n');
    const beforeDir = snapshot(home.root);
    const tree = await gtcx(['render', dir, '--data', 'data.yaml', '--out', 'out'], home);
    expect(tree.exitCode).toBe(2);
    expect(tree.stderr).toMatch(/"missing" is not defined/);
    expect(snapshot(home.root)).toEqual(beforeDir);
    expect(Object.keys(before).some((path) => path.startsWith('out'))).toBe(false);
  });

  it('a name rendering outside --out is refused, and nothing is written', async () => {
    const dir = join(home.root, 'escape');
    mkdirSync(dir);
    writeFileSync(join(dir, '{{target}}.txt'), 'x');
    writeFileSync(join(home.root, 'evil.json'), JSON.stringify({ target: '../../escaped' }));
    const before = snapshot(home.root);
    const result = await gtcx(['render', dir, '--data', 'evil.json', '--out', 'out'], home);
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toMatch(/^Error: .*escaped/m);
    expect(snapshot(home.root)).toEqual(before);
  });
});
