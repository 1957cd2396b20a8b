import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostileCorpus } from '../../core/test/pack/corpus.js';
import {
  adminToken,
  filesUnder,
  gtcxJson,
  makePack,
  type ProxyRules,
  startProxy,
  startRegistry,
} from './pack-support.js';
import { type TempHome, tempHome } from './support/cli.js';

const scratch = mkdtempSync(join(tmpdir(), 'gtcx-pack-bad-'));
const server = await startRegistry(join(scratch, 'server'));
const rules: ProxyRules = {};
const proxy = await startProxy(server.url, {
  rewrite: (path, body) => rules.rewrite?.(path, body),
  cut: (path) => rules.cut?.(path) ?? false,
});
const homes: TempHome[] = [];
afterAll(async () => {
  await proxy.close();
  await server.close();
  for (const home of homes) home.cleanup();
  rmSync(scratch, { recursive: true, force: true });
});

beforeAll(async () => {
  const publisher = fresh();
  const tgz = await makePack(join(scratch, 'bad'), '@acme/bad', '1.0.0');
  const published = await gtcxJson(['pack', 'publish', tgz], publisher, {
    GTCX_SERVER: server.url,
    GTCX_TOKEN: adminToken,
  });
  expect(published.exitCode, published.stderr).toBe(0);
});

function fresh(): TempHome {
  const home = tempHome();
  homes.push(home);
  return home;
}

/** Installs through the proxy, into a fresh home, with the proxy behaving as `set` says. */
async function installVia(spec: string, set: ProxyRules = {}) {
  rules.rewrite = set.rewrite;
  rules.cut = set.cut;
  const home = fresh();
  const result = await gtcxJson(['pack', 'install', spec], home, {
    GTCX_SERVER: proxy.url,
    GTCX_TOKEN: adminToken,
  });
  rules.rewrite = undefined;
  rules.cut = undefined;
  return {
    ...result,
    home,
    error: (result.json.error ?? {}) as {
      code?: string;
      message?: string;
      hint?: string;
      details?: Record<string, unknown>;
    },
  };
}

/** Nothing of the pack anywhere: no cached tarball or tree, no installed files, no lockfile. */
function expectNothingInstalled(home: TempHome) {
  expect(filesUnder(join(home.root, 'cache', 'gtcx', 'packs', 'content'))).toEqual([]);
  expect(filesUnder(join(home.root, 'cache', 'gtcx', 'packs', 'unpacked'))).toEqual([]);
  expect(filesUnder(join(home.dataDir, 'packs'))).toEqual([]);
  expect(filesUnder(home.root).filter((file) => file.startsWith('gtcx-lock'))).toEqual([]);
}

const isTarball = (path: string) => path.endsWith('/tarball');
const isPackument = (path: string) => path === '/v1/packs/%40acme%2Fbad';

describe('gtcx pack install refuses bad input with a clear error and leaves nothing behind', () => {
  it('a tampered tarball (integrity mismatch)', async () => {
    const result = await installVia('@acme/bad', {
      rewrite: (path, body) => {
        if (!isTarball(path)) return undefined;
        const copy = Buffer.from(body);
        copy[copy.length - 10] = (copy[copy.length - 10] ?? 0) ^ 0xff;
        return copy;
      },
    });
    expect(result.exitCode).toBe(65);
    expect(result.error).toMatchObject({
      code: 'integrity_mismatch',
      hint: expect.stringContaining('tampered'),
    });
    expect(result.error.message).toContain('@acme/bad@1.0.0');
    expectNothingInstalled(result.home);
  });

  it('a signature that does not verify', async () => {
    const result = await installVia('@acme/bad', {
      rewrite: (path, body) =>
        isPackument(path)
          ? Buffer.from(
              body
                .toString('utf8')
                .replace(/"sig":"[^"]+"/g, `"sig":"${Buffer.alloc(64, 7).toString('base64')}"`),
            )
          : undefined,
    });
    expect(result.exitCode).toBe(65);
    expect(result.error).toMatchObject({ code: 'signature_invalid' });
    expect(result.error.message).toMatch(/cannot verify @acme\/bad@1\.0\.0: .*does not match/);
    expectNothingInstalled(result.home);
  });

  it('a signature by a key that expired before the version was published', async () => {
    const result = await installVia('@acme/bad', {
      rewrite: (path, body) =>
        path === '/.well-known/gtcx/pack-signing-keys'
          ? Buffer.from(
              body
                .toString('utf8')
                .replace(/"expiresAt":(null|"[^"]*")/g, '"expiresAt":"2001-01-01T00:00:00.000Z"'),
            )
          : undefined,
    });
    expect(result.exitCode).toBe(65);
    expect(result.error).toMatchObject({ code: 'signature_invalid' });
    expect(result.error.message).toContain('expired at 2001-01-01T00:00:00.000Z');
    expectNothingInstalled(result.home);
  });

  it('--no-verify installs without the signature check, and says so', async () => {
    rules.rewrite = (path, body) =>
      isPackument(path)
        ? Buffer.from(body.toString('utf8').replace(/"sig":"[^"]+"/g, '"sig":"AAAA"'))
        : undefined;
    const home = fresh();
    const result = await gtcxJson(['pack', 'install', '@acme/bad', '--no-verify'], home, {
      GTCX_SERVER: proxy.url,
      GTCX_TOKEN: adminToken,
    });
    rules.rewrite = undefined;
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).toContain(
      'Warning: signature verification skipped (--no-verify) for @acme/bad@1.0.0',
    );
    expect(result.json.packs).toEqual([
      expect.objectContaining({ name: '@acme/bad', verification: 'skipped' }),
    ]);
  });

  it('the server going away mid-download', async () => {
    const result = await installVia('@acme/bad', { cut: isTarball });
    expect(result.exitCode).toBe(69);
    expect(result.error).toMatchObject({
      code: 'server_unreachable',
      hint: expect.stringContaining('nothing was cached'),
    });
    expect(result.error.message).toMatch(
      /the download of @acme\/bad@1\.0\.0 from .* was cut off after \d+ of \d+ bytes/,
    );
    expectNothingInstalled(result.home);
  });

  it.each([
    ['an unknown pack', '@acme/nope', /cannot read @acme\/nope/],
    ['an unknown version', '@acme/bad@9.9.9', /there is no version 9\.9\.9/],
    ['an unsatisfiable range', '@acme/bad@^5.0.0', /no version satisfies \^5\.0\.0/],
    ['an unknown dist-tag', '@acme/bad@beta', /neither a dist-tag nor a semver range/],
  ])('%s', async (_case, spec, message) => {
    const result = await installVia(spec);
    expect(result.exitCode).toBe(66);
    expect(result.error).toMatchObject({ code: 'not_found' });
    expect(result.error.message).toMatch(message);
    expectNothingInstalled(result.home);
  });

  // Each archive of core's corpus is refused in-process by the same library; these run the CLI end to end.
  const picked = hostileCorpus().filter((hostile) =>
    ['path-traversal', 'absolute-path', 'symlink', 'hardlink', 'char-device', 'name-collision'].includes(
      hostile.rule,
    ),
  );
  it.each(picked.map((hostile) => [hostile.name, hostile] as const))(
    'a hostile tarball: %s',
    async (_name, hostile) => {
      const home = fresh();
      const file = join(home.root, 'hostile.tgz');
      writeFileSync(file, hostile.tgz);
      const result = await gtcxJson(['pack', 'install', file], home);
      expect(result.exitCode).toBe(65);
      expect(result.json.error).toMatchObject({
        code: 'unsafe_archive',
        message: expect.stringContaining('hostile.tgz'),
        details: expect.objectContaining({ rule: hostile.rule }),
      });
      expectNothingInstalled(home);
    },
  );

  it('a cache that cannot be written (a file where a directory should be: ENOTDIR)', async () => {
    const home = fresh();
    const tgz = join(scratch, 'bad', 'out', 'acme-bad-1.0.0.tgz');
    writeFileSync(join(home.root, 'blocker'), 'a regular file');
    const result = await gtcxJson(['pack', 'install', tgz], home, {
      GTCX_CACHE_DIR: join(home.root, 'blocker', 'cache'),
    });
    expect(result.exitCode).toBe(73);
    expect(result.json.error).toMatchObject({
      code: 'data_dir_not_writable',
      message: expect.stringMatching(
        /cannot install @acme\/bad@1\.0\.0: the pack cache .* is not writable \(ENOTDIR/,
      ),
      hint: expect.stringContaining('nothing was installed'),
    });
    expectNothingInstalled(home);
  });

  it('an install target that cannot be written (ENOTDIR under the data dir)', async () => {
    const home = fresh();
    const tgz = join(scratch, 'bad', 'out', 'acme-bad-1.0.0.tgz');
    writeFileSync(join(home.root, 'blocker'), 'a regular file');
    const result = await gtcxJson(['pack', 'install', tgz], home, {
      GTCX_DATA_DIR: join(home.root, 'blocker', 'data'),
    });
    expect(result.exitCode).toBe(73);
    expect(result.json.error).toMatchObject({ code: 'data_dir_not_writable' });
    expect(String((result.json.error as { message: string }).message)).toContain('@acme/bad@1.0.0');
    expect(filesUnder(home.root).filter((file) => file.startsWith('gtcx-lock'))).toEqual([]);
  });

  it('--frozen-lockfile with no lockfile entry for the pack names it', async () => {
    const home = fresh();
    writeFileSync(join(home.root, 'gtcx-lock.json'), '{"lockfileVersion":1,"packs":{}}\n');
    const result = await gtcxJson(['pack', 'install', '@acme/bad', '--frozen-lockfile'], home, {
      GTCX_SERVER: server.url,
      GTCX_TOKEN: adminToken,
    });
    expect(result.exitCode).toBe(65);
    expect(result.json.error).toMatchObject({
      code: 'precondition_failed',
      message: expect.stringContaining('@acme/bad@1.0.0 is not in the lockfile'),
      hint: expect.stringContaining('without --frozen-lockfile'),
    });
    expect(filesUnder(join(home.dataDir, 'packs'))).toEqual([]);
  });
});
