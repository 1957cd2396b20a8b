import { Client, credentials, Metadata, type ServiceError, status } from '@grpc/grpc-js';
import * as proto from '@gtcx/sdk/proto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { operationIdOfRpc } from '../src/auth/grpc.js';
import { resolveServerConfig, type ServerConfig } from '../src/config.js';
import { type RunningServer, startServer } from '../src/main.js';
import { defaultSpec } from '../src/spec/load.js';
import { listOperations, type SpecOperation } from '../src/spec/operations.js';
import { createTestStore, type TestStore } from './support/stores.js';

/**
 * The contract is the authorization table: every operation in openapi.yaml that declares a scope
 * refuses an anonymous caller (401) and a caller whose token lacks that scope (403), and lets in a
 * caller who holds it. Walking the document means a new operation cannot ship unguarded.
 */

const operations = listOperations(defaultSpec().document);
const secured = operations.filter(requiresCredentials);
const publicOperations = operations.filter((operation) => !requiresCredentials(operation));
const allScopes = (
  defaultSpec().document.components?.schemas?.Scope as { enum: string[] } | undefined
)?.enum.filter((scope) => scope !== 'admin');

const admin = { username: 'walk-admin', password: 'walk-admin-password-0123' };
const member = { username: 'walk-member', password: 'walk-member-password-0123' };

const placeholders: Record<string, string> = {
  packName: encodeURIComponent('@walk/kit'),
  version: '1.0.0',
  tag: 'beta',
  templateId: 'ts-lib',
  orgName: 'walk',
  teamName: 'web',
  username: 'nobody-here',
  tokenId: '00000000-0000-0000-0000-000000000000',
  invitationId: '00000000-0000-0000-0000-000000000000',
  clientId: 'sa-walk-ci',
};

/** `security: []` (or an empty requirement, OpenAPI's "anonymous allowed") makes an operation public. */
function requiresCredentials(operation: SpecOperation): boolean {
  return (
    operation.security.length > 0 &&
    operation.security.every((requirement) => Object.keys(requirement).length > 0)
  );
}

/** The scopes a secured operation declares; none (e.g. whoami) means any valid token will do. */
function requiredScopes(operation: SpecOperation): string[] {
  return operation.security.flatMap((requirement) => Object.values(requirement).flat());
}

function urlOf(operation: SpecOperation): string {
  return operation.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = placeholders[name];
    if (value === undefined)
      throw new Error(`no placeholder for path parameter ${name} of ${operation.path}`);
    return value;
  });
}

/** Sends a body of the operation's own media type, so only authorization can refuse it first. */
function call(app: FastifyInstance, operation: SpecOperation, token?: string) {
  const mediaType = Object.keys(operation.requestBody?.content ?? {})[0];
  const headers: Record<string, string> = {};
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  let payload: string | Buffer | undefined;
  if (mediaType !== undefined) {
    headers['content-type'] = mediaType;
    payload = mediaType.includes('json') ? '{}' : mediaType.includes('form') ? 'x=1' : Buffer.from('x');
  }
  return app.inject({
    method: operation.method.toUpperCase() as 'GET',
    url: urlOf(operation),
    headers,
    payload,
  });
}

function walkConfig(testStore: TestStore): ServerConfig {
  return resolveServerConfig(
    {
      port: 0,
      grpcPort: 0,
      dataDir: testStore.dataDir,
      databaseUrl: testStore.databaseUrl,
      logLevel: 'silent',
      adminUsername: admin.username,
      adminPassword: admin.password,
    },
    {
      GTCX_RATE_LIMIT_PER_TOKEN: '0',
      GTCX_RATE_LIMIT_PER_IP: '0',
      GTCX_RATE_LIMIT_SIGN_IN: '0',
      // The walk is refused twice per operation from one address, far past the per-IP refusal limit.
      GTCX_RATE_LIMIT_AUTH_FAILURES: '0',
    },
  );
}

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`authorization on every operation of openapi.yaml (${dialect})`, () => {
    let testStore: TestStore;
    let app: FastifyInstance;
    let adminToken: string;
    /** scope -> a member's token holding every scope but that one */
    const withoutScope = new Map<string, string>();
    /** scope -> a member's token holding only that scope */
    const onlyScope = new Map<string, string>();

    beforeAll(async () => {
      testStore = await createTestStore(dialect);
      const config = walkConfig(testStore);
      app = await buildApp({ config, store: testStore.store, logger: false });
      adminToken = await signIn(app, admin);
      const created = await app.inject({
        method: 'POST',
        url: '/v1/users',
        headers: { authorization: `Bearer ${adminToken}` },
        payload: member,
      });
      expect(created.statusCode, created.body).toBe(201);
      const memberSession = await signIn(app, member);
      for (const scope of allScopes ?? []) {
        withoutScope.set(
          scope,
          await createToken(
            app,
            memberSession,
            `without ${scope}`,
            allScopes?.filter((other) => other !== scope),
          ),
        );
        onlyScope.set(scope, await createToken(app, memberSession, `only ${scope}`, [scope]));
      }
    });

    afterAll(async () => {
      await app?.close();
      await testStore?.dispose();
    });

    it('knows the scopes and has secured operations to walk', () => {
      expect(allScopes?.length).toBeGreaterThan(5);
      expect(secured.length).toBeGreaterThan(40);
    });

    it.each(secured.map((operation) => [operation.operationId, operation] as const))(
      '%s refuses anonymous and under-scoped callers and admits its scope',
      async (_, operation) => {
        const anonymous = await call(app, operation);
        expect(anonymous.statusCode, anonymous.body).toBe(401);
        expect(anonymous.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(anonymous.json().code).toBe('unauthenticated');
        expect(anonymous.headers['www-authenticate']).toMatch(/^Bearer /);

        const malformed = await call(app, operation, 'not-a-token');
        expect(malformed.statusCode, malformed.body).toBe(401);

        for (const scope of requiredScopes(operation)) {
          const lacking = await call(app, operation, withoutScope.get(scope));
          expect(lacking.statusCode, `${scope}: ${lacking.body}`).toBe(403);
          expect(lacking.json().code).toBe('forbidden');
          expect(lacking.headers['www-authenticate']).toContain('insufficient_scope');

          // Holding just the declared scope passes the gate; the module may still judge the role.
          const holding = await call(app, operation, onlyScope.get(scope));
          expect(holding.statusCode, `${scope}: ${holding.body}`).not.toBe(401);
          expect(holding.headers['www-authenticate'] ?? '').not.toContain('insufficient_scope');
        }

        if (requiredScopes(operation).length === 0) {
          const anyToken = await call(app, operation, onlyScope.get('packs:read'));
          expect(anyToken.statusCode, anyToken.body).not.toBe(401);
          expect(anyToken.statusCode, anyToken.body).not.toBe(403);
        }

        const asAdmin = await call(app, operation, adminToken);
        expect([401, 403], `${operation.operationId} as admin: ${asAdmin.body}`).not.toContain(
          asAdmin.statusCode,
        );
      },
    );

    it.each(publicOperations.map((operation) => [operation.operationId, operation] as const))(
      '%s stays public',
      async (_, operation) => {
        const anonymous = await call(app, operation);
        expect(anonymous.statusCode, anonymous.body).not.toBe(401);
        expect(anonymous.statusCode, anonymous.body).not.toBe(403);
      },
    );
  });
}

async function signIn(app: FastifyInstance, credentials: { username: string; password: string }) {
  const response = await app.inject({ method: 'POST', url: '/v1/sessions', payload: credentials });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().accessToken as string;
}

async function createToken(
  app: FastifyInstance,
  session: string,
  name: string,
  scopes: string[] | undefined,
) {
  const response = await app.inject({
    method: 'POST',
    url: '/v1/tokens',
    headers: { authorization: `Bearer ${session}` },
    payload: { name, scopes },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().secret as string;
}

/** Every method of every generated gtcx.v1 service, with the operation whose scope it takes. */
function rpcMethods(): Array<{ path: string; operation: SpecOperation }> {
  const byId = new Map(operations.map((operation) => [operation.operationId, operation]));
  return Object.values(proto as Record<string, unknown>).flatMap((value) => {
    if (typeof value !== 'object' || value === null) return [];
    const methods = Object.values(value) as Array<{ path?: unknown }>;
    if (!methods.every((method) => typeof method?.path === 'string' && method.path.startsWith('/gtcx.v1.'))) {
      return [];
    }
    return methods.map((method) => {
      const path = method.path as string;
      const operation = byId.get(operationIdOfRpc(path) ?? '');
      if (operation === undefined) throw new Error(`${path} answers for no operation of openapi.yaml`);
      return { path, operation };
    });
  });
}

describe('authorization on every RPC of protos/ (sqlite)', () => {
  let testStore: TestStore;
  let server: RunningServer;
  let client: Client;
  let adminToken: string;
  const withoutScope = new Map<string, string>();

  beforeAll(async () => {
    testStore = await createTestStore('sqlite');
    server = await startServer(walkConfig(testStore), { logger: false });
    client = new Client(server.grpcAddress, credentials.createInsecure());
    adminToken = await signIn(server.app, admin);
    for (const scope of allScopes ?? []) {
      withoutScope.set(
        scope,
        await createToken(
          server.app,
          adminToken,
          `rpc without ${scope}`,
          allScopes?.filter((other) => other !== scope),
        ),
      );
    }
  });

  afterAll(async () => {
    client?.close();
    await server?.close();
    await testStore?.dispose();
  });

  /** An empty message is a valid encoding of every request type: only authorization may refuse it first. */
  function invoke(path: string, token?: string): Promise<ServiceError | undefined> {
    const metadata = new Metadata();
    if (token !== undefined) metadata.set('authorization', `Bearer ${token}`);
    return new Promise((resolve) => {
      client.makeUnaryRequest(
        path,
        (value: Buffer) => value,
        (value: Buffer) => value,
        Buffer.alloc(0),
        metadata,
        { deadline: Date.now() + 10_000 },
        (error) => resolve(error ?? undefined),
      );
    });
  }

  it.each(rpcMethods().map((method) => [method.path, method] as const))(
    "%s follows its operation's security",
    async (_, { path, operation }) => {
      const anonymous = await invoke(path);
      if (!requiresCredentials(operation)) {
        expect(anonymous?.code).not.toBe(status.UNAUTHENTICATED);
        expect(anonymous?.code).not.toBe(status.PERMISSION_DENIED);
        return;
      }
      expect(anonymous?.code, anonymous?.details).toBe(status.UNAUTHENTICATED);
      expect((await invoke(path, 'not-a-token'))?.code).toBe(status.UNAUTHENTICATED);
      for (const scope of requiredScopes(operation)) {
        const lacking = await invoke(path, withoutScope.get(scope));
        expect(lacking?.code, `${scope}: ${lacking?.details}`).toBe(status.PERMISSION_DENIED);
      }
      const asAdmin = await invoke(path, adminToken);
      expect([status.UNAUTHENTICATED, status.PERMISSION_DENIED]).not.toContain(asAdmin?.code);
    },
  );
});
