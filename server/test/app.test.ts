import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, listUnimplementedOperations } from '../src/app.js';
import { moduleHandlers } from '../src/modules/index.js';
import { defaultSpec, locateOpenApiDocument } from '../src/spec/load.js';
import { listOperations } from '../src/spec/operations.js';
import { adminAuthorization, testConfig } from './support/config.js';
import { createTestStore, type TestStore } from './support/stores.js';

describe.each(['sqlite', 'postgres'] as const)('monitoring on %s', (dialect) => {
  let testStore: TestStore;
  let app: FastifyInstance;

  beforeAll(async () => {
    testStore = await createTestStore(dialect);
    app = await buildApp({ config: testConfig(testStore), store: testStore.store, logger: false });
  });

  afterAll(async () => {
    await app?.close();
    await testStore?.dispose();
  });

  it('answers /healthz with status, version and uptime', async () => {
    const response = await app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.json()).toEqual({ status: 'ok', version: '0.1.0', uptimeSeconds: expect.any(Number) });
  });

  it('answers /readyz ready with the store check', async () => {
    const response = await app.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ready', checks: [{ name: 'store', status: 'ok' }] });
  });

  it('answers /readyz 503 problem+json naming the store once it is closed', async () => {
    await testStore.store.close();
    const response = await app.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(503);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = response.json();
    expect(problem).toMatchObject({ code: 'unavailable', status: 503, title: 'Service Unavailable' });
    expect(problem.checks).toEqual([{ name: 'store', status: 'failing', detail: expect.any(String) }]);
    expect(problem.detail).toContain('store');
    // Liveness does not depend on the store.
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });
});

describe('monitoring endpoints', () => {
  let testStore: TestStore;
  let app: FastifyInstance;

  beforeAll(async () => {
    testStore = await createTestStore('sqlite');
    app = await buildApp({ config: testConfig(testStore), store: testStore.store, logger: false });
  });

  afterAll(async () => {
    await app?.close();
    await testStore?.dispose();
  });

  it('reports a store whose ping fails as not ready', async () => {
    const broken = { ...testStore.store, ping: () => Promise.reject(new Error('connection refused')) };
    const brokenApp = await buildApp({ config: testConfig(testStore), store: broken, logger: false });
    try {
      const response = await brokenApp.inject({ method: 'GET', url: '/readyz' });
      expect(response.statusCode).toBe(503);
      expect(response.json().checks).toEqual([
        { name: 'store', status: 'failing', detail: 'connection refused' },
      ]);
    } finally {
      await brokenApp.close();
    }
  });

  it('counts requests in /metrics by route template, method and status', async () => {
    await app.inject({ method: 'GET', url: '/healthz' });
    await app.inject({ method: 'GET', url: '/healthz' });
    await app.inject({ method: 'GET', url: '/v1/packs/@acme%2Fweb/versions/1.0.0' });
    await app.inject({ method: 'GET', url: '/no/such/route' });
    const response = await app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    const text = response.body;
    expect(text).toContain('http_requests_total{method="GET",route="/healthz",status="200"} 2');
    expect(text).toMatch(
      /http_requests_total\{method="GET",route="\/v1\/packs\/\{packName\}\/versions\/\{version\}",status="\d+"\} 1/,
    );
    expect(text).toContain('http_requests_total{method="GET",route="unmatched",status="404"} 1');
    expect(text).not.toContain('@acme');
    expect(text).toContain('http_request_duration_seconds_bucket{le="0.001",method="GET",route="/healthz"');
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it('keeps each app its own metrics registry', async () => {
    const other = await buildApp({ config: testConfig(testStore), store: testStore.store, logger: false });
    try {
      const text = (await other.inject({ method: 'GET', url: '/metrics' })).body;
      expect(text).not.toContain('route="/healthz"');
    } finally {
      await other.close();
    }
  });

  it('serves the contract at /openapi.yaml exactly as written', async () => {
    const response = await app.inject({ method: 'GET', url: '/openapi.yaml' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/yaml/);
    expect(response.body).toBe(await readFile(locateOpenApiDocument(), 'utf8'));
  });

  it('renders /docs with Swagger UI assets served locally', async () => {
    const response = await app.inject({ method: 'GET', url: '/docs' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    const assets = [...response.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1] ?? '');
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) expect(asset).not.toMatch(/^(https?:)?\/\//);
    const bundle = assets.find((asset) => asset.endsWith('swagger-ui-bundle.js'));
    expect(bundle).toBeDefined();
    const script = await app.inject({ method: 'GET', url: new URL(bundle ?? '', 'http://x/docs/').pathname });
    expect(script.statusCode).toBe(200);
    const json = await app.inject({ method: 'GET', url: '/docs/json' });
    expect(json.json().info.title).toBe('gtcx API');
  });

  it('answers HEAD on GET operations without a body', async () => {
    for (const url of ['/healthz', '/metrics', '/openapi.yaml']) {
      const response = await app.inject({ method: 'HEAD', url });
      expect(response.statusCode).toBe(200);
      expect(response.body).toBe('');
    }
  });

  it('echoes a sane x-request-id and replaces an unsafe one', async () => {
    const echoed = await app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'abc-123' },
    });
    expect(echoed.headers['x-request-id']).toBe('abc-123');
    const replaced = await app.inject({
      method: 'GET',
      url: '/nope',
      headers: { 'x-request-id': 'bad id\twith spaces' },
    });
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(replaced.json().requestId).toBe(replaced.headers['x-request-id']);
  });

  it('answers an operation no module implements with 501 naming it', async () => {
    const unimplemented = listUnimplementedOperations();
    console.log(`operations answering 501 (${unimplemented.length}):\n  ${unimplemented.join('\n  ')}`);
    const operations = listOperations(defaultSpec().document);
    const handled = new Set(Object.keys(moduleHandlers()));
    expect(unimplemented).toEqual(operations.map((op) => op.operationId).filter((id) => !handled.has(id)));

    // A request that needs nothing but the path: a GET without path or required parameters.
    const probe = operations.find(
      (op) =>
        unimplemented.includes(op.operationId) &&
        op.method === 'get' &&
        op.parameters.every((parameter) => parameter.in !== 'path' && parameter.required !== true),
    );
    if (probe === undefined) return;
    const response = await app.inject({ method: 'GET', url: probe.path, headers: adminAuthorization });
    expect(response.statusCode).toBe(501);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = response.json();
    expect(problem).toMatchObject({ code: 'not_implemented', status: 501, title: 'Not Implemented' });
    expect(problem.detail).toContain(probe.operationId);
    expect(problem.detail).toContain('later release');
  });
});
