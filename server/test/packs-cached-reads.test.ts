import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { createPacksService } from '../src/modules/packs/index.js';
import { defaultSpec } from '../src/spec/load.js';
import { listOperations } from '../src/spec/operations.js';
import { createAjv } from '../src/validation/ajv.js';
import { compileResponseContract } from '../src/validation/response.js';
import { buildSamplePack, createPacksTestStore, type PacksTestStore } from './packs-support.js';
import { adminAuthorization } from './support/config.js';

const packUrl = '/v1/packs/@acme%2Fcached';
const versionUrl = (version: string) => `/v1/packs/%40acme%2Fcached/versions/${version}`;

describe('the response contract check of frozen payloads', () => {
  const { document } = defaultSpec();
  const getPack = listOperations(document).find((operation) => operation.operationId === 'getPack');
  if (getPack === undefined) throw new Error('openapi.yaml has no getPack operation');
  const contract = compileResponseContract(createAjv(document, 'response'), getPack);
  const json = 'application/json; charset=utf-8';
  const packument = () => ({
    name: '@acme/cached',
    description: 'cached',
    keywords: [],
    distTags: {},
    versions: {},
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  });

  it('passes a valid frozen payload every time and still checks each new object', () => {
    const valid = Object.freeze(packument());
    expect(contract.checkPayload(200, json, valid)).toEqual([]);
    expect(contract.checkPayload(200, json, valid)).toEqual([]);
    const invalid = Object.freeze({ ...packument(), createdAt: 'yesterday' });
    expect(contract.checkPayload(200, json, invalid).join('\n')).toMatch(/createdAt/);
    expect(contract.checkPayload(200, json, invalid).join('\n')).toMatch(/createdAt/);
  });

  it('checks a payload that is not frozen again on every answer', () => {
    const mutable: Record<string, unknown> = packument();
    expect(contract.checkPayload(200, json, mutable)).toEqual([]);
    delete mutable.versions;
    expect(contract.checkPayload(200, json, mutable).join('\n')).toMatch(/versions/);
  });

  it('remembers a pass only for the status it was checked under', () => {
    const valid = Object.freeze(packument());
    expect(contract.checkPayload(200, json, valid)).toEqual([]);
    expect(contract.checkPayload(404, 'application/problem+json', valid)).not.toEqual([]);
  });
});

describe.each(['sqlite', 'postgres'] as const)('cached packument reads on %s', (dialect) => {
  let testStore: PacksTestStore;
  let app: FastifyInstance;

  beforeAll(async () => {
    testStore = await createPacksTestStore(dialect);
    app = await buildApp({ config: testStore.config, store: testStore.store, logger: false });
    const built = await buildSamplePack({
      name: '@acme/cached',
      version: '1.0.0',
      description: 'Modèles de services — web, ☕',
    });
    const published = await app.inject({
      method: 'PUT',
      url: versionUrl('1.0.0'),
      headers: { ...adminAuthorization, 'content-type': 'application/gzip' },
      payload: built.tarball,
    });
    expect(published.statusCode).toBe(201);
  });

  afterAll(async () => {
    await app?.close();
    await testStore?.dispose();
  });

  const get = (headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url: packUrl, headers: { ...adminAuthorization, ...headers } });

  it('hands out one deep-frozen packument per revision', async () => {
    const service = createPacksService({ store: testStore.store });
    const first = await service.getPackument('@acme/cached');
    expect(await service.getPackument('@acme/cached')).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first.keywords)).toBe(true);
    expect(Object.isFrozen(first.versions['1.0.0']?.dist.signatures[0])).toBe(true);
  });

  it('answers repeated reads with the same JSON, its byte length and its ETag', async () => {
    const first = await get();
    const second = await get();
    expect(first.statusCode).toBe(200);
    expect(second.statusCode).toBe(200);
    expect(second.body).toBe(first.body);
    expect(second.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(second.headers['content-length']).toBe(String(Buffer.byteLength(second.body)));
    expect(second.json().description).toBe('Modèles de services — web, ☕');
    expect(second.headers.etag).toBe(first.headers.etag);
    const notModified = await get({ 'if-none-match': first.headers.etag as string });
    expect(notModified.statusCode).toBe(304);
    expect(notModified.body).toBe('');
  });

  it('answers the new content and ETag once the pack changes', async () => {
    const before = await get();
    const deprecated = await app.inject({
      method: 'PUT',
      url: `${versionUrl('1.0.0')}/deprecation`,
      headers: adminAuthorization,
      payload: { message: 'use @acme/fresh' },
    });
    expect(deprecated.statusCode).toBe(200);
    const after = await get();
    expect(after.json().versions['1.0.0'].deprecated).toBe('use @acme/fresh');
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect(after.headers['content-length']).toBe(String(Buffer.byteLength(after.body)));
    expect((await get({ 'if-none-match': before.headers.etag as string })).statusCode).toBe(200);
  });
});
