import { type Client, credentials, Metadata, type ServiceError, status } from '@grpc/grpc-js';
import { resolveRange, verifyPackSignature } from '@gtcx/core';
import { PackServiceClient } from '@gtcx/sdk/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../src/main.js';
import { buildSamplePack } from './packs-support.js';
import { adminAuthorization, testAdminToken, testConfig } from './support/config.js';
import { createTestStore, type TestStore } from './support/stores.js';

type Unary<Request, Response> = (
  request: Request,
  metadata: Metadata,
  options: { deadline: number },
  callback: (error: ServiceError | null, response: Response) => void,
) => unknown;

describe.each(['sqlite', 'postgres'] as const)('packs on a listening server (%s)', (dialect) => {
  let testStore: TestStore;
  let server: RunningServer;
  let packs: PackServiceClient;

  beforeAll(async () => {
    testStore = await createTestStore(dialect);
    server = await startServer(testConfig(testStore), { logger: false });
    packs = new PackServiceClient(server.grpcAddress, credentials.createInsecure());
    for (const version of ['1.0.0', '1.1.0']) {
      const built = await buildSamplePack({ name: '@acme/grpc', version, keywords: ['grpc'] });
      const response = await fetch(`${server.url}/v1/packs/%40acme%2Fgrpc/versions/${version}`, {
        method: 'PUT',
        headers: { ...adminAuthorization, 'content-type': 'application/gzip' },
        body: built.tarball,
      });
      expect(response.status).toBe(201);
    }
  });

  afterAll(async () => {
    packs?.close();
    await server?.close();
    await testStore?.dispose();
  });

  function call<Request, Response>(method: Unary<Request, Response>, request: Request): Promise<Response> {
    const metadata = new Metadata();
    metadata.set('authorization', `Bearer ${testAdminToken}`);
    return new Promise((resolve, reject) => {
      method.call(packs as Client, request, metadata, { deadline: Date.now() + 10_000 }, (error, response) =>
        error ? reject(error) : resolve(response),
      );
    });
  }

  it('serves packument, tarball and keys over HTTP that the CLI can resolve and verify', async () => {
    const packument = await (
      await fetch(`${server.url}/v1/packs/%40acme%2Fgrpc`, { headers: adminAuthorization })
    ).json();
    const keys = await (await fetch(`${server.url}/.well-known/gtcx/pack-signing-keys`)).json();
    const resolved = resolveRange(packument, '^1.0.0');
    expect(resolved.version.version).toBe('1.1.0');
    const tarball = await fetch(new URL(resolved.version.dist.tarball, server.url), {
      headers: adminAuthorization,
    });
    expect(tarball.status).toBe(200);
    expect(tarball.headers.get('etag')).toBe(`"${resolved.version.dist.integrity}"`);
    const subject = { name: '@acme/grpc', version: '1.1.0', integrity: resolved.version.dist.integrity };
    expect(verifyPackSignature(subject, resolved.version.dist.signatures, keys.keys).keyId).toBe(
      keys.keys[0].keyId,
    );
  });

  it('answers GetPack, GetPackVersion, ListPacks and ListSigningKeys from the same data as REST', async () => {
    const rest = await (
      await fetch(`${server.url}/v1/packs/%40acme%2Fgrpc`, { headers: adminAuthorization })
    ).json();
    const { pack } = await call(packs.getPack, { name: '@acme/grpc' });
    expect(pack?.distTags).toEqual({ latest: '1.1.0' });
    expect(Object.keys(pack?.versions ?? {}).sort()).toEqual(['1.0.0', '1.1.0']);
    expect(pack?.versions['1.1.0']?.dist).toEqual(rest.versions['1.1.0'].dist);
    expect(pack?.updatedAt?.toISOString()).toBe(rest.updatedAt);

    const { version } = await call(packs.getPackVersion, { name: '@acme/grpc', version: '1.0.0' });
    expect(version).toMatchObject({
      version: '1.0.0',
      templates: ['svc'],
      yanked: false,
      publishedBy: 'admin',
    });
    expect(version?.deprecationMessage).toBeUndefined();

    const list = await call(packs.listPacks, {
      query: 'grpc',
      keyword: '',
      scope: '@acme',
      pageSize: 0,
      pageToken: '',
    });
    expect(list.packs.map((item) => [item.name, item.latestVersion])).toEqual([['@acme/grpc', '1.1.0']]);
    expect(list.nextPageToken).toBe('');

    const keys = await call(packs.listSigningKeys, {});
    const restKeys = await (await fetch(`${server.url}/.well-known/gtcx/pack-signing-keys`)).json();
    expect(keys.keys.map((key) => key.keyId)).toEqual(
      restKeys.keys.map((key: { keyId: string }) => key.keyId),
    );
  });

  it('answers an unknown pack with NOT_FOUND and its hint', async () => {
    const error = (await call(packs.getPack, { name: '@acme/none' }).catch(
      (caught: unknown) => caught,
    )) as ServiceError;
    expect(error.code).toBe(status.NOT_FOUND);
    expect(error.details).toBe('pack @acme/none does not exist on this server');
    expect(error.metadata.get('gtcx-code')).toEqual(['not_found']);
    const invalid = (await call(packs.getPackVersion, { name: '@acme/grpc', version: '^1' }).catch(
      (caught: unknown) => caught,
    )) as ServiceError;
    expect(invalid.code).toBe(status.INVALID_ARGUMENT);
  });
});
