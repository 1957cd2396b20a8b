import { credentials, Metadata, type ServiceError, status } from '@grpc/grpc-js';
import type { Store } from '@gtcx/core';
import * as proto from '@gtcx/sdk/proto';
import { PackServiceClient, TokenServiceClient } from '@gtcx/sdk/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operationIdOfRpc, peerAddress } from '../src/auth/grpc.js';
import { type RunningServer, startServer } from '../src/main.js';
import { signAccessToken } from '../src/modules/auth/index.js';
import { defaultSpec } from '../src/spec/load.js';
import { listOperations } from '../src/spec/operations.js';
import { testConfig } from './support/config.js';
import {
  auditRows,
  createTokenFor,
  createUserWithToken,
  setUserDisabled,
  type TestIdentity,
} from './support/identity.js';
import { createTestStore, type TestStore } from './support/stores.js';

interface MethodDefinition {
  path: string;
}

/** Every method path of every generated gtcx.v1 service. */
function gtcxRpcPaths(): string[] {
  return Object.values(proto as Record<string, unknown>).flatMap((value) => {
    if (typeof value !== 'object' || value === null) return [];
    const methods = Object.values(value) as Array<Partial<MethodDefinition>>;
    const isService =
      methods.length > 0 &&
      methods.every((method) => typeof method?.path === 'string' && method.path.startsWith('/gtcx.v1.'));
    return isService ? methods.map((method) => method.path as string) : [];
  });
}

describe('which operation each RPC answers for', () => {
  it('maps every gtcx.v1 RPC to an operation of openapi.yaml, whose scope it takes', () => {
    const operationIds = new Set(
      listOperations(defaultSpec().document).map((operation) => operation.operationId),
    );
    const paths = gtcxRpcPaths();
    expect(paths).toEqual(
      expect.arrayContaining(['/gtcx.v1.PackService/GetPack', '/gtcx.v1.TokenService/IntrospectToken']),
    );
    for (const path of paths)
      expect(operationIds, `${path} -> ${operationIdOfRpc(path)}`).toContain(operationIdOfRpc(path));
    expect(operationIdOfRpc('/gtcx.v1.PackService/ListSigningKeys')).toBe('listPackSigningKeys');
    expect(operationIdOfRpc('/gtcx.v1.TokenService/IntrospectToken')).toBe('introspectOAuthToken');
    expect(operationIdOfRpc('/gtcx.v1.TemplateService/GetTemplate')).toBe('getTemplate');
  });

  it('reads the caller address from grpc-js peers', () => {
    expect(peerAddress('ipv4:10.1.2.3:50000')).toBe('10.1.2.3');
    expect(peerAddress('ipv6:[::1]:50000')).toBe('::1');
    expect(peerAddress('127.0.0.1:1')).toBe('127.0.0.1');
    expect(peerAddress('unix:/tmp/socket')).toBeUndefined();
  });
});

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`the auth gate over gRPC (${dialect})`, () => {
    let testStore: TestStore;
    let server: RunningServer;
    let store: Store;
    let packs: PackServiceClient;
    let tokens: TokenServiceClient;
    let frank: TestIdentity;

    beforeAll(async () => {
      testStore = await createTestStore(dialect);
      server = await startServer(testConfig(testStore), { logger: false });
      store = server.store;
      packs = new PackServiceClient(server.grpcAddress, credentials.createInsecure());
      tokens = new TokenServiceClient(server.grpcAddress, credentials.createInsecure());
      frank = await createUserWithToken(store, {
        username: 'frank',
        scopes: ['packs:read', 'tokens:introspect'],
      });
    });

    afterAll(async () => {
      packs?.close();
      tokens?.close();
      await server?.close();
      await testStore?.dispose();
    });

    function metadataWith(token?: string): Metadata {
      const metadata = new Metadata();
      if (token !== undefined) metadata.set('authorization', `Bearer ${token}`);
      return metadata;
    }

    function getPack(token?: string): Promise<unknown> {
      return new Promise((resolve, reject) =>
        packs.getPack(
          { name: '@nobody/nothing' },
          metadataWith(token),
          { deadline: Date.now() + 10_000 },
          (error, response) => (error ? reject(error) : resolve(response)),
        ),
      );
    }

    async function refusal(call: Promise<unknown>): Promise<ServiceError> {
      try {
        await call;
      } catch (error) {
        return error as ServiceError;
      }
      throw new Error('the call was not refused');
    }

    async function expectRefused(token: string | undefined, code: status, reason: string) {
      const error = await refusal(getPack(token));
      expect(error.code, reason).toBe(code);
      expect(error.metadata.get('gtcx-code')[0]).toBe(
        code === status.UNAUTHENTICATED ? 'unauthenticated' : 'forbidden',
      );
      const rows = await auditRows(store, 'auth.refused');
      expect(rows[rows.length - 1]).toMatchObject({
        target: 'operation:getPack',
        outcome: 'failure',
        details: expect.objectContaining({ reason, transport: 'grpc' }),
      });
      return error;
    }

    it('lets a token holding the scope through to the module', async () => {
      const error = await refusal(getPack(frank.token));
      expect(error.code).toBe(status.NOT_FOUND);
      const signed = await signAccessToken(
        store,
        { userId: frank.userId, subject: 'frank', kind: 'user', scopes: ['packs:read'] },
        { issuer: 'http://127.0.0.1' },
      );
      expect((await refusal(getPack(signed.accessToken))).code).toBe(status.NOT_FOUND);
    });

    it('ends calls without or with bad credentials with UNAUTHENTICATED, audited', async () => {
      const anonymous = await expectRefused(undefined, status.UNAUTHENTICATED, 'missing_credentials');
      expect(anonymous.details).toContain('no Authorization header');
      await expectRefused('junk', status.UNAUTHENTICATED, 'malformed');
      const expired = await signAccessToken(
        store,
        { userId: frank.userId, subject: 'frank', kind: 'user', scopes: ['packs:read'] },
        { issuer: 'http://127.0.0.1', now: new Date(Date.now() - 3600_000) },
      );
      await expectRefused(expired.accessToken, status.UNAUTHENTICATED, 'expired');
      const grace = await createUserWithToken(store, { username: 'grace', scopes: ['packs:read'] });
      await setUserDisabled(store, grace.userId, true);
      await expectRefused(grace.token, status.UNAUTHENTICATED, 'user_disabled');
    });

    it('ends calls whose token lacks the scope, or comes from outside its networks, with PERMISSION_DENIED', async () => {
      const templatesOnly = await createTokenFor(store, frank, { scopes: ['templates:read'] });
      const scope = await expectRefused(templatesOnly.token, status.PERMISSION_DENIED, 'insufficient_scope');
      expect(scope.details).toBe('getPack requires the packs:read scope; this token carries templates:read');
      const elsewhere = await createTokenFor(store, frank, {
        scopes: ['packs:read'],
        cidrAllowlist: ['10.0.0.0/8'],
      });
      await expectRefused(elsewhere.token, status.PERMISSION_DENIED, 'outside_cidr');
    });

    it('keeps ListSigningKeys public', async () => {
      const keys = await new Promise<unknown>((resolve, reject) =>
        packs.listSigningKeys({}, new Metadata(), { deadline: Date.now() + 10_000 }, (error, response) =>
          error ? reject(error) : resolve(response),
        ),
      );
      expect(keys).toMatchObject({ keys: expect.any(Array) });
    });

    it('introspects tokens through TokenService with tokens:introspect, as REST does', async () => {
      const introspect = (token: string, caller: string) =>
        new Promise<proto.IntrospectTokenResponse>((resolve, reject) =>
          tokens.introspectToken(
            { token, tokenTypeHint: '' },
            metadataWith(caller),
            { deadline: Date.now() + 10_000 },
            (error, response) => (error ? reject(error) : resolve(response)),
          ),
        );
      const answer = await introspect(frank.token, frank.token);
      expect(answer).toMatchObject({
        active: true,
        scopes: ['packs:read', 'tokens:introspect'],
        username: 'frank',
        tokenType: 'personal_access_token',
        subject: frank.userId,
        tokenId: frank.tokenId,
      });
      expect((await introspect('junk', frank.token)).active).toBe(false);
      const packsOnly = await createTokenFor(store, frank, { scopes: ['packs:read'] });
      const denied = await refusal(introspect(frank.token, packsOnly.token));
      expect(denied.code).toBe(status.PERMISSION_DENIED);
    });
  });
}
