import { verifyPackSignature } from '@gtcx/core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostileCorpus } from '../../core/test/pack/corpus.js';
import { buildApp } from '../src/app.js';
import { buildSamplePack, createPacksTestStore, type PacksTestStore } from './packs-support.js';
import { adminAuthorization } from './support/config.js';

const gzip = { ...adminAuthorization, 'content-type': 'application/gzip' };
const versionUrl = (name: string, version: string) =>
  `/v1/packs/${encodeURIComponent(name)}/versions/${version}`;

describe.each(['sqlite', 'postgres'] as const)('packs registry over REST on %s', (dialect) => {
  let testStore: PacksTestStore;
  let app: FastifyInstance;

  beforeAll(async () => {
    testStore = await createPacksTestStore(dialect);
    app = await buildApp({
      config: { ...testStore.config, packMaxBytes: 64 * 1024 },
      store: testStore.store,
      logger: false,
    });
  });

  afterAll(async () => {
    await app?.close();
    await testStore?.dispose();
  });

  const publish = (name: string, version: string, tarball: Buffer, query = '') =>
    app.inject({
      method: 'PUT',
      url: `${versionUrl(name, version)}${query}`,
      headers: gzip,
      payload: tarball,
    });
  const get = (url: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url, headers: { ...adminAuthorization, ...headers } });

  it('publishes a built pack, signs it, and serves its packument with an ETag', async () => {
    const built = await buildSamplePack({ name: '@acme/web', version: '1.0.0' });
    const published = await publish('@acme/web', '1.0.0', built.tarball);
    expect(published.statusCode).toBe(201);
    expect(published.headers.location).toBe('/v1/packs/%40acme%2Fweb/versions/1.0.0');
    const version = published.json();
    expect(version).toMatchObject({
      name: '@acme/web',
      version: '1.0.0',
      description: 'Web service templates',
      license: 'MIT',
      keywords: ['web', 'service'],
      templates: ['svc'],
      deprecated: null,
      yanked: false,
      publishedBy: 'admin',
      dist: {
        tarball: '/v1/packs/%40acme%2Fweb/versions/1.0.0/tarball',
        integrity: built.integrity,
        size: built.tarball.length,
        fileCount: 3,
      },
    });

    const packument = await get('/v1/packs/@acme%2Fweb');
    expect(packument.statusCode).toBe(200);
    const body = packument.json();
    expect(body.distTags).toEqual({ latest: '1.0.0' });
    expect(Object.keys(body.versions)).toEqual(['1.0.0']);
    expect(body.versions['1.0.0']).toEqual(version);

    const keys = await app.inject({ method: 'GET', url: '/.well-known/gtcx/pack-signing-keys' });
    expect(keys.statusCode).toBe(200);
    expect(keys.headers['cache-control']).toBe('public, max-age=300');
    const { keys: signingKeys } = keys.json();
    expect(signingKeys).toHaveLength(1);
    expect(signingKeys[0]).toMatchObject({ algorithm: 'ed25519', expiresAt: null });
    const subject = { name: '@acme/web', version: '1.0.0', integrity: built.integrity };
    expect(verifyPackSignature(subject, version.dist.signatures, signingKeys)).toEqual({
      keyId: signingKeys[0].keyId,
    });

    const etag = packument.headers.etag as string;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    const again = await get('/v1/packs/@acme%2Fweb', { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.etag).toBe(etag);

    const one = await get(versionUrl('@acme/web', '1.0.0'));
    expect(one.json()).toEqual(version);
    expect(
      (await get(versionUrl('@acme/web', '1.0.0'), { 'if-none-match': one.headers.etag as string }))
        .statusCode,
    ).toBe(304);
  });

  it('serves the tarball bytes as published, immutable, with the integrity as ETag', async () => {
    const built = await buildSamplePack({ name: '@acme/files', version: '2.0.0' });
    expect(
      (
        await publish(
          '@acme/files',
          '2.0.0',
          built.tarball,
          `?integrity=${encodeURIComponent(built.integrity)}`,
        )
      ).statusCode,
    ).toBe(201);
    const tarball = await get(`${versionUrl('@acme/files', '2.0.0')}/tarball`);
    expect(tarball.statusCode).toBe(200);
    expect(tarball.rawPayload.equals(built.tarball)).toBe(true);
    expect(tarball.headers['content-type']).toBe('application/gzip');
    expect(tarball.headers['cache-control']).toBe('private, max-age=31536000, immutable');
    expect(tarball.headers.etag).toBe(`"${built.integrity}"`);
    expect(Number(tarball.headers['content-length'])).toBe(built.tarball.length);
    const cached = await get(`${versionUrl('@acme/files', '2.0.0')}/tarball`, {
      'if-none-match': `"${built.integrity}"`,
    });
    expect(cached.statusCode).toBe(304);
  });

  it('never reuses a version, not even after a yank, and changes nothing on refusal', async () => {
    const first = await buildSamplePack({ name: '@acme/once', version: '1.0.0' });
    expect((await publish('@acme/once', '1.0.0', first.tarball)).statusCode).toBe(201);
    const before = await get('/v1/packs/@acme%2Fonce');
    const other = await buildSamplePack({ name: '@acme/once', version: '1.0.0', description: 'Other bytes' });
    const again = await publish('@acme/once', '1.0.0', other.tarball);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'conflict' });
    expect(again.json().detail).toContain('@acme/once@1.0.0 is already published');
    expect(again.json().hint).toContain('bump the version');
    expect((await get('/v1/packs/@acme%2Fonce')).headers.etag).toBe(before.headers.etag);

    const yanked = await app.inject({
      method: 'PUT',
      url: `${versionUrl('@acme/once', '1.0.0')}/yank`,
      headers: adminAuthorization,
    });
    expect(yanked.statusCode).toBe(200);
    const afterYank = await publish('@acme/once', '1.0.0', first.tarball);
    expect(afterYank.statusCode).toBe(409);
    expect(afterYank.json().detail).toContain('(and yanked)');
  });

  it('answers a retried publish with the same Idempotency-Key and bytes with the first result', async () => {
    const built = await buildSamplePack({ name: '@acme/retry', version: '1.0.0' });
    const headers = { ...gzip, 'idempotency-key': 'upload-1' };
    const url = versionUrl('@acme/retry', '1.0.0');
    const first = await app.inject({ method: 'PUT', url, headers, payload: built.tarball });
    const retry = await app.inject({ method: 'PUT', url, headers, payload: built.tarball });
    expect(first.statusCode).toBe(201);
    expect(retry.statusCode).toBe(201);
    expect(retry.json()).toEqual(first.json());
  });

  it('refuses a tarball whose pack.yaml names another pack or version, naming both', async () => {
    const built = await buildSamplePack({ name: '@acme/real', version: '1.0.0' });
    const wrongName = await publish('@acme/fake', '1.0.0', built.tarball);
    expect(wrongName.statusCode).toBe(400);
    expect(wrongName.json().detail).toBe(
      "the tarball's pack.yaml is @acme/real@1.0.0, but the request publishes @acme/fake@1.0.0",
    );
    expect(wrongName.json().errors).toEqual([
      { field: 'params.packName', message: 'does not match pack.yaml name @acme/real' },
    ]);
    const wrongVersion = await publish('@acme/real', '1.0.1', built.tarball);
    expect(wrongVersion.statusCode).toBe(400);
    expect(wrongVersion.json().errors[0].field).toBe('params.version');
    expect((await get('/v1/packs/@acme%2Ffake')).statusCode).toBe(404);
    expect((await get('/v1/packs/@acme%2Freal')).statusCode).toBe(404);
  });

  it('refuses hostile tarballs with unsafe_archive and stores nothing', async () => {
    const hostile = hostileCorpus().filter(
      (sample) => sample.tgz.length < 64 * 1024 && sample.options === undefined,
    );
    expect(hostile.length).toBeGreaterThan(15);
    for (const sample of hostile.slice(0, 8)) {
      const response = await publish('@acme/evil', '1.0.0', sample.tgz);
      expect(response.statusCode, sample.name).toBe(400);
      expect(response.json().code, sample.name).toBe('unsafe_archive');
    }
    expect((await get('/v1/packs/@acme%2Fevil')).statusCode).toBe(404);
  });

  it('refuses a client integrity that does not match the bytes', async () => {
    const built = await buildSamplePack({ name: '@acme/sri', version: '1.0.0' });
    const other = await buildSamplePack({ name: '@acme/sri', version: '1.0.0', description: 'x' });
    const response = await publish(
      '@acme/sri',
      '1.0.0',
      built.tarball,
      `?integrity=${encodeURIComponent(other.integrity)}`,
    );
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('integrity_mismatch');
    expect((await get('/v1/packs/@acme%2Fsri')).statusCode).toBe(404);
  });

  it('refuses a tarball over the configured limit with 413', async () => {
    const response = await publish('@acme/big', '1.0.0', Buffer.alloc(65 * 1024, 1));
    expect(response.statusCode).toBe(413);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ code: 'payload_too_large' });
    expect(response.json().detail).toContain('65536-byte limit');
  });

  it('refuses an unauthenticated publish with 401 before reading the body', async () => {
    const built = await buildSamplePack({ name: '@acme/anon', version: '1.0.0' });
    const response = await app.inject({
      method: 'PUT',
      url: versionUrl('@acme/anon', '1.0.0'),
      headers: { 'content-type': 'application/gzip' },
      payload: built.tarball,
    });
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toContain('Bearer');
    expect((await get('/v1/packs/@acme%2Fanon')).statusCode).toBe(404);
  });

  it('moves latest to a higher release only, sets and removes dist-tags, and protects latest', async () => {
    for (const version of ['1.0.0', '2.0.0-beta.1', '1.1.0']) {
      const built = await buildSamplePack({ name: '@acme/tags', version });
      expect((await publish('@acme/tags', version, built.tarball)).statusCode).toBe(201);
    }
    const tagsUrl = '/v1/packs/@acme%2Ftags/dist-tags';
    const tags = await get(tagsUrl);
    expect(tags.json()).toEqual({ distTags: { latest: '1.1.0' } });

    const set = await app.inject({
      method: 'PUT',
      url: `${tagsUrl}/next`,
      headers: { ...adminAuthorization, 'if-match': tags.headers.etag as string },
      payload: { version: '2.0.0-beta.1' },
    });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toEqual({ distTags: { latest: '1.1.0', next: '2.0.0-beta.1' } });
    const stale = await app.inject({
      method: 'PUT',
      url: `${tagsUrl}/beta`,
      headers: { ...adminAuthorization, 'if-match': tags.headers.etag as string },
      payload: { version: '1.0.0' },
    });
    expect(stale.statusCode).toBe(412);
    expect((await get(tagsUrl)).json().distTags).toEqual({ latest: '1.1.0', next: '2.0.0-beta.1' });

    const missing = await app.inject({
      method: 'PUT',
      url: `${tagsUrl}/next`,
      headers: adminAuthorization,
      payload: { version: '9.9.9' },
    });
    expect(missing.statusCode).toBe(404);

    const latest = await app.inject({
      method: 'DELETE',
      url: `${tagsUrl}/latest`,
      headers: adminAuthorization,
    });
    expect(latest.statusCode).toBe(409);
    expect(latest.json().hint).toContain('point it at another version');
    const removed = await app.inject({
      method: 'DELETE',
      url: `${tagsUrl}/next`,
      headers: adminAuthorization,
    });
    expect(removed.statusCode).toBe(200);
    expect(removed.json()).toEqual({ distTags: { latest: '1.1.0' } });
    expect(removed.headers.etag).toBe((await get(tagsUrl)).headers.etag);
  });

  it('deprecates and undeprecates a version, changing the packument and its ETag', async () => {
    const built = await buildSamplePack({ name: '@acme/old', version: '1.0.0' });
    await publish('@acme/old', '1.0.0', built.tarball);
    const before = await get('/v1/packs/@acme%2Fold');
    const url = `${versionUrl('@acme/old', '1.0.0')}/deprecation`;
    const deprecated = await app.inject({
      method: 'PUT',
      url,
      headers: adminAuthorization,
      payload: { message: 'use @acme/new instead' },
    });
    expect(deprecated.statusCode).toBe(200);
    expect(deprecated.json().deprecated).toBe('use @acme/new instead');
    const after = await get('/v1/packs/@acme%2Fold');
    expect(after.json().versions['1.0.0'].deprecated).toBe('use @acme/new instead');
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect(Date.parse(after.json().updatedAt)).toBeGreaterThanOrEqual(Date.parse(before.json().updatedAt));
    expect(
      (await get('/v1/packs/@acme%2Fold', { 'if-none-match': before.headers.etag as string })).statusCode,
    ).toBe(200);

    const wrongEtag = await app.inject({
      method: 'DELETE',
      url,
      headers: { ...adminAuthorization, 'if-match': '"stale"' },
    });
    expect(wrongEtag.statusCode).toBe(412);
    const lifted = await app.inject({
      method: 'DELETE',
      url,
      headers: { ...adminAuthorization, 'if-match': deprecated.headers.etag as string },
    });
    expect(lifted.statusCode).toBe(200);
    expect(lifted.json().deprecated).toBeNull();
  });

  it('yanks: flagged in the packument, latest moves back, the tarball stays downloadable', async () => {
    const versions = ['1.0.0', '1.1.0'];
    const builds = new Map<string, Buffer>();
    for (const version of versions) {
      const built = await buildSamplePack({ name: '@acme/yank', version });
      builds.set(version, built.tarball);
      await publish('@acme/yank', version, built.tarball);
    }
    const yanked = await app.inject({
      method: 'PUT',
      url: `${versionUrl('@acme/yank', '1.1.0')}/yank`,
      headers: adminAuthorization,
      payload: { reason: 'broken template' },
    });
    expect(yanked.statusCode).toBe(200);
    expect(yanked.json()).toMatchObject({ yanked: true, yankReason: 'broken template' });
    const packument = (await get('/v1/packs/@acme%2Fyank')).json();
    expect(packument.versions['1.1.0']).toMatchObject({ yanked: true, yankReason: 'broken template' });
    expect(packument.distTags).toEqual({ latest: '1.0.0' });
    const tarball = await get(`${versionUrl('@acme/yank', '1.1.0')}/tarball`);
    expect(tarball.statusCode).toBe(200);
    expect(tarball.rawPayload.equals(builds.get('1.1.0') as Buffer)).toBe(true);

    const restored = await app.inject({
      method: 'DELETE',
      url: `${versionUrl('@acme/yank', '1.1.0')}/yank`,
      headers: adminAuthorization,
    });
    expect(restored.json()).toMatchObject({ yanked: false });
    expect(restored.json().yankReason).toBeUndefined();
    expect((await get('/v1/packs/@acme%2Fyank')).json().distTags).toEqual({ latest: '1.0.0' });
  });

  it('answers unknown packs and versions with 404 naming them', async () => {
    const pack = await get('/v1/packs/@acme%2Fnothing');
    expect(pack.statusCode).toBe(404);
    expect(pack.json().detail).toBe('pack @acme/nothing does not exist on this server');
    const built = await buildSamplePack({ name: '@acme/known', version: '1.0.0' });
    await publish('@acme/known', '1.0.0', built.tarball);
    const version = await get(`${versionUrl('@acme/known', '3.0.0')}/tarball`);
    expect(version.statusCode).toBe(404);
    expect(version.json().detail).toBe('@acme/known has no version 3.0.0');
    expect(version.json().hint).toContain('1.0.0');
  });
});
