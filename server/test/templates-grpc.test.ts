import { type Client, credentials, Metadata, type ServiceError, status } from '@grpc/grpc-js';
import {
  type CreateRenderRequest,
  type CreateRenderResponse,
  type GetTemplateResponse,
  HealthClient,
  type ListTemplatesResponse,
  PackServiceClient,
  QuestionType,
  RenderOutput,
  RenderServiceClient,
  HealthCheckResponse_ServingStatus as ServingStatus,
  TemplateServiceClient,
  TemplateSource,
} from '@gtcx/sdk/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../src/main.js';
import { testAdminToken, testConfig } from './support/config.js';
import { createTestStore, type TestStore } from './support/stores.js';

let testStore: TestStore;
let server: RunningServer;
let templates: TemplateServiceClient;
let renders: RenderServiceClient;
const clients: Client[] = [];

beforeAll(async () => {
  testStore = await createTestStore('sqlite');
  server = await startServer(testConfig(testStore), { logger: false });
  templates = new TemplateServiceClient(server.grpcAddress, credentials.createInsecure());
  renders = new RenderServiceClient(server.grpcAddress, credentials.createInsecure());
  clients.push(templates, renders);
});

afterAll(async () => {
  for (const client of clients) client.close();
  await server?.close();
  await testStore?.dispose();
});

/** The admin token unless told otherwise; null sends no credentials at all. */
function metadata(token: string | null): Metadata {
  const values = new Metadata();
  if (token !== null) values.set('authorization', `Bearer ${token}`);
  return values;
}

type Unary<Request, Response> = (
  request: Request,
  metadata: Metadata,
  options: { deadline: number },
  callback: (error: ServiceError | null, response: Response) => void,
) => unknown;

function call<Request, Response>(
  method: Unary<Request, Response>,
  client: Client,
  request: Request,
  token?: string | null,
): Promise<Response> {
  return new Promise((resolve, reject) => {
    method.call(
      client,
      request,
      metadata(token === undefined ? testAdminToken : token),
      { deadline: Date.now() + 10_000 },
      (error, response) => (error ? reject(error) : resolve(response)),
    );
  });
}

const listTemplates = (
  request: { query: string; pageSize: number; pageToken: string },
  token?: string | null,
) => call<typeof request, ListTemplatesResponse>(templates.listTemplates as never, templates, request, token);
const getTemplate = (request: { id: string; version: string }, token?: string | null) =>
  call<typeof request, GetTemplateResponse>(templates.getTemplate as never, templates, request, token);
const createRender = (request: Partial<CreateRenderRequest>, token?: string | null) =>
  call<CreateRenderRequest, CreateRenderResponse>(
    renders.createRender as never,
    renders,
    {
      template: '',
      version: '',
      answers: undefined,
      useDefaults: false,
      dryRun: false,
      output: RenderOutput.RENDER_OUTPUT_UNSPECIFIED,
      ...request,
    },
    token,
  );

async function rejection(promise: Promise<unknown>): Promise<ServiceError> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: ServiceError) => error,
  );
}

describe('gtcx.v1.TemplateService', () => {
  it('lists the built-in templates page by page', async () => {
    const all = await listTemplates({ query: '', pageSize: 0, pageToken: '' });
    expect(all.templates.map((template) => template.id)).toEqual(['fastify-service', 'oclif-cli', 'ts-lib']);
    expect(all.nextPageToken).toBe('');
    expect(all.templates[0]).toMatchObject({
      version: '1.1.0',
      source: TemplateSource.TEMPLATE_SOURCE_BUILTIN,
    });

    const first = await listTemplates({ query: '', pageSize: 2, pageToken: '' });
    expect(first.templates).toHaveLength(2);
    const second = await listTemplates({ query: '', pageSize: 2, pageToken: first.nextPageToken });
    expect(second.templates.map((template) => template.id)).toEqual(['ts-lib']);
    expect(second.nextPageToken).toBe('');

    const error = await rejection(listTemplates({ query: '', pageSize: 500, pageToken: '' }));
    expect(error.code).toBe(status.INVALID_ARGUMENT);
  });

  it('shows a template with its versions and typed questions', async () => {
    const { template } = await getTemplate({ id: 'fastify-service', version: '' });
    expect(template).toMatchObject({ id: 'fastify-service', version: '1.1.0', versions: ['1.1.0', '1.0.0'] });
    const port = template?.questions.find((question) => question.name === 'port');
    expect(port).toMatchObject({
      type: QuestionType.QUESTION_TYPE_NUMBER,
      default: 3000,
      validate: { min: 1, max: 65535, pattern: '' },
    });
    const older = await getTemplate({ id: 'fastify-service', version: '1.0.0' });
    expect(older.template?.version).toBe('1.0.0');
  });

  it('answers NOT_FOUND for an unknown template and INVALID_ARGUMENT for a git URL, with the gtcx code', async () => {
    const missing = await rejection(getTemplate({ id: 'no-such-template', version: '' }));
    expect(missing.code).toBe(status.NOT_FOUND);
    expect(missing.details).toContain('no-such-template');
    expect(missing.metadata.get('gtcx-code')).toEqual(['not_found']);
    const url = await rejection(getTemplate({ id: 'https://github.com/acme/x.git', version: '' }));
    expect(url.code).toBe(status.INVALID_ARGUMENT);
    expect(url.details).toContain('is a git URL');
  });
});

describe('gtcx.v1.RenderService', () => {
  const answers = { name: '@acme/strings', license: 'MIT' };

  it('renders the same files as POST /v1/renders, and the same tar.gz', async () => {
    const rest = await fetch(`${server.url}/v1/renders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${testAdminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ template: 'ts-lib', answers, useDefaults: true }),
    });
    expect(rest.status).toBe(200);
    const json: {
      files: Array<{ path: string; mode: number; sha256: string; content: string; encoding: string }>;
    } = (await rest.json()) as never;

    const files = await createRender({ template: 'ts-lib', answers, useDefaults: true });
    expect(files).toMatchObject({ template: 'ts-lib', version: '1.0.0', dryRun: false, hooks: [] });
    expect(files.tarball.length).toBe(0);
    expect(files.files.map((file) => [file.path, file.mode, file.sha256])).toEqual(
      json.files.map((file) => [file.path, file.mode, file.sha256]),
    );
    for (const [index, file] of files.files.entries()) {
      const restFile = json.files[index];
      expect(
        file.content.equals(Buffer.from(restFile?.content ?? '', restFile?.encoding as BufferEncoding)),
      ).toBe(true);
    }

    const tarball = await createRender({
      template: 'ts-lib',
      answers,
      useDefaults: true,
      output: RenderOutput.RENDER_OUTPUT_TARBALL,
    });
    expect(tarball.files).toEqual([]);
    const restGzip = await fetch(`${server.url}/v1/renders`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${testAdminToken}`,
        'content-type': 'application/json',
        accept: 'application/gzip',
      },
      body: JSON.stringify({ template: 'ts-lib', answers, useDefaults: true }),
    });
    expect(restGzip.headers.get('content-type')).toBe('application/gzip');
    expect(Buffer.from(await restGzip.arrayBuffer()).equals(tarball.tarball)).toBe(true);
  });

  it('answers a dry run without contents', async () => {
    const plan = await createRender({
      template: 'oclif-cli',
      answers: { name: 'acme' },
      useDefaults: true,
      dryRun: true,
      output: RenderOutput.RENDER_OUTPUT_TARBALL,
    });
    expect(plan.dryRun).toBe(true);
    expect(plan.tarball.length).toBe(0);
    expect(plan.files.length).toBeGreaterThan(3);
    expect(plan.files.every((file) => file.content.length === 0 && file.sha256.length === 64)).toBe(true);
  });

  it('answers INVALID_ARGUMENT naming the question for a bad answer', async () => {
    const error = await rejection(createRender({ template: 'ts-lib', answers: { name: 'Not A Name' } }));
    expect(error.code).toBe(status.INVALID_ARGUMENT);
    expect(error.details).toContain('"name"');
    expect(error.metadata.get('gtcx-code')).toEqual(['validation_failed']);
    const path = await rejection(createRender({ template: '../etc', useDefaults: true }));
    expect(path.code).toBe(status.INVALID_ARGUMENT);
    expect(path.details).toContain('is a local path');
  });
});

describe('gRPC credentials', () => {
  it('refuses anonymous and wrong-token calls with UNAUTHENTICATED, on every service', async () => {
    const anonymous = await rejection(listTemplates({ query: '', pageSize: 0, pageToken: '' }, null));
    expect(anonymous.code).toBe(status.UNAUTHENTICATED);
    expect(anonymous.details).toContain('no Authorization');
    const wrong = await rejection(createRender({ template: 'ts-lib' }, 'not-the-admin-token-at-all'));
    expect(wrong.code).toBe(status.UNAUTHENTICATED);
    expect(wrong.details).toContain('neither an access token nor a gtcx_ personal access token');
    expect(wrong.metadata.get('gtcx-code')).toEqual(['unauthenticated']);

    const packs = new PackServiceClient(server.grpcAddress, credentials.createInsecure());
    clients.push(packs);
    const anonymousPacks = await rejection(
      new Promise((resolve, reject) =>
        packs.getPack({ name: '@acme/web' }, (error, response) =>
          error ? reject(error) : resolve(response),
        ),
      ),
    );
    expect(anonymousPacks.code).toBe(status.UNAUTHENTICATED);
  });

  it('keeps the health service public', async () => {
    const health = new HealthClient(server.grpcAddress, credentials.createInsecure());
    clients.push(health);
    const answer = await new Promise((resolve, reject) =>
      health.check({ service: 'gtcx.v1.TemplateService' }, (error, response) =>
        error ? reject(error) : resolve(response),
      ),
    );
    expect(answer).toEqual({ status: ServingStatus.SERVING });
  });
});
