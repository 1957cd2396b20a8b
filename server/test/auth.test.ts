import { createHmac, generateKeyPairSync } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { SignJWT } from 'jose';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { requiresCredentials } from '../src/auth/http.js';
import { revokeAccessToken, signAccessToken } from '../src/modules/auth/index.js';
import { defaultSpec } from '../src/spec/load.js';
import { listOperations } from '../src/spec/operations.js';
import {
  auditRows,
  createServerTestStore,
  createTokenFor,
  createUserWithToken,
  type ServerTestStore,
  setUserDisabled,
  type TestIdentity,
} from './support/identity.js';

/** inject() requests come from 127.0.0.1 to Host localhost:80: the issuer tokens must name. */
const issuer = 'http://localhost:80';

function base64url(value: unknown): string {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
}

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`the auth gate over HTTP (${dialect})`, () => {
    let testStore: ServerTestStore;
    let app: FastifyInstance;
    let alice: TestIdentity;
    let admin: TestIdentity;

    beforeAll(async () => {
      testStore = await createServerTestStore(dialect);
      app = await buildApp({ config: testStore.config, store: testStore.store, logger: false });
      alice = await createUserWithToken(testStore.store, { username: 'alice', scopes: ['templates:read'] });
      admin = await createUserWithToken(testStore.store, { username: 'root', admin: true });
    });

    afterAll(async () => {
      await app?.close();
      await testStore?.dispose();
    });

    const templates = (authorization?: string) =>
      app.inject({
        method: 'GET',
        url: '/v1/templates',
        ...(authorization === undefined ? {} : { headers: { authorization } }),
      });

    /** The last auth.refused event, which the refused request must have written. */
    async function lastRefusal() {
      const rows = await auditRows(testStore.store, 'auth.refused');
      return rows[rows.length - 1];
    }

    async function expectUnauthenticated(authorization: string | undefined, reason: string) {
      const before = (await auditRows(testStore.store, 'auth.refused')).length;
      const response = await templates(authorization);
      expect(response.statusCode, reason).toBe(401);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json()).toMatchObject({
        code: 'unauthenticated',
        status: 401,
        hint: expect.any(String),
      });
      expect(response.headers['www-authenticate']).toMatch(/^Bearer realm="gtcx"/);
      const rows = await auditRows(testStore.store, 'auth.refused');
      expect(rows).toHaveLength(before + 1);
      const row = rows[rows.length - 1];
      expect(row).toMatchObject({
        outcome: 'failure',
        target: 'operation:listTemplates',
        ip: '127.0.0.1',
        request_id: response.headers['x-request-id'] ?? expect.any(String),
        details: expect.objectContaining({ reason, status: 401, transport: 'http' }),
      });
      // Never the token itself, not even part of it.
      if (authorization !== undefined && authorization.length > 12) {
        expect(JSON.stringify(row)).not.toContain(authorization.slice(7, 40));
      }
      return response;
    }

    it('lets a token holding the scope through and sets the principal getCurrentUser reports', async () => {
      expect((await templates(alice.authorization.authorization)).statusCode).toBe(200);
      const whoami = await app.inject({ method: 'GET', url: '/v1/user', headers: alice.authorization });
      expect(whoami.statusCode).toBe(200);
      expect(whoami.json()).toEqual({
        subject: 'alice',
        kind: 'user',
        displayName: null,
        email: null,
        admin: false,
        scopes: ['templates:read'],
        authMethod: 'personalAccessToken',
        orgs: [],
      });
    });

    it('answers no credentials with 401 and a bare Bearer challenge, audited', async () => {
      const response = await expectUnauthenticated(undefined, 'missing_credentials');
      expect(response.headers['www-authenticate']).toBe('Bearer realm="gtcx"');
      expect(response.json().hint).toContain('Authorization: Bearer');
    });

    it('answers a non-bearer scheme with invalid_request', async () => {
      const response = await expectUnauthenticated(`Basic ${base64url('alice:secret')}`, 'not_bearer');
      expect(response.headers['www-authenticate']).toBe('Bearer realm="gtcx", error="invalid_request"');
    });

    it('answers a malformed token and an unknown personal access token with invalid_token', async () => {
      const malformed = await expectUnauthenticated('Bearer not-a-token', 'malformed');
      expect(malformed.headers['www-authenticate']).toContain('error="invalid_token"');
      await expectUnauthenticated('Bearer a.b.c', 'malformed');
      await expectUnauthenticated(`Bearer gtcx_${'x'.repeat(43)}`, 'unknown_token');
    });

    it('refuses an expired and a revoked personal access token', async () => {
      const expiring = await createTokenFor(testStore.store, alice, { scopes: ['templates:read'] });
      await (testStore.store.db as Kysely<{ personal_access_tokens: { id: string; expires_at: string } }>)
        .updateTable('personal_access_tokens')
        .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
        .where('id', '=', expiring.tokenId)
        .execute();
      const expired = await expectUnauthenticated(expiring.authorization.authorization, 'expired');
      expect(expired.json().detail).toContain('expired');

      const revoking = await createTokenFor(testStore.store, alice, {
        scopes: ['templates:read', 'tokens:write'],
      });
      const revoke = await app.inject({
        method: 'DELETE',
        url: `/v1/tokens/${revoking.tokenId}`,
        headers: revoking.authorization,
      });
      expect(revoke.statusCode).toBe(204);
      await expectUnauthenticated(revoking.authorization.authorization, 'revoked');
    });

    it('refuses an expired access token', async () => {
      const signed = await signAccessToken(
        testStore.store,
        { userId: alice.userId, subject: 'alice', kind: 'user', scopes: ['templates:read'] },
        { issuer, now: new Date(Date.now() - 3600_000) },
      );
      const response = await expectUnauthenticated(`Bearer ${signed.accessToken}`, 'expired');
      expect(response.headers['www-authenticate']).toContain(
        'error_description="The access token has expired"',
      );
    });

    it('lets a fresh access token through, and refuses it once its jti is revoked', async () => {
      const signed = await signAccessToken(
        testStore.store,
        { userId: alice.userId, subject: 'alice', kind: 'user', scopes: ['templates:read'] },
        { issuer },
      );
      expect((await templates(`Bearer ${signed.accessToken}`)).statusCode).toBe(200);
      await revokeAccessToken(testStore.store.db, signed.jti, signed.expiresAt);
      await expectUnauthenticated(`Bearer ${signed.accessToken}`, 'revoked');
    });

    it('refuses an access token signed with another Ed25519 key under a known kid', async () => {
      const jwks = (await app.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json();
      const kid = jwks.keys[0].kid as string;
      const { privateKey } = generateKeyPairSync('ed25519');
      const forged = await new SignJWT({ scope: 'admin', username: 'alice', kind: 'user' })
        .setProtectedHeader({ alg: 'EdDSA', kid, typ: 'at+jwt' })
        .setIssuer(issuer)
        .setAudience('gtcx')
        .setSubject(alice.userId)
        .setJti('forged')
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(privateKey);
      await expectUnauthenticated(`Bearer ${forged}`, 'bad_signature');
      const unknownKid = await new SignJWT({ scope: 'admin', username: 'alice', kind: 'user' })
        .setProtectedHeader({ alg: 'EdDSA', kid: 'not-a-key-of-ours', typ: 'at+jwt' })
        .setIssuer(issuer)
        .setAudience('gtcx')
        .setSubject(alice.userId)
        .setJti('forged-2')
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(privateKey);
      await expectUnauthenticated(`Bearer ${unknownKid}`, 'unknown_key');
    });

    it('refuses alg none and HS256 signed with the public key', async () => {
      const jwks = (await app.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json();
      const key = jwks.keys[0] as { kid: string; x: string };
      const now = Math.floor(Date.now() / 1000);
      const claims = {
        iss: issuer,
        aud: 'gtcx',
        sub: admin.userId,
        jti: 'crafted',
        iat: now,
        nbf: now,
        exp: now + 300,
        scope: 'admin',
        username: 'root',
        kind: 'user',
      };
      const none = `${base64url({ alg: 'none', typ: 'at+jwt', kid: key.kid })}.${base64url(claims)}.`;
      await expectUnauthenticated(`Bearer ${none}`, 'algorithm_not_allowed');

      const signingInput = `${base64url({ alg: 'HS256', typ: 'at+jwt', kid: key.kid })}.${base64url(claims)}`;
      for (const secret of [Buffer.from(key.x, 'base64url'), Buffer.from(JSON.stringify(key))]) {
        const mac = createHmac('sha256', secret).update(signingInput).digest('base64url');
        await expectUnauthenticated(`Bearer ${signingInput}.${mac}`, 'algorithm_not_allowed');
      }
    });

    it('refuses access tokens for another audience or from another issuer', async () => {
      const { private_key: pem, kid } = await (
        testStore.store.db as Kysely<{
          jwt_signing_keys: { kid: string; private_key: string; retired_at: string | null };
        }>
      )
        .selectFrom('jwt_signing_keys')
        .select(['kid', 'private_key'])
        .where('retired_at', 'is', null)
        .executeTakeFirstOrThrow();
      const { createPrivateKey } = await import('node:crypto');
      const privateKey = createPrivateKey(pem);
      const otherAudience = await new SignJWT({ scope: 'templates:read', username: 'alice', kind: 'user' })
        .setProtectedHeader({ alg: 'EdDSA', kid, typ: 'at+jwt' })
        .setIssuer(issuer)
        .setAudience('another-api')
        .setSubject(alice.userId)
        .setJti('aud')
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(privateKey);
      await expectUnauthenticated(`Bearer ${otherAudience}`, 'wrong_audience');

      // With GTCX_PUBLIC_URL set, that URL is the one issuer accepted.
      const published = await buildApp({
        config: { ...testStore.config, publicUrl: 'https://gtcx.example' },
        store: testStore.store,
        logger: false,
      });
      try {
        const token = (issuer: string) =>
          signAccessToken(
            testStore.store,
            { userId: alice.userId, subject: 'alice', kind: 'user', scopes: ['templates:read'] },
            { issuer },
          );
        const call = async (issuer: string) =>
          published.inject({
            method: 'GET',
            url: '/v1/templates',
            headers: { authorization: `Bearer ${(await token(issuer)).accessToken}` },
          });
        expect((await call('https://gtcx.example')).statusCode).toBe(200);
        const foreign = await call('https://other-gtcx.example');
        expect(foreign.statusCode).toBe(401);
        const rows = await auditRows(testStore.store, 'auth.refused');
        expect(rows[rows.length - 1]?.details).toMatchObject({ reason: 'wrong_issuer' });
      } finally {
        await published.close();
      }

      const notAnAccessToken = await new SignJWT({ scope: 'templates:read', username: 'alice', kind: 'user' })
        .setProtectedHeader({ alg: 'EdDSA', kid })
        .setIssuer(issuer)
        .setAudience('gtcx')
        .setSubject(alice.userId)
        .setJti('typ')
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(privateKey);
      await expectUnauthenticated(`Bearer ${notAnAccessToken}`, 'wrong_type');
    });

    it("refuses a disabled user's personal and access tokens, naming the user in the audit", async () => {
      const bob = await createUserWithToken(testStore.store, { username: 'bob', scopes: ['templates:read'] });
      const access = await signAccessToken(
        testStore.store,
        { userId: bob.userId, subject: 'bob', kind: 'user', scopes: ['templates:read'] },
        { issuer },
      );
      expect((await templates(bob.authorization.authorization)).statusCode).toBe(200);
      await setUserDisabled(testStore.store, bob.userId, true);
      const response = await expectUnauthenticated(bob.authorization.authorization, 'user_disabled');
      expect(response.json().detail).toBe('The account bob is disabled');
      expect(await lastRefusal()).toMatchObject({ actor: 'bob', actor_type: 'user' });
      await expectUnauthenticated(`Bearer ${access.accessToken}`, 'user_disabled');
      await setUserDisabled(testStore.store, bob.userId, false);
      expect((await templates(bob.authorization.authorization)).statusCode).toBe(200);
    });

    it('refuses a valid token lacking the scope with 403 naming it and how to get it, audited', async () => {
      const response = await app.inject({ method: 'GET', url: '/v1/packs', headers: alice.authorization });
      expect(response.statusCode).toBe(403);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.headers['www-authenticate']).toBe(
        'Bearer realm="gtcx", error="insufficient_scope", scope="packs:read"',
      );
      expect(response.json()).toMatchObject({
        code: 'forbidden',
        status: 403,
        detail: 'listPacks requires the packs:read scope; this token carries templates:read',
        hint: expect.stringContaining('--scope packs:read'),
      });
      expect(await lastRefusal()).toMatchObject({
        actor: 'alice',
        actor_type: 'user',
        target: 'operation:listPacks',
        outcome: 'failure',
        details: {
          reason: 'insufficient_scope',
          status: 403,
          transport: 'http',
          tokenId: alice.tokenId,
          missingScopes: ['packs:read'],
        },
      });
    });

    it('lets admin imply every scope', async () => {
      for (const url of ['/v1/templates', '/v1/packs', '/v1/tokens', '/v1/user']) {
        expect((await app.inject({ method: 'GET', url, headers: admin.authorization })).statusCode, url).toBe(
          200,
        );
      }
    });

    it('honours a personal access token only from its networks, IPv4 and IPv6 alike', async () => {
      const limited = await createTokenFor(testStore.store, alice, {
        scopes: ['templates:read'],
        cidrAllowlist: ['10.1.0.0/16', '2001:db8::/32'],
      });
      const from = (remoteAddress: string) =>
        app.inject({ method: 'GET', url: '/v1/templates', headers: limited.authorization, remoteAddress });
      expect((await from('10.1.2.3')).statusCode).toBe(200);
      expect((await from('::ffff:10.1.2.3')).statusCode).toBe(200);
      expect((await from('2001:db8:1::5')).statusCode).toBe(200);
      for (const outside of ['10.2.0.1', '2001:db9::1', '127.0.0.1']) {
        const response = await from(outside);
        expect(response.statusCode, outside).toBe(403);
        expect(response.json()).toMatchObject({
          code: 'forbidden',
          detail: `This personal access token may not be used from ${outside}`,
          hint: expect.stringContaining('10.1.0.0/16'),
        });
        expect(await lastRefusal()).toMatchObject({
          actor: 'alice',
          ip: outside,
          details: { reason: 'outside_cidr', status: 403, tokenId: limited.tokenId },
        });
      }
    });

    it('drops admin from a token whose user is no longer a server admin', async () => {
      const demoted = await createUserWithToken(testStore.store, { username: 'demoted', admin: true });
      await (testStore.store.db as Kysely<{ users: { id: string; admin: number } }>)
        .updateTable('users')
        .set({ admin: 0 })
        .where('id', '=', demoted.userId)
        .execute();
      const response = await app.inject({
        method: 'GET',
        url: '/v1/templates',
        headers: demoted.authorization,
      });
      expect(response.statusCode).toBe(403);
      expect(response.json().detail).toContain('this token carries no scopes');
    });

    it('refuses before reading the body, and keeps public operations public whatever the header says', async () => {
      const render = await app.inject({
        method: 'POST',
        url: '/v1/renders',
        headers: { 'content-type': 'application/json' },
        payload: '{"template": "https://evil.example/x.git"',
      });
      expect(render.statusCode).toBe(401);
      for (const url of [
        '/healthz',
        '/openapi.yaml',
        '/.well-known/jwks.json',
        '/.well-known/gtcx/pack-signing-keys',
      ]) {
        expect((await app.inject({ method: 'GET', url })).statusCode, url).toBe(200);
        const stale = await app.inject({
          method: 'GET',
          url,
          headers: { authorization: 'Bearer expired.or.junk' },
        });
        expect(stale.statusCode, `${url} with a bad token`).toBe(200);
      }
    });

    it('refuses anonymous and junk-token callers on every secured operation of the contract', async () => {
      const operations = listOperations(defaultSpec().document);
      const secured = operations.filter(requiresCredentials);
      expect(secured.length).toBeGreaterThan(30);
      for (const operation of secured) {
        const url = operation.path.replace(/\{[^}]+\}/g, 'x');
        const method = operation.method.toUpperCase() as 'GET';
        expect((await app.inject({ method, url })).statusCode, `${operation.operationId} anonymous`).toBe(
          401,
        );
        const junk = await app.inject({
          method,
          url,
          headers: { authorization: 'Bearer wrong-token-0123456789' },
        });
        expect(junk.statusCode, `${operation.operationId} junk token`).toBe(401);
      }
      const open = operations
        .filter((operation) => !requiresCredentials(operation))
        .map((op) => op.operationId);
      expect(open).toEqual(
        expect.arrayContaining([
          'getHealth',
          'getJwks',
          'getAuthorizationServerMetadata',
          'createOAuthToken',
        ]),
      );
      expect(open).not.toContain('getCurrentUser');
    });
  });
}
