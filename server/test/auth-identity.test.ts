import { openStore, type Store } from '@gtcx/core';
import type { FastifyInstance } from 'fastify';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { allScopes } from '../src/auth/scopes.js';
import { signAccessToken, verifyAccessToken } from '../src/modules/auth/index.js';
import { issueRefreshToken, markRefreshTokenUsed } from '../src/modules/auth/refresh-tokens.js';
import { moduleMigrationSets } from '../src/modules/index.js';
import { createUsersService } from '../src/modules/users/index.js';
import {
  createServerTestStore,
  createTokenFor,
  createUserWithToken,
  type ServerTestStore,
  type TestIdentity,
} from './support/identity.js';

const issuer = 'http://localhost:80';

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`access tokens, JWKS, metadata and introspection (${dialect})`, () => {
    let testStore: ServerTestStore;
    let app: FastifyInstance;
    let erin: TestIdentity;
    let resourceServer: TestIdentity;

    beforeAll(async () => {
      testStore = await createServerTestStore(dialect);
      app = await buildApp({ config: testStore.config, store: testStore.store, logger: false });
      erin = await createUserWithToken(testStore.store, { username: 'erin', scopes: ['packs:read'] });
      resourceServer = await createUserWithToken(testStore.store, {
        username: 'resource-server',
        scopes: ['tokens:introspect'],
      });
    });

    afterAll(async () => {
      await app?.close();
      await testStore?.dispose();
    });

    const erinAccess = (scopes = ['packs:read'] as const) =>
      signAccessToken(
        testStore.store,
        { userId: erin.userId, subject: 'erin', kind: 'user', scopes: [...scopes], clientId: 'gtcx-cli' },
        { issuer },
      );

    const introspect = (token: string, authorization = resourceServer.authorization) =>
      app.inject({
        method: 'POST',
        url: '/oauth/introspect',
        headers: { ...authorization, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ token }).toString(),
      });

    it('publishes the Ed25519 key that verifies access tokens, cacheable', async () => {
      const signed = await erinAccess();
      expect(signed.expiresIn).toBe(900);
      const response = await app.inject({ method: 'GET', url: '/.well-known/jwks.json' });
      expect(response.statusCode).toBe(200);
      expect(response.headers['cache-control']).toBe('public, max-age=300');
      const jwks = response.json();
      expect(jwks.keys).toEqual([
        {
          kty: 'OKP',
          crv: 'Ed25519',
          x: expect.any(String),
          kid: expect.any(String),
          alg: 'EdDSA',
          use: 'sig',
        },
      ]);
      expect(decodeProtectedHeader(signed.accessToken)).toEqual({
        alg: 'EdDSA',
        kid: jwks.keys[0].kid,
        typ: 'at+jwt',
      });
      // Any resource server can verify with the published set alone.
      const { payload } = await jwtVerify(signed.accessToken, createLocalJWKSet(jwks), {
        issuer,
        audience: 'gtcx',
        algorithms: ['EdDSA'],
      });
      expect(payload).toMatchObject({
        sub: erin.userId,
        username: 'erin',
        scope: 'packs:read',
        client_id: 'gtcx-cli',
      });
      expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(900);
    });

    it('answers RFC 8414 metadata with the request origin as issuer, or the configured public URL', async () => {
      const response = await app.inject({ method: 'GET', url: '/.well-known/oauth-authorization-server' });
      expect(response.statusCode).toBe(200);
      expect(response.headers['cache-control']).toBe('public, max-age=3600');
      expect(response.json()).toMatchObject({
        issuer,
        token_endpoint: `${issuer}/oauth/token`,
        device_authorization_endpoint: `${issuer}/oauth/device_authorization`,
        revocation_endpoint: `${issuer}/oauth/revoke`,
        introspection_endpoint: `${issuer}/oauth/introspect`,
        jwks_uri: `${issuer}/.well-known/jwks.json`,
        grant_types_supported: [
          'client_credentials',
          'refresh_token',
          'urn:ietf:params:oauth:grant-type:device_code',
        ],
        scopes_supported: [...allScopes],
      });
      const configured = await buildApp({
        config: { ...testStore.config, publicUrl: 'https://gtcx.example.com/api' },
        store: testStore.store,
        logger: false,
      });
      try {
        const metadata = (
          await configured.inject({ method: 'GET', url: '/.well-known/oauth-authorization-server' })
        ).json();
        expect(metadata.issuer).toBe('https://gtcx.example.com/api');
        expect(metadata.token_endpoint).toBe('https://gtcx.example.com/api/oauth/token');
        // Tokens must then name the configured issuer, whatever Host the request carried.
        const fromOrigin = await erinAccess();
        const refused = await configured.inject({
          method: 'GET',
          url: '/v1/packs',
          headers: { authorization: `Bearer ${fromOrigin.accessToken}` },
        });
        expect(refused.statusCode).toBe(401);
        const right = await signAccessToken(
          testStore.store,
          { userId: erin.userId, subject: 'erin', kind: 'user', scopes: ['packs:read'] },
          { issuer: 'https://gtcx.example.com/api' },
        );
        const accepted = await configured.inject({
          method: 'GET',
          url: '/v1/packs',
          headers: { authorization: `Bearer ${right.accessToken}` },
        });
        expect(accepted.statusCode).toBe(200);
      } finally {
        await configured.close();
      }
    });

    it('says who an access token is for, with the org memberships', async () => {
      const users = createUsersService({ store: testStore.store });
      const admin = await createUserWithToken(testStore.store, { username: 'erin-admin', admin: true });
      await users.as(admin.principal).createOrg({ name: 'erins' });
      await users.as(admin.principal).setOrgMember('erins', 'erin', 'maintainer');
      const signed = await erinAccess();
      const whoami = await app.inject({
        method: 'GET',
        url: '/v1/user',
        headers: { authorization: `Bearer ${signed.accessToken}` },
      });
      expect(whoami.statusCode).toBe(200);
      expect(whoami.json()).toMatchObject({
        subject: 'erin',
        kind: 'user',
        admin: false,
        scopes: ['packs:read'],
        authMethod: 'accessToken',
        orgs: [{ org: 'erins', role: 'maintainer' }],
      });
    });

    it('introspects access, personal and refresh tokens, and answers only active: false for dead ones', async () => {
      const signed = await erinAccess();
      const access = await introspect(signed.accessToken);
      expect(access.statusCode).toBe(200);
      expect(access.headers['cache-control']).toBe('no-store');
      expect(access.json()).toEqual({
        active: true,
        scope: 'packs:read',
        client_id: 'gtcx-cli',
        username: 'erin',
        token_type: 'access_token',
        exp: Math.floor(signed.expiresAt.getTime() / 1000),
        iat: expect.any(Number),
        nbf: expect.any(Number),
        sub: erin.userId,
        aud: 'gtcx',
        iss: issuer,
        jti: signed.jti,
      });

      const personal = await introspect(erin.token);
      expect(personal.json()).toMatchObject({
        active: true,
        scope: 'packs:read',
        username: 'erin',
        token_type: 'personal_access_token',
        sub: erin.userId,
        jti: erin.tokenId,
      });

      const refresh = await issueRefreshToken(
        testStore.store.db,
        { userId: erin.userId, clientId: 'gtcx-cli', scopes: ['packs:read'] },
        new Date(),
      );
      expect((await introspect(refresh.refreshToken)).json()).toMatchObject({
        active: true,
        token_type: 'refresh_token',
        client_id: 'gtcx-cli',
        username: 'erin',
        scope: 'packs:read',
      });
      await markRefreshTokenUsed(testStore.store.db, refresh.id, new Date());
      expect((await introspect(refresh.refreshToken)).json()).toEqual({ active: false });

      const revoked = await createTokenFor(testStore.store, erin, { scopes: ['packs:read', 'tokens:write'] });
      await app.inject({
        method: 'DELETE',
        url: `/v1/tokens/${revoked.tokenId}`,
        headers: revoked.authorization,
      });
      const expired = await signAccessToken(
        testStore.store,
        { userId: erin.userId, subject: 'erin', kind: 'user', scopes: ['packs:read'] },
        { issuer, now: new Date(Date.now() - 3600_000) },
      );
      for (const dead of [revoked.token, expired.accessToken, 'junk', `gtcx_${'0'.repeat(43)}`, 'a.b.c']) {
        const answer = await introspect(dead);
        expect(answer.statusCode).toBe(200);
        expect(answer.json(), dead).toEqual({ active: false });
      }
    });

    it('requires tokens:introspect to introspect', async () => {
      const response = await introspect(erin.token, erin.authorization);
      expect(response.statusCode).toBe(403);
      expect(response.headers['www-authenticate']).toContain('scope="tokens:introspect"');
    });

    it('shares one signing key between replicas on the same store, made once even when they race', async () => {
      const fresh = await createServerTestStore(dialect);
      const replicas: Store[] = [];
      try {
        // PostgreSQL serves many replicas; an SQLite file serves one server, where calls race in-process.
        for (let i = 0; i < 3; i++) {
          const replica =
            dialect === 'postgres'
              ? await openStore({
                  dataDir: fresh.config.dataDir,
                  databaseUrl: fresh.config.databaseUrl,
                  fileName: 'server.db',
                  migrationSets: moduleMigrationSets(),
                })
              : fresh.store;
          replicas.push(replica);
        }
        const user = await createUserWithToken(fresh.store, { username: 'racer', scopes: ['packs:read'] });
        const subject = {
          userId: user.userId,
          subject: 'racer',
          kind: 'user' as const,
          scopes: ['packs:read' as const],
        };
        const tokens = await Promise.all(
          replicas.map((replica) => signAccessToken(replica, subject, { issuer })),
        );
        const keys = await (fresh.store.db as Kysely<{ jwt_signing_keys: { kid: string } }>)
          .selectFrom('jwt_signing_keys')
          .select('kid')
          .execute();
        expect(keys).toHaveLength(1);
        for (const token of tokens) {
          expect(decodeProtectedHeader(token.accessToken).kid).toBe(keys[0]?.kid);
          // Verified by the store that did not sign it.
          const verified = await verifyAccessToken(fresh.store, token.accessToken, { issuer });
          expect(verified).toMatchObject({ userId: user.userId, subject: 'racer', scopes: ['packs:read'] });
        }
      } finally {
        for (const replica of replicas) if (replica !== fresh.store) await replica.close();
        await fresh.dispose();
      }
    });
  });
}
