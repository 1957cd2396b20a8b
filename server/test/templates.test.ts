import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinTemplatesDir, loadTemplate, renderTemplate, resolveAnswers } from '@gtcx/core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { createTemplatesService } from '../src/modules/templates/service.js';
import { adminAuthorization, testConfig } from './support/config.js';
import { createTestStore, type TestStore } from './support/stores.js';

interface JsonFile {
  path: string;
  size: number;
  mode: number;
  sha256: string;
  encoding?: 'utf8' | 'base64';
  content?: string;
}

let testStore: TestStore;
let app: FastifyInstance;
let scratch: string;

beforeAll(async () => {
  testStore = await createTestStore('sqlite');
  app = await buildApp({ config: testConfig(testStore), store: testStore.store, logger: false });
  scratch = await mkdtemp(join(tmpdir(), 'gtcx-templates-test-'));
});

afterAll(async () => {
  await app?.close();
  await testStore?.dispose();
  await rm(scratch, { recursive: true, force: true });
});

const get = (url: string, headers: Record<string, string> = {}) =>
  app.inject({ method: 'GET', url, headers: { ...adminAuthorization, ...headers } });

const render = (payload: Record<string, unknown>, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: '/v1/renders', payload, headers: { ...adminAuthorization, ...headers } });

const tsLibAnswers = { name: '@acme/strings', author: 'Ada <ada@example.com>', license: 'Apache-2.0' };

describe('GET /v1/templates', () => {
  it('lists the built-in templates sorted by id, with their latest version', async () => {
    const response = await get('/v1/templates');
    expect(response.statusCode).toBe(200);
    const page = response.json();
    expect(page.nextCursor).toBeNull();
    expect(page.items.map((item: { id: string }) => item.id)).toEqual([
      'fastify-service',
      'oclif-cli',
      'ts-lib',
    ]);
    expect(page.items[0]).toEqual({
      id: 'fastify-service',
      name: 'fastify-service',
      version: '1.1.0',
      description: expect.stringContaining('Fastify'),
      source: 'builtin',
    });
  });

  it('pages with opaque cursors until nextCursor is null', async () => {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const response = await get(`/v1/templates?limit=1${cursor === null ? '' : `&cursor=${cursor}`}`);
      expect(response.statusCode).toBe(200);
      const page: { items: Array<{ id: string }>; nextCursor: string | null } = response.json();
      expect(page.items).toHaveLength(1);
      ids.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(ids).toEqual(['fastify-service', 'oclif-cli', 'ts-lib']);
  });

  it('filters by text in the id, name and description', async () => {
    expect((await get('/v1/templates?q=OCLIF')).json().items.map((item: { id: string }) => item.id)).toEqual([
      'oclif-cli',
    ]);
    expect((await get('/v1/templates?q=no-such-thing')).json()).toEqual({ items: [], nextCursor: null });
  });

  it('refuses a cursor it did not issue, naming the parameter', async () => {
    const response = await get('/v1/templates?cursor=%21%21not-a-cursor');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      code: 'validation_failed',
      errors: [{ field: 'querystring.cursor', message: expect.any(String) }],
    });
  });
});

describe('GET /v1/templates/{templateId}', () => {
  it('shows a template with every version, highest first, and the questions of the latest', async () => {
    const response = await get('/v1/templates/fastify-service');
    expect(response.statusCode).toBe(200);
    const template = response.json();
    expect(template).toMatchObject({
      id: 'fastify-service',
      version: '1.1.0',
      versions: ['1.1.0', '1.0.0'],
      source: 'builtin',
    });
    const port = template.questions.find((question: { name: string }) => question.name === 'port');
    expect(port).toEqual({
      name: 'port',
      type: 'number',
      message: 'Port to listen on',
      help: expect.any(String),
      default: 3000,
      // A question with a default never lacks an answer.
      required: false,
      validate: { min: 1, max: 65535, message: 'a TCP port from 1 to 65535' },
    });
    const logLevel = template.questions.find((question: { name: string }) => question.name === 'logLevel');
    expect(logLevel.choices).toContainEqual({ value: 'info', label: 'info' });
  });

  it('describes an older version on request, and answers 404 naming the versions for an unknown one', async () => {
    expect((await get('/v1/templates/fastify-service?version=1.0.0')).json().version).toBe('1.0.0');
    const missing = await get('/v1/templates/fastify-service?version=9.9.9');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().detail).toContain('1.0.0, 1.1.0');
  });

  it('carries an ETag and answers 304 to a matching If-None-Match', async () => {
    const first = await get('/v1/templates/oclif-cli');
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    const again = await get('/v1/templates/oclif-cli', { 'if-none-match': `W/"other", ${etag}` });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.etag).toBe(etag);
    expect((await get('/v1/templates/ts-lib', { 'if-none-match': etag })).statusCode).toBe(200);
  });

  it('answers 404 for an unknown template and for a pack template not installed', async () => {
    for (const id of ['no-such-template', '%40acme%2Fweb%2Fservice']) {
      const response = await get(`/v1/templates/${id}`);
      expect(response.statusCode).toBe(404);
      expect(response.json()).toMatchObject({
        code: 'not_found',
        hint: expect.stringContaining('/v1/templates'),
      });
    }
  });

  it('refuses a git URL or a path with 400 saying the server only knows installed templates', async () => {
    const url = await get(`/v1/templates/${encodeURIComponent('https://github.com/acme/template.git')}`);
    expect(url.statusCode).toBe(400);
    expect(url.json()).toMatchObject({
      code: 'bad_request',
      detail: expect.stringContaining('is a git URL'),
      errors: [{ field: 'params.templateId', message: expect.any(String) }],
    });
    const path = await get(`/v1/templates/${encodeURIComponent('../../etc')}`);
    expect(path.statusCode).toBe(400);
    expect(path.json().detail).toContain('is a local path');
  });
});

describe('POST /v1/renders', () => {
  it('renders ts-lib to the same files as core renderTemplate with the same answers', async () => {
    const response = await render({ template: 'ts-lib', answers: tsLibAnswers, useDefaults: true });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ template: 'ts-lib', version: '1.0.0', dryRun: false, hooks: [] });

    const template = await loadTemplate(join(builtinTemplatesDir(), 'ts-lib'));
    const answers = await resolveAnswers(template.manifest, { provided: tsLibAnswers, useDefaults: true });
    const expected = await renderTemplate(template, answers, { gtcxVersion: '0.1.0' });
    const files: JsonFile[] = body.files;
    expect(files.map((file) => file.path)).toEqual([...expected.keys()].sort());
    for (const file of files) {
      const content = Buffer.from(file.content ?? '', file.encoding === 'base64' ? 'base64' : 'utf8');
      const want = expected.get(file.path)?.content;
      expect(content.equals(want ?? Buffer.alloc(1)), file.path).toBe(true);
      expect(file.size).toBe(content.length);
      expect(file.sha256).toBe(createHash('sha256').update(content).digest('hex'));
      expect([0o644, 0o755]).toContain(file.mode);
    }
    const packageJson = JSON.parse(files.find((file) => file.path === 'package.json')?.content ?? '{}');
    expect(packageJson.name).toBe('@acme/strings');
    expect(files.find((file) => file.path === 'LICENSE')?.content).toContain('Apache License');
  });

  it('answers a deterministic tar.gz for Accept: application/gzip that GNU tar extracts to the JSON files', async () => {
    const payload = {
      template: 'fastify-service',
      answers: { name: 'orders', usePostgres: true },
      useDefaults: true,
    };
    const gzip = await render(payload, { accept: 'application/gzip' });
    expect(gzip.statusCode).toBe(200);
    expect(gzip.headers['content-type']).toBe('application/gzip');
    expect(gzip.headers['content-disposition']).toBe('attachment; filename="fastify-service-1.1.0.tar.gz"');
    const again = await render(payload, { accept: 'application/json;q=0.5, application/gzip' });
    expect(again.rawPayload.equals(gzip.rawPayload)).toBe(true);

    const dir = join(scratch, 'fastify-service');
    await mkdir(dir);
    await writeFile(join(scratch, 'fastify-service.tar.gz'), gzip.rawPayload);
    execFileSync('tar', ['-xzf', join(scratch, 'fastify-service.tar.gz'), '-C', dir]);
    const json: JsonFile[] = (await render(payload)).json().files;
    expect(await listFiles(dir)).toEqual(json.map((file) => file.path).sort());
    for (const file of json) {
      const extracted = await readFile(join(dir, file.path));
      const content = Buffer.from(file.content ?? '', file.encoding === 'base64' ? 'base64' : 'utf8');
      expect(extracted.equals(content), file.path).toBe(true);
      expect((await stat(join(dir, file.path))).mode & 0o777).toBe(file.mode);
    }
  });

  it('answers a dry run as JSON without contents, whatever the Accept header', async () => {
    const response = await render(
      { template: 'oclif-cli', answers: { name: 'acme' }, useDefaults: true, dryRun: true },
      { accept: 'application/gzip' },
    );
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const body = response.json();
    expect(body.dryRun).toBe(true);
    expect(body.files.length).toBeGreaterThan(3);
    for (const file of body.files) {
      expect(Object.keys(file).sort()).toEqual(['mode', 'path', 'sha256', 'size']);
    }
  });

  it('refuses an invalid, unknown or missing answer with 400 naming the question', async () => {
    const invalid = await render({ template: 'ts-lib', answers: { name: 'Not A Name' }, useDefaults: true });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json()).toMatchObject({
      code: 'validation_failed',
      detail: expect.stringContaining('"name"'),
      errors: [{ field: 'body.answers.name', message: expect.stringContaining('npm package name') }],
    });
    const unknown = await render({ template: 'ts-lib', answers: { name: 'ok', colour: 'red' } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors).toEqual([
      { field: 'body.answers.colour', message: 'is not a question of ts-lib' },
    ]);
    const missing = await render({ template: 'ts-lib', answers: {} });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({
      errors: expect.arrayContaining([{ field: 'body.answers.name', message: 'is required' }]),
      hint: expect.stringContaining('useDefaults'),
    });
    const wrongType = await render({ template: 'fastify-service', answers: { name: 'svc', port: 'http' } });
    expect(wrongType.json().errors).toEqual([{ field: 'body.answers.port', message: 'must be a number' }]);
  });

  it('answers 404 for an unknown template or version', async () => {
    const unknown = await render({ template: 'no-such-template', useDefaults: true });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('not_found');
    const version = await render({ template: 'ts-lib', version: '2.0.0', answers: { name: 'x' } });
    expect(version.statusCode).toBe(404);
  });

  it.each([
    ['https://github.com/acme/template.git', 'a git URL'],
    ['git@github.com:acme/template.git', 'a git URL'],
    ['file:///srv/templates/x', 'a git URL'],
    ['./templates/ts-lib', 'a local path'],
    ['/etc', 'a local path'],
    ['~/templates/x', 'a local path'],
    ['templates/ts-lib', 'a local path'],
  ])('refuses %s with 400: the server renders only its own templates', async (template, what) => {
    const response = await render({ template, useDefaults: true });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      code: 'bad_request',
      detail: expect.stringContaining(`is ${what}: the server renders only built-in templates`),
      hint: expect.stringContaining('gtcx new'),
      errors: [{ field: 'body.template', message: expect.any(String) }],
    });
  });

  it('answers 406 when Accept excludes both JSON and gzip', async () => {
    const response = await render({ template: 'ts-lib', answers: { name: 'x' } }, { accept: 'text/html' });
    expect(response.statusCode).toBe(406);
    expect(response.json().code).toBe('not_acceptable');
  });

  it('refuses a body over the size limit with 413', async () => {
    const response = await render({
      template: 'ts-lib',
      answers: { name: 'x', description: 'y'.repeat(1_100_000) },
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().code).toBe('payload_too_large');
  });
});

describe('createTemplatesService', () => {
  it('lists hooks for the caller and never runs them', async () => {
    const root = join(scratch, 'builtin');
    const dir = join(root, 'hooked');
    await mkdir(join(dir, 'files'), { recursive: true });
    const marker = join(scratch, 'hook-ran');
    await writeFile(
      join(dir, 'template.yaml'),
      `name: hooked\nversion: 0.2.0\nhooks:\n  pre: ["touch ${marker}-pre"]\n  post: ["touch ${marker}-post"]\n`,
    );
    await writeFile(join(dir, 'files', 'run.sh'), '#!/bin/sh\necho hi\n', { mode: 0o775 });
    const service = createTemplatesService({ builtinRoot: root, gtcxVersion: '0.1.0' });
    const result = await service.render({ template: 'hooked' });
    expect(result.hooks).toEqual([
      { stage: 'pre', command: `touch ${marker}-pre` },
      { stage: 'post', command: `touch ${marker}-post` },
    ]);
    expect(result.files).toEqual([
      expect.objectContaining({
        path: 'run.sh',
        mode: 0o755,
        size: 18,
        content: Buffer.from('#!/bin/sh\necho hi\n'),
      }),
    ]);
    expect(await readdir(scratch)).not.toContain('hook-ran-pre');
    expect(await readdir(scratch)).not.toContain('hook-ran-post');
  });
});

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(join(dir, prefix), { withFileTypes: true })) {
    const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) files.push(...(await listFiles(dir, relative)));
    else files.push(relative);
  }
  return files.sort();
}
