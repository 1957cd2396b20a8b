import { describe, expect, it } from 'vitest';
import { defaultSpec, loadOpenApiDocument } from '../src/spec/load.js';
import { listOperations, pathPattern, toFastifyUrl } from '../src/spec/operations.js';
import { componentSchemasId, resolve, retargetRefs } from '../src/spec/refs.js';
import type { OpenApiDocument } from '../src/spec/types.js';
import { createAjv } from '../src/validation/ajv.js';
import { compileAllResponseSchemas } from '../src/validation/response.js';

describe('the contract as the server reads it', () => {
  const spec = defaultSpec();
  const operations = listOperations(spec.document);

  it('finds every operation with an id and a module', () => {
    const ids = operations.map((op) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(
      expect.arrayContaining(['getHealth', 'getReadiness', 'getMetrics', 'getOpenApiDocument']),
    );
    expect(operations.find((op) => op.operationId === 'getHealth')).toMatchObject({
      module: 'monitoring',
      method: 'get',
      path: '/healthz',
      url: '/healthz',
    });
  });

  it('compiles every response schema', () => {
    expect(compileAllResponseSchemas(createAjv(spec.document, 'response'), operations)).toBeGreaterThan(
      operations.length,
    );
  });

  it('resolves shared parameters of a path item', () => {
    const getPack = operations.find((op) => op.operationId === 'getPackVersion');
    expect(getPack?.parameters.filter((p) => p.in === 'path').map((p) => p.name)).toEqual([
      'packName',
      'version',
    ]);
  });
});

describe('spec helpers', () => {
  it('converts path templates to Fastify routes and request matchers', () => {
    expect(toFastifyUrl('/v1/packs/{packName}/versions/{version}')).toBe(
      '/v1/packs/:packName/versions/:version',
    );
    expect(toFastifyUrl('/v1/packs:search')).toBe('/v1/packs::search');
    expect(pathPattern('/v1/packs/{packName}').test('/v1/packs/@acme%2Fweb')).toBe(true);
    expect(pathPattern('/v1/packs/{packName}').test('/v1/packs/a/b')).toBe(false);
    expect(pathPattern('/.well-known/jwks.json').test('/.well-known/jwksxjson')).toBe(false);
  });

  it('retargets schema references into the shared component schema', () => {
    expect(retargetRefs({ items: { $ref: '#/components/schemas/Pack' } })).toEqual({
      items: { $ref: `${componentSchemasId}#/$defs/Pack` },
    });
    expect(() => retargetRefs({ $ref: 'other.yaml#/Pack' })).toThrow(
      'does not point into #/components/schemas',
    );
  });

  it('refuses dangling and circular references', () => {
    const document = {
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
      components: {
        parameters: { A: { $ref: '#/components/parameters/B' }, B: { $ref: '#/components/parameters/A' } },
      },
    } as OpenApiDocument;
    expect(() => resolve(document, { $ref: '#/components/parameters/A' })).toThrow('circular $ref');
    expect(() => resolve(document, { $ref: '#/components/parameters/C' })).toThrow('points at nothing');
  });

  it('refuses a document that is not OpenAPI 3.1', () => {
    expect(() => loadOpenApiDocument(new URL('../package.json', import.meta.url).pathname)).toThrow(
      'is not an OpenAPI 3.1 document',
    );
  });
});
