import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildPack, verifyPackSignature as coreVerifyPackSignature, generateSigningKey } from '@gtcx/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createClient,
  downloadPack,
  GtcxApiError,
  type GtcxClient,
  GtcxSdkError,
  publishPack,
  readPackIdentity,
  renderTemplate,
  searchPacks,
  verifyIntegrity,
  verifyPackSignature,
  writeTree,
} from '../src/index.js';
import { type GtcxTestServer, type PackSource, startGtcxServer, writePackDir } from './support/server.js';

describe('flows against a gtcx server', () => {
  let server: GtcxTestServer;
  let gtcx: GtcxClient;
  const sources: PackSource[] = [];

  function packDir(name: string, version: string, keywords?: string[]): PackSource {
    const source = writePackDir(name, version, keywords);
    sources.push(source);
    return source;
  }

  async function builtTarball(name: string, version: string, keywords?: string[]) {
    const source = packDir(name, version, keywords);
    const built = await buildPack(source.dir, { outDir: join(source.root, 'out') });
    return { file: built.file, bytes: readFileSync(built.file), integrity: built.integrity, source };
  }

  beforeAll(async () => {
    server = await startGtcxServer();
    gtcx = createClient({ baseUrl: server.url, token: server.token });
  });

  afterAll(async () => {
    await server?.close();
    for (const source of sources) source.cleanup();
  });

  describe('publishPack', () => {
    it('publishes a directory exactly as gtcx pack build would build it', async () => {
      const source = packDir('@flows/web', '1.0.0', ['web', 'flows']);
      const { pack, alreadyPublished } = await publishPack(gtcx, { dir: source.dir });
      const built = await buildPack(source.dir, { outDir: join(source.root, 'out') });
      expect(alreadyPublished).toBe(false);
      expect(pack).toMatchObject({
        name: '@flows/web',
        version: '1.0.0',
        keywords: ['web', 'flows'],
        templates: ['svc'],
        dist: { integrity: built.integrity, size: built.size },
      });
      expect(pack.dist.signatures).toHaveLength(1);
    });

    it('publishes a tarball by path or by bytes, moving the dist-tag it is given', async () => {
      const first = await builtTarball('@flows/web', '1.1.0', ['web', 'flows']);
      expect((await publishPack(gtcx, { tarball: first.file })).pack.dist.integrity).toBe(first.integrity);
      const second = await builtTarball('@flows/web', '2.0.0-beta.1', ['web', 'flows']);
      const published = await publishPack(gtcx, { tarball: second.bytes, tag: 'next' });
      expect(published.pack.version).toBe('2.0.0-beta.1');
      const tags = await gtcx.GET('/v1/packs/{packName}/dist-tags', {
        params: { path: { packName: '@flows/web' } },
      });
      expect(tags.data?.distTags).toEqual({ latest: '1.1.0', next: '2.0.0-beta.1' });
    });

    it('is idempotent for the same bytes, and a conflict for other bytes under a taken version', async () => {
      const again = await builtTarball('@flows/web', '1.1.0', ['web', 'flows']);
      const repeat = await publishPack(gtcx, { tarball: again.bytes });
      expect(repeat).toMatchObject({ alreadyPublished: true, pack: { version: '1.1.0' } });

      const other = await builtTarball('@flows/web', '1.1.0', ['changed']);
      const failure = await publishPack(gtcx, { tarball: other.bytes }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(GtcxApiError);
      expect(failure).toMatchObject({
        code: 'conflict',
        status: 409,
        method: 'PUT',
        details: { pack: '@flows/web@1.1.0' },
      });
    });

    it('refuses what is not a pack tarball before sending anything, and a token that may not publish', async () => {
      await expect(publishPack(gtcx, { tarball: Buffer.from('not a tarball') })).rejects.toMatchObject({
        name: 'GtcxSdkError',
        code: 'validation_failed',
        message: 'the tarball is not a gzip-compressed tar archive',
      });
      await expect(publishPack(gtcx, { tarball: '/nonexistent/pack.tgz' })).rejects.toMatchObject({
        code: 'not_found',
        message: 'cannot read the tarball /nonexistent/pack.tgz',
      });
      await expect(publishPack(gtcx, {})).rejects.toMatchObject({ code: 'validation_failed' });
      const missing = join(packDir('@flows/none', '1.0.0').root, 'nowhere');
      await expect(publishPack(gtcx, { dir: missing })).rejects.toMatchObject({
        name: 'GtcxSdkError',
        code: 'not_found',
        message: expect.stringContaining('no pack.yaml in'),
      });
      const anonymous = createClient({ baseUrl: server.url });
      const tarball = await builtTarball('@flows/anon', '1.0.0');
      await expect(publishPack(anonymous, { tarball: tarball.bytes })).rejects.toMatchObject({
        code: 'unauthenticated',
        status: 401,
      });
    });

    it('reads the pack identity from pack.yaml inside the tarball', async () => {
      const tarball = await builtTarball('@flows/identity', '3.2.1');
      expect(await readPackIdentity(tarball.bytes)).toEqual({ name: '@flows/identity', version: '3.2.1' });
    });
  });

  describe('downloadPack', () => {
    it('downloads the latest version, verifies integrity and the registry signature, and writes it', async () => {
      const file = join(packDir('@flows/dl', '1.0.0').root, 'downloads', 'web.tgz');
      const pack = await downloadPack(gtcx, { name: '@flows/web', file });
      const keys = (await gtcx.GET('/.well-known/gtcx/pack-signing-keys')).data?.keys ?? [];
      expect(pack).toMatchObject({ name: '@flows/web', version: '1.1.0', keyId: keys[0]?.keyId, file });
      expect(readFileSync(file)).toEqual(pack.tarball);
      expect(statSync(file).mode & 0o777).toBe(0o644);
      // The SDK's own checks agree with core's, on the same registry data.
      const subject = { name: pack.name, version: pack.version, integrity: pack.integrity };
      expect(coreVerifyPackSignature(subject, pack.pack.dist.signatures, keys).keyId).toBe(pack.keyId);
      expect(verifyPackSignature(subject, pack.pack.dist.signatures, keys).keyId).toBe(pack.keyId);
    });

    it('takes an exact version or a dist-tag, and names the tags when neither matches', async () => {
      expect((await downloadPack(gtcx, { name: '@flows/web', version: '1.0.0' })).version).toBe('1.0.0');
      expect((await downloadPack(gtcx, { name: '@flows/web', version: 'next' })).version).toBe(
        '2.0.0-beta.1',
      );
      await expect(downloadPack(gtcx, { name: '@flows/web', version: 'stable' })).rejects.toMatchObject({
        code: 'not_found',
        message: '@flows/web has no version or dist-tag "stable"',
        hint: 'give an exact version or one of its dist-tags: latest, next',
      });
      await expect(downloadPack(gtcx, { name: '@flows/nope' })).rejects.toMatchObject({
        name: 'GtcxApiError',
        code: 'not_found',
        status: 404,
      });
    });

    it('refuses a tarball altered in transit, writing nothing', async () => {
      const tampering = createClient({
        baseUrl: server.url,
        token: server.token,
        fetch: async (request) => {
          const response = await fetch(request);
          if (!request.url.endsWith('/tarball')) return response;
          const bytes = Buffer.from(await response.arrayBuffer());
          bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0xff;
          return new Response(bytes, { status: response.status, headers: response.headers });
        },
      });
      const file = join(packDir('@flows/dl', '1.0.0').root, 'tampered.tgz');
      await expect(downloadPack(tampering, { name: '@flows/web', file })).rejects.toMatchObject({
        name: 'GtcxSdkError',
        code: 'integrity_mismatch',
        message: expect.stringContaining('integrity check failed for @flows/web@1.1.0'),
      });
      expect(existsSync(file)).toBe(false);
    });

    it('refuses a pack whose signature no trusted key vouches for, writing nothing', async () => {
      const stranger = generateSigningKey();
      const file = join(packDir('@flows/dl', '1.0.0').root, 'untrusted.tgz');
      const failure = await downloadPack(gtcx, {
        name: '@flows/web',
        file,
        trustedKeys: [{ keyId: stranger.keyId, publicKey: stranger.publicKey, expiresAt: null }],
      }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(GtcxSdkError);
      expect(failure).toMatchObject({
        code: 'signature_invalid',
        message: expect.stringMatching(
          /^cannot verify @flows\/web@1\.1\.0: no valid signature: unknown key SHA256:/,
        ),
      });
      expect(existsSync(file)).toBe(false);
      // And a key that had expired before the version was published vouches for nothing.
      const keys = (await gtcx.GET('/.well-known/gtcx/pack-signing-keys')).data?.keys ?? [];
      const expired = keys.map((key) => ({ ...key, expiresAt: '2000-01-01T00:00:00.000Z' }));
      await expect(downloadPack(gtcx, { name: '@flows/web', trustedKeys: expired })).rejects.toMatchObject({
        code: 'signature_invalid',
        message: expect.stringContaining(
          'expired at 2000-01-01T00:00:00.000Z, before the version was published',
        ),
      });
      expect(() => verifyIntegrity(Buffer.from('x'), 'md5-abc')).toThrow(
        '"md5-abc" is not an integrity string',
      );
    });
  });

  describe('searchPacks', () => {
    it('searches by text, keyword and scope, stopping at max', async () => {
      await publishPack(gtcx, { dir: packDir('@other/tools', '1.0.0', ['flows', 'tools']).dir });
      const names = async (...args: Parameters<typeof searchPacks>) => {
        const found: string[] = [];
        for await (const pack of searchPacks(...args)) found.push(pack.name);
        return found;
      };
      expect(await names(gtcx, { keyword: 'flows' })).toEqual(['@flows/web', '@other/tools']);
      expect(await names(gtcx, { keyword: 'flows', scope: '@other' })).toEqual(['@other/tools']);
      expect(await names(gtcx, { keyword: 'flows' }, { max: 1 })).toHaveLength(1);
      expect(await names(gtcx, { q: 'zzz-no-such-pack' })).toEqual([]);
    });
  });

  describe('renderTemplate', () => {
    it('renders on the server and writes the files, with their modes, all at once', async () => {
      const root = packDir('@flows/render', '1.0.0').root;
      const outDir = join(root, 'projects', 'utils');
      const result = await renderTemplate(gtcx, {
        template: 'ts-lib',
        answers: { name: '@acme/utils' },
        useDefaults: true,
        outDir,
      });
      expect(result).toMatchObject({ template: 'ts-lib', version: '1.0.0', outDir });
      expect(result.files.map((file) => file.path)).toContain('package.json');
      for (const file of result.files) {
        expect(readFileSync(join(outDir, file.path))).toEqual(file.content);
        expect(statSync(join(outDir, file.path)).mode & 0o777).toBe(file.mode & 0o777);
      }
      expect(JSON.parse(readFileSync(join(outDir, 'package.json'), 'utf8')).name).toBe('@acme/utils');
      // Nothing but the project: the staging directory is gone.
      expect(readdirSync(join(root, 'projects'))).toEqual(['utils']);
    });

    it('refuses a directory that is not empty, and leaves it as it was', async () => {
      const outDir = join(packDir('@flows/render', '1.0.0').root, 'busy');
      mkdirSync(outDir);
      writeFileSync(join(outDir, 'keep.txt'), 'mine');
      await expect(
        renderTemplate(gtcx, { template: 'ts-lib', answers: { name: 'x' }, useDefaults: true, outDir }),
      ).rejects.toMatchObject({
        code: 'conflict',
        message: `${outDir} already exists and is not an empty directory`,
      });
      expect(readdirSync(outDir)).toEqual(['keep.txt']);
    });

    it("answers the server's problem for an unknown template or a missing answer", async () => {
      await expect(renderTemplate(gtcx, { template: 'no-such-template' })).rejects.toMatchObject({
        name: 'GtcxApiError',
        code: 'not_found',
        status: 404,
      });
      await expect(renderTemplate(gtcx, { template: 'ts-lib' })).rejects.toMatchObject({
        status: 400,
        message: expect.stringContaining('name'),
      });
    });

    it('writes nothing when a path would leave the target directory', async () => {
      const root = packDir('@flows/unsafe', '1.0.0').root;
      for (const path of ['../escape.txt', '/etc/passwd', 'a/../../b', 'a\\b', 'a//b', '']) {
        const outDir = join(root, 'out');
        await expect(
          writeTree(outDir, [
            { path: 'fine.txt', content: Buffer.from('ok'), mode: 0o644 },
            { path, content: Buffer.from('bad'), mode: 0o644 },
          ]),
        ).rejects.toMatchObject({ code: 'unsafe_path' });
        expect(existsSync(outDir)).toBe(false);
      }
      expect(readdirSync(root)).toEqual(['pack']);
    });
  });
});
