import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type ArchiveFile,
  collectPackFiles,
  computeIntegrity,
  initPack,
  loadPackManifest,
  writeTarGz,
} from '@gtcx/core';
import { afterAll, describe, expect, it } from 'vitest';
import { filesUnder, gtcxJson } from './pack-support.js';
import { type TempHome, tempHome } from './support/cli.js';

// A minimal npm registry speaking the two requests an install makes: GET /<package> (the
// packument) and GET of a tarball URL. Verdaccio was not added to the shared workspace (see the report).
const scratch = mkdtempSync(join(tmpdir(), 'gtcx-pack-npm-'));
const tarballs = new Map<string, Buffer>();
const packuments = new Map<string, unknown>();
const registry = createServer((request, response) => {
  const path = decodeURIComponent(request.url ?? '');
  const tarball = tarballs.get(path);
  if (tarball) {
    response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': tarball.length });
    response.end(tarball);
    return;
  }
  const packument = packuments.get(path.slice(1).toLowerCase());
  response.writeHead(packument ? 200 : 404, { 'content-type': 'application/json' });
  response.end(JSON.stringify(packument ?? { error: 'Not found' }));
});
await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve));
const address = registry.address();
const registryUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
const homes: TempHome[] = [];
afterAll(async () => {
  await new Promise<void>((resolve) => registry.close(() => resolve()));
  for (const home of homes) home.cleanup();
  rmSync(scratch, { recursive: true, force: true });
});

/** Publishes `package/`-prefixed tarballs of an npm package, as npm pack lays them out. */
function publishNpm(
  name: string,
  versions: Array<{ version: string; files: Map<string, ArchiveFile>; integrity?: string }>,
) {
  const entries: Record<string, unknown> = {};
  for (const { version, files, integrity } of versions) {
    const npmFiles = new Map<string, ArchiveFile>([
      ['package/package.json', { content: Buffer.from(JSON.stringify({ name, version })), mode: 0o644 }],
      ...[...files].map(([path, file]) => [`package/${path}`, file] as const),
    ]);
    const tgz = writeTarGz(npmFiles);
    const path = `/tarballs/${name}-${version}.tgz`;
    tarballs.set(path, tgz);
    entries[version] = {
      name,
      version,
      dist: { tarball: `${registryUrl}${path}`, integrity: integrity ?? computeIntegrity(tgz) },
    };
  }
  packuments.set(name, { name, 'dist-tags': { latest: versions.at(-1)?.version }, versions: entries });
}

function packFiles(name: string, version: string): Map<string, ArchiveFile> {
  const dir = join(scratch, `${name.replace(/[@/]/g, '_')}-${version}`);
  initPack(dir, { name, version });
  return collectPackFiles(dir, loadPackManifest(dir));
}

function project(): TempHome {
  const home = tempHome();
  homes.push(home);
  // The project's .npmrc names the registry; gtcx asks npm, as npm itself would resolve it.
  writeFileSync(join(home.root, '.npmrc'), `registry=${registryUrl}/\n`);
  return home;
}

publishNpm('@acme/web-pack', [
  { version: '1.0.0', files: packFiles('@acme/npm-web', '1.0.0') },
  { version: '1.2.0', files: packFiles('@acme/npm-web', '1.2.0') },
  { version: '2.0.0', files: packFiles('@acme/npm-web', '2.0.0') },
]);
publishNpm('not-a-pack', [
  { version: '1.0.0', files: new Map([['index.js', { content: Buffer.from('1'), mode: 0o644 }]]) },
]);
publishNpm('tampered-pack', [
  {
    version: '1.0.0',
    files: packFiles('@acme/tampered', '1.0.0'),
    integrity: `sha512-${Buffer.alloc(64).toString('base64')}`,
  },
]);

describe('gtcx pack install npm:<package>', () => {
  it("resolves a range in npm's configured registry, verifies dist.integrity and locks it", async () => {
    const home = project();
    const result = await gtcxJson(['pack', 'install', 'npm:@acme/web-pack@^1.0.0'], home);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.json.packs).toEqual([
      expect.objectContaining({
        name: '@acme/npm-web',
        version: '1.2.0',
        source: 'npm',
        resolved: 'npm:@acme/web-pack@1.2.0',
        verification: 'integrity',
      }),
    ]);
    // strip=1: the pack's files, without npm's package/ prefix.
    expect(filesUnder(join(home.dataDir, 'packs', 'acme', 'npm-web'))).toContain('pack.yaml');
    expect(filesUnder(join(home.dataDir, 'packs', 'acme', 'npm-web'))).toContain('package.json');

    // The lockfile reinstalls it from the cache offline.
    rmSync(join(home.dataDir, 'packs'), { recursive: true });
    rmSync(join(home.dataDir, 'gtcx.db'));
    const offline = await gtcxJson(['pack', 'install', '--offline', '--frozen-lockfile'], home);
    expect(offline.exitCode, offline.stderr).toBe(0);
    expect(filesUnder(join(home.dataDir, 'packs', 'acme', 'npm-web'))).toContain('pack.yaml');
  });

  it('refuses a package without pack.yaml, leaving nothing behind', async () => {
    const home = project();
    const result = await gtcxJson(['pack', 'install', 'npm:not-a-pack'], home);
    expect(result.exitCode).toBe(2);
    expect(result.json.error).toMatchObject({
      code: 'validation_failed',
      message: 'npm:not-a-pack@1.0.0 is not a gtcx pack: it has no pack.yaml at its root',
    });
    expect(filesUnder(join(home.root, 'cache', 'gtcx', 'packs', 'content'))).toEqual([]);
    expect(
      filesUnder(home.root).filter((file) => file.startsWith('gtcx-lock') || file.startsWith('data/')),
    ).toEqual([]);
  });

  it('refuses a tarball that does not match dist.integrity', async () => {
    const home = project();
    const result = await gtcxJson(['pack', 'install', 'npm:tampered-pack@1'], home);
    expect(result.exitCode).toBe(65);
    expect(result.json.error).toMatchObject({
      code: 'integrity_mismatch',
      message: expect.stringContaining('npm:tampered-pack@1.0.0'),
    });
    expect(filesUnder(join(home.root, 'cache', 'gtcx', 'packs', 'content'))).toEqual([]);
  });

  it('names an unknown package and an unsatisfiable range', async () => {
    const home = project();
    const unknown = await gtcxJson(['pack', 'install', 'npm:@acme/missing'], home);
    expect(unknown.exitCode).toBe(66);
    expect(unknown.json.error).toMatchObject({
      code: 'not_found',
      message: expect.stringContaining('@acme/missing'),
    });
    const range = await gtcxJson(['pack', 'install', 'npm:@acme/web-pack@^3'], home);
    expect(range.exitCode).toBe(66);
    expect(range.json.error).toMatchObject({ message: expect.stringContaining('no version satisfies ^3') });
  });
});
