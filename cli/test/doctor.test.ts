import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freePort, gtcx, type TempHome, tempHome } from './support/cli.js';

let home: TempHome;
beforeEach(() => {
  home = tempHome();
});
afterEach(() => home.cleanup());

interface Report {
  ok: boolean;
  checks: Array<{ name: string; status: string; detail: string; hint?: string }>;
}

const check = (report: Report, name: string) => report.checks.find((c) => c.name === name);
const credentialsFile = () => join(home.root, 'config', 'gtcx', 'credentials.json');

describe('gtcx doctor', () => {
  it('passes on a fresh machine and creates the local store', async () => {
    const result = await gtcx(['doctor'], home);
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^ok {2}\s*node\s+Node\.js /m);
    expect(result.stdout).toMatch(/^skip\s+server\s+no server configured/m);
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe('All checks passed.');
    expect(existsSync(join(home.dataDir, 'gtcx.db'))).toBe(true);
  });

  it('--json gives every check with its status', async () => {
    const result = await gtcx(['doctor', '--json'], home);
    expect(result.exitCode).toBe(0);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => [c.name, c.status])).toEqual([
      ['node', 'pass'],
      ['config', 'pass'],
      ['data dir', 'pass'],
      ['sqlite', 'pass'],
      ['store', 'pass'],
      ['server', 'skip'],
      ['credentials', 'pass'],
    ]);
    expect(check(report, 'store')?.detail).toMatch(/migrations: up to date/);
    expect(check(report, 'credentials')?.detail).toBe(
      `${credentialsFile()} does not exist (not logged in with gtcx login)`,
    );
  });

  it('fails on a credentials file other users can read, naming chmod 600', async () => {
    mkdirSync(join(home.root, 'config', 'gtcx'), { recursive: true, mode: 0o700 });
    writeFileSync(credentialsFile(), JSON.stringify({ version: 1, servers: {} }), { mode: 0o644 });
    chmodSync(credentialsFile(), 0o644);
    const result = await gtcx(['doctor', '--json'], home);
    expect(result.exitCode).toBe(1);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.ok).toBe(false);
    expect(check(report, 'credentials')).toEqual({
      name: 'credentials',
      status: 'fail',
      detail: `${credentialsFile()} is open to other users (mode 0644); it should be 0600`,
      hint: `chmod 600 ${credentialsFile()}, then gtcx logout and gtcx login to replace tokens others may have read`,
    });

    const plain = await gtcx(['doctor'], home);
    expect(plain.exitCode).toBe(1);
    expect(plain.stdout).toMatch(/^FAIL {2}credentials {2}.* is open to other users \(mode 0644\)/m);
    expect(plain.stdout).toMatch(
      new RegExp(`^ +fix: chmod 600 ${credentialsFile().replaceAll('/', '\\/')},`, 'm'),
    );
    expect(plain.stdout.trimEnd().split('\n').at(-1)).toBe('1 check(s) failed.');

    chmodSync(credentialsFile(), 0o600);
    const fixed = await gtcx(['doctor', '--json'], home);
    expect(fixed.exitCode, fixed.stdout).toBe(0);
    expect(check(JSON.parse(fixed.stdout) as Report, 'credentials')).toEqual({
      name: 'credentials',
      status: 'pass',
      detail: `${credentialsFile()} is private (mode 0600)`,
    });
  });

  it('fails, names the problem and creates nothing when the data dir is under a regular file', async () => {
    const file = join(home.root, 'not-a-dir');
    writeFileSync(file, 'x');
    const dataDir = join(file, 'gtcx');
    const result = await gtcx(['doctor', '--json'], home, { env: { GTCX_DATA_DIR: dataDir } });
    expect(result.exitCode).toBe(1);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.ok).toBe(false);
    expect(check(report, 'data dir')).toEqual({
      name: 'data dir',
      status: 'fail',
      detail: `data dir ${dataDir} is not writable: ${file} is a file, not a directory`,
      hint: `point GTCX_DATA_DIR (or XDG_DATA_HOME) at a directory you can write to, or move ${file} out of the way`,
    });
    expect(check(report, 'store')?.status).toBe('skip');

    const plain = await gtcx(['doctor'], home, { env: { GTCX_DATA_DIR: dataDir } });
    expect(plain.exitCode).toBe(1);
    expect(plain.stdout).toMatch(/^FAIL {2}data dir {2}data dir .* is not writable/m);
    expect(plain.stdout).toMatch(/^ +fix: point GTCX_DATA_DIR/m);
  });

  it('fails and names the URL when the configured server is unreachable', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    mkdirSync(join(home.root, 'config', 'gtcx'), { recursive: true });
    expect((await gtcx(['config', 'set', 'server', url], home)).exitCode).toBe(0);
    const result = await gtcx(['doctor', '--json'], home);
    expect(result.exitCode).toBe(1);
    const server = check(JSON.parse(result.stdout) as Report, 'server');
    expect(server?.status).toBe('fail');
    expect(server?.detail).toContain(`cannot reach the gtcx server at ${url}`);
    expect(server?.hint).toMatch(/GTCX_SERVER.*gtcx server start/);
  });

  it('--offline skips a configured server', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const result = await gtcx(['doctor', '--offline', '--json'], home, { env: { GTCX_SERVER: url } });
    expect(result.exitCode).toBe(0);
    const server = check(JSON.parse(result.stdout) as Report, 'server');
    expect(server?.status).toBe('skip');
    expect(server?.detail).toBe(`offline mode: ${url} is not used; commands use the local store`);
  });

  it('reports a malformed config file as a failed check, not a crash', async () => {
    mkdirSync(join(home.root, 'config', 'gtcx'), { recursive: true });
    writeFileSync(join(home.root, 'config', 'gtcx', 'config.json'), '[1,');
    const result = await gtcx(['doctor', '--json'], home);
    expect(result.exitCode).toBe(1);
    const config = check(JSON.parse(result.stdout) as Report, 'config');
    expect(config?.status).toBe('fail');
    expect(config?.detail).toMatch(/is not valid JSON/);
    expect(config?.hint).toMatch(/^fix it or delete it: rm /);
  });
});
