import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../core/test/support/postgres.js';
import { installedPackTemplateDir, listInstalledPackTemplates } from '../src/packs/installed-templates.js';
import { adminToken, filesUnder, gtcxJson, makePack, startRegistry } from './pack-support.js';
import { type TempHome, tempHome } from './support/cli.js';

const scratch = mkdtempSync(join(tmpdir(), 'gtcx-pack-e2e-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const stores = [
  { store: 'sqlite', database: async () => undefined },
  { store: 'postgres', database: createTestDatabase },
] as const;

describe.each(stores)('gtcx pack against a real server on $store', ({ store, database }) => {
  let server: Awaited<ReturnType<typeof startRegistry>>;
  let dropDatabase: (() => Promise<void>) | undefined;
  const homes: TempHome[] = [];
  const home = () => {
    const made = tempHome();
    homes.push(made);
    return made;
  };
  const packs = join(scratch, store);
  let env: NodeJS.ProcessEnv;
  let first: TempHome;

  beforeAll(async () => {
    const db = await database();
    dropDatabase = db?.drop;
    server = await startRegistry(join(scratch, `${store}-server`), db?.url);
    env = { GTCX_SERVER: server.url, GTCX_TOKEN: adminToken };
    await makePack(join(packs, 'base-1.0.0'), '@acme/base', '1.0.0', { template: 'base' });
    await makePack(join(packs, 'web-1.0.0'), '@acme/web', '1.0.0', {
      dependencies: { '@acme/base': '^1.0.0' },
    });
    await makePack(join(packs, 'web-1.1.0'), '@acme/web', '1.1.0', {
      dependencies: { '@acme/base': '^1.0.0' },
    });
    first = home();
  });
  afterAll(async () => {
    await server.close();
    await dropDatabase?.();
    for (const made of homes) made.cleanup();
  });

  it('publishes packs (directory and tarball), each signed by the registry', async () => {
    for (const path of [
      join(packs, 'base-1.0.0'),
      join(packs, 'web-1.0.0', 'out', 'acme-web-1.0.0.tgz'),
      join(packs, 'web-1.1.0'),
    ]) {
      const result = await gtcxJson(['pack', 'publish', path], first, env);
      expect(result.exitCode, result.stderr).toBe(0);
      expect(result.json).toMatchObject({
        dist: { signatures: [expect.objectContaining({ keyId: expect.any(String) })] },
      });
    }
    const again = await gtcxJson(['pack', 'publish', join(packs, 'web-1.1.0')], first, env);
    expect(again.exitCode).toBe(65);
    expect(again.json).toMatchObject({ error: { code: 'conflict' } });
  });

  it('installs a range with its dependencies, indexes them and writes the lockfile', async () => {
    const result = await gtcxJson(['pack', 'install', '@acme/web@^1.0.0'], first, env);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(
      (result.json.packs as Array<{ name: string; version: string }>).map((p) => `${p.name}@${p.version}`),
    ).toEqual(['@acme/base@1.0.0', '@acme/web@1.1.0']);
    const lock = JSON.parse(readFileSync(join(first.root, 'gtcx-lock.json'), 'utf8'));
    expect(Object.keys(lock.packs)).toEqual(['@acme/base', '@acme/web']);
    expect(lock.packs['@acme/web']).toMatchObject({
      version: '1.1.0',
      resolved: `${server.url}/v1/packs/%40acme%2Fweb/versions/1.1.0/tarball`,
      integrity: expect.stringMatching(/^sha512-/),
      dependencies: { '@acme/base': '^1.0.0' },
    });
    expect(
      existsSync(join(first.dataDir, 'packs', 'acme', 'web', 'templates', 'starter', 'template.yaml')),
    ).toBe(true);

    const list = await gtcxJson(['pack', 'list'], first);
    expect((list.json.packs as Array<{ name: string }>).map((p) => p.name)).toEqual([
      '@acme/base',
      '@acme/web',
    ]);
    const templates = await listInstalledPackTemplates({ env: first.env });
    expect(templates.map((t) => `${t.id}@${t.version}`)).toEqual([
      '@acme/base/base@1.0.0',
      '@acme/web/starter@1.1.0',
    ]);
    expect(await installedPackTemplateDir('@acme/web/starter', { env: first.env })).toBe(
      join(first.dataDir, 'packs', 'acme', 'web', 'templates', 'starter'),
    );
    expect(await installedPackTemplateDir('@acme/web/nope', { env: first.env })).toBeUndefined();
  });

  it("lists installed packs' templates and generates a project from one, offline", async () => {
    const listed = await gtcxJson(['templates', 'list', '--offline'], first);
    expect(listed.exitCode, listed.stderr).toBe(0);
    expect(JSON.stringify(listed.json)).toContain('@acme/web/starter');
    const target = join(first.root, 'from-pack');
    const made = await gtcxJson(
      ['new', '@acme/web/starter', target, '--set', 'name=from-pack', '--defaults', '--offline'],
      first,
    );
    expect(made.exitCode, made.stderr).toBe(0);
    expect(readFileSync(join(target, 'README.md'), 'utf8')).toContain('# from-pack');
    const record = JSON.parse(readFileSync(join(target, '.gtcx', 'project.json'), 'utf8'));
    expect(record.template).toMatchObject({ source: '@acme/web/starter', name: 'starter', version: '1.0.0' });
  });

  it('installs exactly the lockfile with --frozen-lockfile, and refuses a lockfile that differs', async () => {
    const ci = home();
    cpSync(join(first.root, 'gtcx-lock.json'), join(ci.root, 'gtcx-lock.json'));
    const before = readFileSync(join(ci.root, 'gtcx-lock.json'), 'utf8');
    const frozen = await gtcxJson(['pack', 'install', '--frozen-lockfile'], ci, env);
    expect(frozen.exitCode, frozen.stderr).toBe(0);
    expect(frozen.json).toMatchObject({ lockfileWritten: false });
    expect(readFileSync(join(ci.dataDir, 'packs', 'acme', 'web', 'pack.yaml'), 'utf8')).toContain(
      'version: 1.1.0',
    );

    const drift = await gtcxJson(['pack', 'install', '@acme/web@1.0.0', '--frozen-lockfile'], ci, env);
    expect(drift.exitCode).toBe(65);
    expect(drift.json).toMatchObject({ error: { code: 'precondition_failed' } });
    expect(String((drift.json.error as { message: string }).message)).toContain(
      '@acme/web: the lockfile has version 1.1.0',
    );
    expect(readFileSync(join(ci.root, 'gtcx-lock.json'), 'utf8')).toBe(before);
  });

  it('warns when installing a deprecated version', async () => {
    const deprecate = await gtcxJson(
      ['pack', 'deprecate', '@acme/web@1.0.0', 'use 1.1.0 instead'],
      first,
      env,
    );
    expect(deprecate.exitCode, deprecate.stderr).toBe(0);
    const user = home();
    const result = await gtcxJson(['pack', 'install', '@acme/web@1.0.0'], user, env);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).toContain('@acme/web@1.0.0 is deprecated: use 1.1.0 instead');
    expect(result.json.warnings).toEqual(['@acme/web@1.0.0 is deprecated: use 1.1.0 instead']);
  });

  it('skips a yanked version for ranges but installs it by exact version from a lockfile', async () => {
    const yank = await gtcxJson(['pack', 'yank', '@acme/web@1.1.0', '--reason', 'broken'], first, env);
    expect(yank.exitCode, yank.stderr).toBe(0);
    const user = home();
    const range = await gtcxJson(['pack', 'install', '@acme/web@^1.0.0'], user, env);
    expect(range.exitCode, range.stderr).toBe(0);
    expect(range.json.packs).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: '@acme/web', version: '1.0.0' })]),
    );

    const locked = home();
    cpSync(join(first.root, 'gtcx-lock.json'), join(locked.root, 'gtcx-lock.json'));
    const exact = await gtcxJson(['pack', 'install'], locked, env);
    expect(exact.exitCode, exact.stderr).toBe(0);
    expect(exact.json.packs).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: '@acme/web', version: '1.1.0' })]),
    );
  });

  it('reinstalls offline from the cache with the server stopped, and names what a fresh cache lacks', async () => {
    await server.close();
    const removed = await gtcxJson(['pack', 'uninstall', '@acme/web'], first);
    expect(removed.exitCode, removed.stderr).toBe(0);
    // Uninstall dropped it from the lockfile; put the locked entry back as a teammate's commit would.
    const ci = homes[1] as TempHome;
    cpSync(join(ci.root, 'gtcx-lock.json'), join(first.root, 'gtcx-lock.json'));

    const offline = await gtcxJson(['pack', 'install', '--offline'], first, env);
    expect(offline.exitCode, offline.stderr).toBe(0);
    expect(offline.json.packs).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: '@acme/web', version: '1.1.0', verification: 'signature' }),
      ]),
    );
    expect(existsSync(join(first.dataDir, 'packs', 'acme', 'web', 'pack.yaml'))).toBe(true);

    const fresh = home();
    cpSync(join(first.root, 'gtcx-lock.json'), join(fresh.root, 'gtcx-lock.json'));
    const missing = await gtcxJson(['pack', 'install', '--offline'], fresh, env);
    expect(missing.exitCode).toBe(66);
    expect(missing.json).toMatchObject({
      error: { code: 'not_found', hint: expect.stringContaining('without --offline') },
    });
    expect(String((missing.json.error as { message: string }).message)).toMatch(
      /@acme\/base@1\.0\.0.*@acme\/web@1\.1\.0|@acme\/web@1\.1\.0.*@acme\/base@1\.0\.0/,
    );
    expect(filesUnder(join(fresh.root, 'data'))).toEqual([]);
  });
});
