import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { binPath, freePort } from './support/cli.js';

// Permission bits do not stop root, and CI runs as root: there the CLI runs as `nobody` through
// setpriv, so the test still meets a directory it truly may not write to.
const asRoot = process.getuid?.() === 0;
// nobody must also be able to read the checkout (a clone under a private directory cannot be).
const nobodyCanRun =
  !asRoot ||
  (
    await execa(
      'setpriv',
      [
        '--reuid=65534',
        '--regid=65534',
        '--clear-groups',
        process.execPath,
        '-e',
        `require('fs').accessSync(${JSON.stringify(binPath)})`,
      ],
      { reject: false },
    )
  ).exitCode === 0;

let root: string;
let parent: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'gtcx-unwritable-'));
  chmodSync(root, 0o777);
  parent = join(root, 'read-only');
  mkdirSync(parent);
  chmodSync(parent, 0o555);
});
afterEach(() => {
  chmodSync(parent, 0o755);
  rmSync(root, { recursive: true, force: true });
});

function gtcxAsUnprivileged(args: string[]) {
  const env = {
    PATH: process.env.PATH,
    HOME: root,
    XDG_CONFIG_HOME: join(root, 'config'),
    XDG_CACHE_HOME: join(root, 'cache'),
    GTCX_DATA_DIR: join(parent, 'data'),
  };
  const command = [process.execPath, binPath, ...args];
  const [file, ...rest] = asRoot
    ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', ...command]
    : command;
  return execa(file as string, rest, { reject: false, extendEnv: false, env, cwd: root, timeout: 30_000 });
}

describe.skipIf(!nobodyCanRun)('a data dir gtcx may not write to', () => {
  it('server start fails in one line naming the dir and the fix, and creates nothing', async () => {
    const result = await gtcxAsUnprivileged([
      'server',
      'start',
      '--port',
      String(await freePort()),
      '--grpc-port',
      String(await freePort()),
    ]);
    expect(result.exitCode, result.stderr).toBe(73);
    const [error, hint] = result.stderr.trim().split('\n');
    expect(error).toContain(join(parent, 'data'));
    expect(hint).toMatch(/^Hint: .*(--data-dir|GTCX_DATA_DIR)/);
    expect(readdirSync(parent)).toEqual([]);
  });

  it('doctor reports the data dir check as failed and exits non-zero', async () => {
    const result = await gtcxAsUnprivileged(['doctor', '--json']);
    expect(result.exitCode).not.toBe(0);
    const report = JSON.parse(result.stdout) as {
      checks: Array<{ name: string; ok?: boolean; status?: string }>;
    };
    const dataDir = report.checks.find((check) => check.name.includes('data'));
    expect(dataDir, result.stdout).toBeDefined();
    expect(JSON.stringify(dataDir)).toMatch(/fail|false/);
    expect(readdirSync(parent)).toEqual([]);
  });
});
