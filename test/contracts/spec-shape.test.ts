import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

type Json = Record<string, unknown>;

const doc = parse(readFileSync(resolve(import.meta.dirname, '../../openapi.yaml'), 'utf8')) as Json;

const modules = ['monitoring', 'templates', 'packs', 'auth', 'users', 'compliance'];
const methods = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

/** Operations anyone may call: probes, discovery documents and the endpoints that hand out tokens. */
const publicOperations = [
  'getHealth',
  'getReadiness',
  'getMetrics',
  'getOpenApiDocument',
  'listPackSigningKeys',
  'createOAuthToken',
  'createDeviceAuthorization',
  'revokeOAuthToken',
  'getAuthorizationServerMetadata',
  'getJwks',
  'createSession',
].sort();

/** Operations any valid token may call, whatever its scopes. */
const anyScopeOperations = ['getCurrentUser'];

/** RFC 6749/8628/7009 endpoints answer their 400/401 in OAuth's own error shape, not problem+json. */
const oauthErrorOperations = ['createOAuthToken', 'createDeviceAuthorization', 'revokeOAuthToken'];

/** Creating POSTs that must not be replayed from an idempotency cache: each answers fresh credentials. */
const notIdempotent = ['createSession'];

function deref<T = Json>(node: unknown): T {
  let current = node as Json;
  const seen = new Set<string>();
  while (current && typeof current.$ref === 'string') {
    const ref = current.$ref;
    if (!ref.startsWith('#/') || seen.has(ref)) throw new Error(`unresolvable $ref ${ref}`);
    seen.add(ref);
    current = ref
      .slice(2)
      .split('/')
      .reduce<Json>((at, key) => at[key.replaceAll('~1', '/').replaceAll('~0', '~')] as Json, doc);
  }
  return current as T;
}

interface Operation {
  method: string;
  path: string;
  op: Json;
  parameters: Json[];
  responses: Record<string, Json>;
  id: string;
}

const operations: Operation[] = Object.entries(doc.paths as Record<string, Json>).flatMap(([path, item]) =>
  methods
    .filter((method) => item[method])
    .map((method) => {
      const op = item[method] as Json;
      const parameters = [...((item.parameters as Json[]) ?? []), ...((op.parameters as Json[]) ?? [])];
      return {
        method,
        path,
        op,
        parameters,
        responses: (op.responses ?? {}) as Record<string, Json>,
        id: String(op.operationId ?? `${method.toUpperCase()} ${path}`),
      };
    }),
);

const refsTo = (o: Operation, name: string) =>
  o.parameters.some((p) => p.$ref === `#/components/parameters/${name}`);
const responseSchema = (response: Json, media = 'application/json') =>
  deref<Json | undefined>(
    ((deref(response).content as Json | undefined)?.[media] as Json | undefined)?.schema,
  );
const secured = operations.filter((o) => !publicOperations.includes(o.id));

describe('openapi.yaml shape', () => {
  it('is OpenAPI 3.1 served from the root', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers).toEqual([expect.objectContaining({ url: '/' })]);
    expect(operations.length).toBeGreaterThan(40);
  });

  it('gives every operation a unique camelCase operationId', () => {
    const ids = operations.map((o) => o.op.operationId);
    for (const o of operations)
      expect(o.op.operationId, `${o.method} ${o.path}`).toMatch(/^[a-z][a-zA-Z0-9]+$/);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it('tags every operation with exactly one module', () => {
    for (const o of operations) {
      expect(o.op.tags, o.id).toHaveLength(1);
      expect(modules, o.id).toContain((o.op.tags as string[])[0]);
    }
    expect((doc.tags as Json[]).map((t) => t.name)).toEqual(modules);
  });

  it('declares security on every operation; only the allowlisted ones are public', () => {
    for (const o of operations)
      expect(Array.isArray(o.op.security), `${o.id} declares no security`).toBe(true);
    const open = operations.filter((o) => (o.op.security as unknown[]).length === 0).map((o) => o.id);
    expect(open.sort()).toEqual(publicOperations);
  });

  it('names exactly one known scope per secured operation', () => {
    const scopes = deref<Json>({ $ref: '#/components/schemas/Scope' }).enum;
    for (const o of secured) {
      expect(o.op.security, o.id).toEqual([{ bearerAuth: expect.any(Array) }]);
      const required = ((o.op.security as Json[])[0] as { bearerAuth: string[] }).bearerAuth;
      if (anyScopeOperations.includes(o.id)) {
        expect(required, o.id).toEqual([]);
      } else {
        expect(required, o.id).toHaveLength(1);
        expect(scopes, o.id).toContain(required[0]);
      }
    }
  });

  it('declares 401 and 403 on secured operations and 429 on every non-probe operation', () => {
    for (const o of secured) {
      expect(Object.keys(o.responses), o.id).toEqual(expect.arrayContaining(['401', '403']));
    }
    for (const o of operations.filter((o) => (o.op.tags as string[])[0] !== 'monitoring')) {
      expect(o.responses['429'], o.id).toEqual({ $ref: '#/components/responses/TooManyRequests' });
    }
  });

  it('answers errors as problem+json: a default response on every operation, and every 4xx', () => {
    const problem = deref<Json>({ $ref: '#/components/schemas/Problem' });
    expect(problem.required).toEqual(['type', 'title', 'status', 'code']);
    for (const o of operations) {
      expect(o.responses.default, o.id).toEqual({ $ref: '#/components/responses/Problem' });
      for (const [status, response] of Object.entries(o.responses)) {
        if (!/^4\d\d$/.test(status)) continue;
        if (oauthErrorOperations.includes(o.id) && (status === '400' || status === '401')) {
          expect(responseSchema(response), `${o.id} ${status}`).toBe(
            deref({ $ref: '#/components/schemas/OAuthError' }),
          );
          continue;
        }
        const schema = responseSchema(response, 'application/problem+json');
        expect(schema, `${o.id} ${status} is not problem+json`).toBe(problem);
      }
    }
  });

  it('paginates every list: limit and cursor in, items and nextCursor out', () => {
    const lists = operations.filter((o) => {
      const schema = o.responses['200'] && responseSchema(o.responses['200']);
      return schema && (schema.properties as Json | undefined)?.items !== undefined;
    });
    expect(lists.map((o) => o.id)).toEqual(
      expect.arrayContaining([
        'listTemplates',
        'listPacks',
        'listTokens',
        'listUsers',
        'listOrgs',
        'listAuditEvents',
      ]),
    );
    for (const o of lists) {
      expect(o.method, o.id).toBe('get');
      expect(refsTo(o, 'Limit') && refsTo(o, 'Cursor'), `${o.id} lacks limit/cursor`).toBe(true);
      const schema = responseSchema(o.responses['200'] as Json) as Json;
      const properties = schema.properties as Json;
      expect(deref<Json>(properties.items).type, o.id).toBe('array');
      expect(properties.nextCursor, o.id).toEqual({ $ref: '#/components/schemas/NextCursor' });
      expect(schema.required, o.id).toEqual(['items', 'nextCursor']);
    }
    expect(deref({ $ref: '#/components/schemas/NextCursor' })).toMatchObject({ type: ['string', 'null'] });
  });

  it('makes reads conditional: an ETag on 200 means If-None-Match in and 304 out', () => {
    const reads = operations.filter(
      (o) => o.method === 'get' && deref<Json>(o.responses['200'] ?? {}).headers,
    );
    for (const o of reads) {
      const headers = deref<Json>(o.responses['200']).headers as Json;
      if (!headers.ETag) continue;
      expect(refsTo(o, 'IfNoneMatch'), `${o.id} lacks If-None-Match`).toBe(true);
      expect(o.responses['304'], o.id).toEqual({ $ref: '#/components/responses/NotModified' });
    }
    expect(reads.map((o) => o.id)).toEqual(
      expect.arrayContaining(['getPack', 'getPackVersion', 'getPackTarball']),
    );
  });

  it('makes updates conditional: every PATCH takes If-Match and may answer 412', () => {
    for (const o of operations.filter((o) => o.method === 'patch')) {
      expect(refsTo(o, 'IfMatch'), `${o.id} lacks If-Match`).toBe(true);
      expect(o.responses['412'], o.id).toEqual({ $ref: '#/components/responses/PreconditionFailed' });
    }
  });

  it('lets every creating POST be retried with an Idempotency-Key', () => {
    const creating = operations.filter((o) => o.method === 'post' && o.responses['201']);
    for (const o of creating.filter((o) => !notIdempotent.includes(o.id))) {
      expect(refsTo(o, 'IdempotencyKey'), `${o.id} lacks Idempotency-Key`).toBe(true);
    }
  });

  it('documents the tarball download as immutable', () => {
    const tarball = operations.find((o) => o.id === 'getPackTarball') as Operation;
    expect((deref<Json>(tarball.responses['200']).headers as Json)['Cache-Control']).toEqual({
      $ref: '#/components/headers/CacheControlImmutable',
    });
  });

  it('keeps JSON request bodies strict, except the OAuth forms RFC 6749 says to read leniently', () => {
    for (const o of operations) {
      const content = (deref<Json>(o.op.requestBody ?? {}).content ?? {}) as Json;
      const json = content['application/json'] as Json | undefined;
      if (json) expect(deref<Json>(json.schema).additionalProperties, `${o.id} body`).toBe(false);
    }
  });

  it('uses no Google-style :verb paths and one segment per pack name', () => {
    for (const o of operations) expect(o.path, o.id).not.toMatch(/:[a-z]/i);
    const packPaths = operations.filter((o) => o.path.startsWith('/v1/packs/')).map((o) => o.path);
    for (const path of packPaths) expect(path).toMatch(/^\/v1\/packs\/\{packName\}(\/|$)/);
  });
});
