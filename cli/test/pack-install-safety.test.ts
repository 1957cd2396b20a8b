import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPackContext } from '../src/packs/context.js';
import { installPacks } from '../src/packs/install.js';
import { silentProgress } from '../src/packs/progress.js';
import { adminToken, filesUnder, gtcxJson, makePack, startRegistry } from './pack-support.js';
import { gtcx, type TempHome, tempHome } from './support/cli.js';

const scratch = mkdtempSync(join(tmpdir(), 'gtcx-pack-safety-'));
const server = await startRegistry(join(scratch, 'server'));
const env = { GTCX_SERVER: server.url, GTCX_TOKEN: adminToken };
const cliVersion = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
const homes: TempHome[] = [];
afterAll(async () => {
  await server.close();
  for (const home of homes) home.cleanup();
  rmSync(scratch, { recursive: true, force: true });
});

let futureTarball: string;
beforeAll(async () => {
  const publisher = fresh();
  const base = await makePack(join(scratch, 'base'), '@acme/base', '1.0.0', { template: 'base' });
  const web = await makePack(join(scratch, 'web'), '@acme/web', '2.0.0-beta.1', {
    dependencies: { '@acme/base': '^1.0.0' },
  });
  futureTarball = await makePack(join(scratch, 'future'), '@acme/future', '1.0.0', {
    engines: '>=99.0.0',
  });
  for (const tgz of [base, web, futureTarball]) {
    const published = await gtcxJson(['pack', 'publish', tgz], publisher, env);
    expect(published.exitCode, published.stderr).toBe(0);
  }
});

function fresh(): TempHome {
  const home = tempHome();
  homes.push(home);
  return home;
}

type ErrorJson = { code?: string; message?: string; hint?: string; details?: Record<string, unknown> };
const errorOf = (json: Record<string, unknown>) => (json.error ?? {}) as ErrorJson;

/** Nothing of any pack: no cached tarball or tree, no installed files, no index rows, no lockfile. */
async function expectNothingInstalled(home: TempHome, cacheRoot = join(home.root, 'cache', 'gtcx')) {
  expect(filesUnder(join(cacheRoot, 'packs', 'content'))).toEqual([]);
  expect(filesUnder(join(cacheRoot, 'packs', 'unpacked'))).toEqual([]);
  expect(filesUnder(join(home.dataDir, 'packs'))).toEqual([]);
  expect(existsSync(join(home.root, 'gtcx-lock.json'))).toBe(false);
  const list = await gtcxJson(['pack', 'list'], home);
  expect(list.exitCode, list.stderr).toBe(0);
  expect(JSON.stringify(list.json)).not.toContain('@acme/');
}

describe('gtcx pack install checks where it writes before it writes anything', () => {
  it('a lockfile path under a regular file: refused up front, naming the lockfile fix', async () => {
    const home = fresh();
    writeFileSync(join(home.root, 'blocker'), 'a regular file');
    const lockfile = join(home.root, 'blocker', 'gtcx-lock.json');
    const result = await gtcxJson(['pack', 'install', '@acme/base', '--lockfile', lockfile], home, env);
    expect(result.exitCode).toBe(73);
    const error = errorOf(result.json);
    expect(error.code).toBe('data_dir_not_writable');
    expect(error.message).toMatch(
      /cannot install @acme\/base(@1\.0\.0)?: the lockfile .*gtcx-lock\.json .*ENOTDIR/,
    );
    expect(error.hint).toContain('--lockfile');
    expect(error.hint).not.toContain(`make ${lockfile} a writable directory`);
    expect(result.stderr).not.toMatch(/installed @acme/i);
    await expectNothingInstalled(home);
  });

  it('gtcx-lock.json that is a directory: refused up front (EISDIR), nothing installed', async () => {
    const home = fresh();
    mkdirSync(join(home.root, 'gtcx-lock.json'));
    const result = await gtcxJson(['pack', 'install', '@acme/web@2.0.0-beta.1'], home, env);
    expect(result.exitCode).toBe(73);
    expect(errorOf(result.json)).toMatchObject({
      code: 'data_dir_not_writable',
      message: expect.stringMatching(/@acme\/web@2\.0\.0-beta\.1.*the lockfile .* \(EISDIR/),
    });
    expect(filesUnder(join(home.root, 'cache', 'gtcx', 'packs', 'content'))).toEqual([]);
    expect(filesUnder(join(home.dataDir, 'packs'))).toEqual([]);
    const list = await gtcxJson(['pack', 'list'], home);
    expect(JSON.stringify(list.json)).not.toContain('@acme/');
  });

  it('a cache dir that cannot be written (XDG_CACHE_HOME under a file): a clear error, not a crash', async () => {
    const home = fresh();
    writeFileSync(join(home.root, 'blocker'), 'a regular file');
    const result = await gtcxJson(['pack', 'install', '@acme/base'], home, {
      ...env,
      XDG_CACHE_HOME: join(home.root, 'blocker', 'cache'),
    });
    expect(result.exitCode).toBe(73);
    const error = errorOf(result.json);
    expect(error.code).toBe('data_dir_not_writable');
    expect(error.message).toMatch(/@acme\/base.*the pack cache .* is not writable \(ENOTDIR/);
    expect(error.hint).toContain('GTCX_CACHE_DIR');
    expect(result.stderr).not.toContain('bug in gtcx');
    await expectNothingInstalled(home);
  });

  it('a data dir that cannot be written names GTCX_DATA_DIR, not a flag pack install lacks', async () => {
    const home = fresh();
    writeFileSync(join(home.root, 'blocker'), 'a regular file');
    const result = await gtcxJson(['pack', 'install', '@acme/base'], home, {
      ...env,
      GTCX_DATA_DIR: join(home.root, 'blocker', 'data'),
    });
    expect(result.exitCode).toBe(73);
    const error = errorOf(result.json);
    expect(error.message).toContain('@acme/base@1.0.0');
    expect(error.hint).toContain('GTCX_DATA_DIR');
    expect(error.hint).not.toContain('--data-dir');
    expect(existsSync(join(home.root, 'gtcx-lock.json'))).toBe(false);
  });
});

describe('a lockfile write that fails after the packs are in place', () => {
  it('takes back the packs and index rows this run installed', async () => {
    const home = fresh();
    const lockfile = join(home.root, 'gtcx-lock.json');
    const context = await openPackContext({}, { ...home.env, ...env }, home.root);
    const install = installPacks(context, {
      spec: '@acme/web@2.0.0-beta.1',
      lockfile,
      frozen: false,
      verify: true,
      force: false,
      gtcxVersion: cliVersion,
      warn: () => {},
      // Past the up-front check, something puts a directory where the lockfile goes.
      progress: { ...silentProgress, installed: () => mkdirSync(lockfile, { recursive: true }) },
    });
    await expect(install).rejects.toMatchObject({
      code: 'data_dir_not_writable',
      message: expect.stringContaining('the lockfile'),
    });
    expect(filesUnder(join(home.dataDir, 'packs'))).toEqual([]);
    const list = await gtcxJson(['pack', 'list'], home);
    expect(JSON.stringify(list.json)).not.toContain('@acme/');
  });
});

describe("gtcx pack install honours a pack's engines.gtcx", () => {
  it('refuses a registry pack needing a newer gtcx before downloading it', async () => {
    const home = fresh();
    const result = await gtcxJson(['pack', 'install', '@acme/future'], home, env);
    expect(result.exitCode).toBe(65);
    expect(errorOf(result.json)).toMatchObject({
      code: 'precondition_failed',
      message: `@acme/future@1.0.0 needs gtcx >=99.0.0, this is gtcx ${cliVersion}`,
      hint: expect.stringMatching(/upgrade gtcx, or install an older version of @acme\/future/),
    });
    await expectNothingInstalled(home);
  });

  it('refuses a pack tarball needing a newer gtcx', async () => {
    const home = fresh();
    const result = await gtcxJson(['pack', 'install', futureTarball], home);
    expect(result.exitCode).toBe(65);
    expect(errorOf(result.json).message).toContain('@acme/future@1.0.0 needs gtcx >=99.0.0');
    await expectNothingInstalled(home);
  });
});

describe('gtcx pack uninstall keeps dependencies', () => {
  it('refuses to remove a pack others depend on; --force removes it and a lockfile install names the gap', async () => {
    const home = fresh();
    const installed = await gtcxJson(['pack', 'install', '@acme/web@2.0.0-beta.1'], home, env);
    expect(installed.exitCode, installed.stderr).toBe(0);

    const refused = await gtcxJson(['pack', 'uninstall', '@acme/base'], home);
    expect(refused.exitCode).toBe(65);
    expect(errorOf(refused.json)).toMatchObject({
      code: 'conflict',
      message: 'cannot uninstall @acme/base: @acme/web@2.0.0-beta.1 depends on it',
      hint: expect.stringContaining('--force'),
      details: { dependents: ['@acme/web@2.0.0-beta.1'] },
    });
    expect(existsSync(join(home.dataDir, 'packs', 'acme', 'base', 'pack.yaml'))).toBe(true);
    const lockfile = join(home.root, 'gtcx-lock.json');
    expect(Object.keys(JSON.parse(readFileSync(lockfile, 'utf8')).packs)).toEqual([
      '@acme/base',
      '@acme/web',
    ]);

    const forced = await gtcxJson(['pack', 'uninstall', '@acme/base', '--force'], home);
    expect(forced.exitCode, forced.stderr).toBe(0);
    expect(forced.json).toMatchObject({ name: '@acme/base', lockfileUpdated: true });
    expect(existsSync(join(home.dataDir, 'packs', 'acme', 'base'))).toBe(false);
    expect(Object.keys(JSON.parse(readFileSync(lockfile, 'utf8')).packs)).toEqual(['@acme/web']);

    const offline = await gtcxJson(['pack', 'install', '--frozen-lockfile', '--offline'], home);
    expect(offline.exitCode).toBe(65);
    expect(errorOf(offline.json)).toMatchObject({
      code: 'precondition_failed',
      message: expect.stringContaining(
        'lacks locked dependencies: @acme/base@^1.0.0 (needed by @acme/web@2.0.0-beta.1)',
      ),
      hint: expect.stringContaining('gtcx pack install @acme/base'),
    });
  });
});

describe('gtcx pack output', () => {
  it('counts and names only what was installed, listing the rest as up to date', async () => {
    const home = fresh();
    const base = await gtcx(['pack', 'install', '@acme/base'], home, { env });
    expect(base.exitCode, base.stderr).toBe(0);
    expect(base.stdout).toContain('Installed 1 pack: @acme/base@1.0.0\n');
    const web = await gtcx(['pack', 'install', '@acme/web@2.0.0-beta.1'], home, { env });
    expect(web.exitCode, web.stderr).toBe(0);
    expect(web.stdout).toContain('Installed 1 pack: @acme/web@2.0.0-beta.1 (up to date: @acme/base@1.0.0)');
  });

  it("search with empty text lists the scope's packs", async () => {
    const home = fresh();
    const result = await gtcxJson(['pack', 'search', '', '--scope', '@acme'], home, env);
    expect(result.exitCode, result.stderr).toBe(0);
    const names = (result.json.items as Array<{ name: string }>).map((item) => item.name);
    expect(names).toEqual(expect.arrayContaining(['@acme/base', '@acme/web']));
  });
});
