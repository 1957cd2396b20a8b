import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gtcx, type TempHome, tempHome } from './support/cli.js';

const packsDir = fileURLToPath(new URL('../../packs', import.meta.url));

let home: TempHome;
beforeEach(() => {
  home = tempHome();
});
afterEach(() => home.cleanup());

describe('the built-in packs in packs/', () => {
  it.each(readdirSync(packsDir))('%s builds twice to the same bytes and installs offline', async (pack) => {
    const first = await gtcx(
      ['pack', 'build', join(packsDir, pack), '--out', join(home.root, 'a'), '--json'],
      home,
    );
    const second = await gtcx(
      ['pack', 'build', join(packsDir, pack), '--out', join(home.root, 'b'), '--json'],
      home,
    );
    expect(first.exitCode, first.stderr).toBe(0);
    const built = JSON.parse(first.stdout) as { file: string; integrity: string };
    expect(JSON.parse(second.stdout)).toMatchObject({ integrity: built.integrity });
    const install = await gtcx(['pack', 'install', built.file, '--offline', '--json'], home);
    expect(install.exitCode, install.stderr).toBe(0);
  });

  it('@gtcx/node-ci adds a CI workflow and a README badge to an existing project, once', async () => {
    const project = join(home.root, 'widgets');
    const install = await gtcx(['pack', 'install', join(packsDir, 'node-ci'), '--offline'], home);
    expect(install.exitCode, install.stderr).toBe(0);
    mkdirSync(project);
    writeFileSync(join(project, 'README.md'), '# widgets\n\nA library.\n');
    const args = ['new', '@gtcx/node-ci/github-actions', project, '--set', 'repository=acme/widgets'];
    const first = await gtcx([...args, '--set', 'nodeVersions=20,24', '--defaults', '--offline'], home);
    expect(first.exitCode, first.stderr).toBe(0);
    const workflow = readFileSync(join(project, '.github', 'workflows', 'ci.yml'), 'utf8');
    expect(workflow).toContain('node: ["20", "24"]');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, written literally
    expect(workflow).toContain('node-version: ${{ matrix.node }}');
    expect(workflow).toContain('- run: npm run lint');
    const readme = readFileSync(join(project, 'README.md'), 'utf8');
    expect(readme).toBe(
      '# widgets\n\n[![CI](https://github.com/acme/widgets/actions/workflows/ci.yml/badge.svg)](https://github.com/acme/widgets/actions/workflows/ci.yml)\n\nA library.\n',
    );

    const again = await gtcx(
      [...args, '--set', 'nodeVersions=20,24', '--defaults', '--offline', '--conflict', 'skip'],
      home,
    );
    expect(again.exitCode, again.stderr).toBe(0);
    expect(readFileSync(join(project, 'README.md'), 'utf8')).toBe(readme);
  });
});
