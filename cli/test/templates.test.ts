import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveServerConfig, startServer } from '@gtcx/server';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makePack } from './pack-support.js';
import { gtcx, type TempHome, tempHome } from './support/cli.js';
import { snapshot } from './support/tree.js';

let home: TempHome;
beforeEach(() => {
  home = tempHome();
});
afterEach(() => home.cleanup());

const token = 'gtcx_test_admin_token_0123456789abcdef';
const serverHome = tempHome();
const server = await startServer(
  resolveServerConfig(
    { dataDir: join(serverHome.root, 'server'), host: '127.0.0.1', port: 0, grpcPort: 0, adminToken: token },
    {},
  ),
  { logger: false },
);
afterAll(async () => {
  await server.close();
  serverHome.cleanup();
});
const online = { env: { GTCX_SERVER: server.url, GTCX_TOKEN: token } };

describe('gtcx templates', () => {
  it('list shows every built-in template with its versions and description', async () => {
    const result = await gtcx(['templates', 'list'], home);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^NAME\s+VERSIONS\s+DESCRIPTION$/m);
    expect(result.stdout).toMatch(/^fastify-service\s+1\.0\.0, 1\.1\.0\s+A Fastify 5 HTTP service/m);
    expect(result.stdout).toMatch(/^ts-lib\s+1\.0\.0\s+A TypeScript library/m);
  });

  it('show lists the questions with type, default, help, validation and choices', async () => {
    const result = await gtcx(['templates', 'show', 'ts-lib'], home);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^ts-lib 1\.0\.0: A TypeScript library/m);
    expect(result.stdout).toMatch(
      /^ {2}name \(string, required\): Package name\n {6}help {5}The npm package name/m,
    );
    expect(result.stdout).toMatch(/^ {6}valid {4}pattern .*, min 1, max 214: an npm package name/m);
    expect(result.stdout).toMatch(
      /^ {2}license \(select\): License\n {6}default {2}"MIT"\n {6}choices {2}MIT, Apache-2\.0, none \(No license \(UNLICENSED\)\)/m,
    );

    const old = await gtcx(['templates', 'show', 'fastify-service', '--version', '1.0.0', '--json'], home);
    expect(JSON.parse(old.stdout)).toMatchObject({ version: '1.0.0', versions: ['1.0.0', '1.1.0'] });
  });

  it('online, lists and shows the server’s templates the same way', async () => {
    const [offlineList, onlineList] = await Promise.all([
      gtcx(['templates', 'list', '--json'], home),
      gtcx(['templates', 'list', '--json'], home, online),
    ]);
    expect(onlineList.exitCode, onlineList.stderr).toBe(0);
    expect(JSON.parse(onlineList.stdout)).toEqual(JSON.parse(offlineList.stdout));
    const show = await gtcx(['templates', 'show', 'fastify-service', '--json'], home, online);
    expect(JSON.parse(show.stdout)).toEqual(
      JSON.parse((await gtcx(['templates', 'show', 'fastify-service', '--json'], home)).stdout),
    );
  });

  it('an unknown template is not_found, naming the fix', async () => {
    const result = await gtcx(['templates', 'show', 'nope'], home);
    expect(result.exitCode).toBe(66);
    expect(result.stderr).toMatch(/^Error: unknown template "nope"\nHint: run gtcx templates list/m);
  });
});

describe('gtcx new --server', () => {
  it('generates a project byte-identical to the offline one (the record’s time stamp aside)', async () => {
    const args = (dir: string) => [
      'new',
      'ts-lib',
      dir,
      '--set',
      'name=same-lib',
      '--set',
      'license=Apache-2.0',
      '--defaults',
    ];
    const offline = await gtcx(args('offline'), home);
    expect(offline.exitCode, offline.stderr).toBe(0);
    const remote = await gtcx(args('online'), home, online);
    expect(remote.exitCode, remote.stderr).toBe(0);

    const notRecord = (path: string) => path === '.gtcx/project.json';
    expect(snapshot(join(home.root, 'online'), notRecord)).toEqual(
      snapshot(join(home.root, 'offline'), notRecord),
    );
    const record = (dir: string) => {
      const { generatedAt, ...rest } = JSON.parse(
        readFileSync(join(home.root, dir, '.gtcx', 'project.json'), 'utf8'),
      );
      expect(generatedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
      return rest;
    };
    expect(record('online')).toEqual(record('offline'));
  });
});

describe('with a server configured, templates on this machine are used here', () => {
  /** A pack @acme/web (template starter) installed into the test's home, with no server involved. */
  async function installAcme(): Promise<string> {
    const packDir = join(home.root, 'acme-web');
    const tarball = await makePack(packDir, '@acme/web', '1.0.0');
    const install = await gtcx(['pack', 'install', tarball], home);
    expect(install.exitCode, install.stderr).toBe(0);
    return packDir;
  }

  const record = (dir: string) => {
    const { generatedAt: _, ...rest } = JSON.parse(
      readFileSync(join(home.root, dir, '.gtcx', 'project.json'), 'utf8'),
    );
    return rest;
  };

  it("an installed pack's template: listed, shown and generated as offline", async () => {
    await installAcme();
    const list = await gtcx(['templates', 'list', '--json'], home, online);
    expect(list.exitCode, list.stderr).toBe(0);
    const { templates } = JSON.parse(list.stdout) as { templates: { name: string; kind: string }[] };
    expect(templates).toContainEqual(expect.objectContaining({ name: '@acme/web/starter', kind: 'pack' }));
    expect(templates).toContainEqual(expect.objectContaining({ name: 'ts-lib', kind: 'builtin' }));

    const show = await gtcx(['templates', 'show', '@acme/web/starter', '--json'], home, online);
    expect(show.exitCode, show.stderr).toBe(0);
    expect(JSON.parse(show.stdout)).toEqual(
      JSON.parse((await gtcx(['templates', 'show', '@acme/web/starter', '--json'], home)).stdout),
    );

    const args = (dir: string) => ['new', '@acme/web/starter', dir, '--set', 'name=site', '--defaults'];
    const offline = await gtcx(args('offline'), home);
    expect(offline.exitCode, offline.stderr).toBe(0);
    const remote = await gtcx(args('online'), home, online);
    expect(remote.exitCode, remote.stderr).toBe(0);
    const notRecord = (path: string) => path === '.gtcx/project.json';
    expect(snapshot(join(home.root, 'online'), notRecord)).toEqual(
      snapshot(join(home.root, 'offline'), notRecord),
    );
    expect(record('online')).toEqual(record('offline'));
    expect(record('online').template.source).toBe('@acme/web/starter');
  });

  it('a local template path renders here, as offline', async () => {
    const packDir = await installAcme();
    cpSync(join(packDir, 'templates', 'starter'), join(home.root, 'my-template'), { recursive: true });
    const args = (dir: string) => ['new', './my-template', dir, '--set', 'name=site', '--defaults'];
    const offline = await gtcx(args('offline'), home);
    expect(offline.exitCode, offline.stderr).toBe(0);
    const remote = await gtcx(args('online'), home, online);
    expect(remote.exitCode, remote.stderr).toBe(0);
    expect(snapshot(join(home.root, 'online'), (p) => p === '.gtcx/project.json')).toEqual(
      snapshot(join(home.root, 'offline'), (p) => p === '.gtcx/project.json'),
    );
    expect(record('online')).toEqual(record('offline'));
    expect(record('online').template.source).toBe(join(home.root, 'my-template'));
  });

  it("a template the installed pack lacks is named, with the pack's templates, online and offline", async () => {
    await installAcme();
    for (const options of [{}, online]) {
      const result = await gtcx(['new', '@acme/web/nope', 'out', '--defaults'], home, options);
      expect(result.exitCode).toBe(66);
      expect(result.stderr).toMatch(
        /^Error: pack @acme\/web@1\.0\.0 is installed but has no template nope$/m,
      );
      expect(result.stderr).toMatch(/^Hint: its templates: @acme\/web\/starter$/m);
    }
  });
});
