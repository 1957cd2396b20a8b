import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { gtcx, tempHome } from './support/cli.js';

const home = tempHome();
afterAll(() => home.cleanup());

// One generated project, installed from the npm registry and tested: slow (a minute or more), so
// it is the only one; the other templates' own tests run in templates' CI the same way.
describe('[slow] a generated project installs and passes its own tests', () => {
  it('ts-lib: gtcx new, npm install, npm test', { timeout: 600_000 }, async () => {
    const project = join(home.root, 'e2e-lib');
    const created = await gtcx(['new', 'ts-lib', project, '--set', 'name=e2e-lib', '--defaults'], home);
    expect(created.exitCode, created.stderr).toBe(0);
    const npm = (args: string[]) =>
      execa('npm', args, {
        cwd: project,
        reject: false,
        all: true,
        timeout: 540_000,
        env: { npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' },
      });
    const install = await npm(['install', '--prefer-offline', '--no-audit', '--no-fund']);
    expect(install.exitCode, install.all).toBe(0);
    const test = await npm(['test']);
    expect(test.exitCode, test.all).toBe(0);
    expect(test.all).toMatch(/passed/);
  });
});
