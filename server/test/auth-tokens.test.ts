import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { createPersonalAccessToken, signAccessToken } from '../src/modules/auth/index.js';
import { createUsersService } from '../src/modules/users/index.js';
import {
  auditRows,
  createServerTestStore,
  createUserWithToken,
  type ServerTestStore,
  type TestIdentity,
} from './support/identity.js';

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`personal access tokens over HTTP (${dialect})`, () => {
    let testStore: ServerTestStore;
    let app: FastifyInstance;
    let carol: TestIdentity;
    let admin: TestIdentity;

    beforeAll(async () => {
      testStore = await createServerTestStore(dialect);
      app = await buildApp({ config: testStore.config, store: testStore.store, logger: false });
      carol = await createUserWithToken(testStore.store, {
        username: 'carol',
        scopes: ['tokens:read', 'tokens:write', 'packs:read', 'packs:publish', 'templates:read'],
      });
      admin = await createUserWithToken(testStore.store, { username: 'root', admin: true });
    });

    afterAll(async () => {
      await app?.close();
      await testStore?.dispose();
    });

    const create = (headers: Record<string, string>, body: unknown) =>
      app.inject({ method: 'POST', url: '/v1/tokens', headers, payload: body as Record<string, unknown> });

    it('creates a token shown once, lists it without its value, uses it, and revokes it', async () => {
      const expiresAt = new Date(Date.now() + 7 * 24 * 3600_000).toISOString();
      const created = await create(
        { ...carol.authorization, 'idempotency-key': 'ci-token-1' },
        { name: 'ci', scopes: ['packs:read'], expiresAt },
      );
      expect(created.statusCode).toBe(201);
      expect(created.headers['cache-control']).toBe('no-store');
      const { token, secret } = created.json();
      expect(secret).toMatch(/^gtcx_[0-9A-Za-z]{43}$/);
      expect(created.headers.location).toBe(`/v1/tokens/${token.id}`);
      expect(token).toEqual({
        id: expect.any(String),
        name: 'ci',
        tokenPrefix: secret.slice(0, 11),
        scopes: ['packs:read'],
        packScopes: [],
        expiresAt,
        cidrAllowlist: [],
        lastUsedAt: null,
        createdAt: expect.any(String),
      });

      // Only a hash is kept.
      const stored = await (
        testStore.store.db as Kysely<{ personal_access_tokens: { id: string; token_hash: string } }>
      )
        .selectFrom('personal_access_tokens')
        .select('token_hash')
        .where('id', '=', token.id)
        .executeTakeFirstOrThrow();
      expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(await auditRows(testStore.store))).not.toContain(secret);

      const list = await app.inject({ method: 'GET', url: '/v1/tokens', headers: carol.authorization });
      expect(list.statusCode).toBe(200);
      expect(list.json().items.map((item: { name: string }) => item.name)).toContain('ci');
      expect(list.body).not.toContain(secret);

      const use = await app.inject({
        method: 'GET',
        url: '/v1/packs',
        headers: { authorization: `Bearer ${secret}` },
      });
      expect(use.statusCode).toBe(200);
      const shown = await app.inject({
        method: 'GET',
        url: `/v1/tokens/${token.id}`,
        headers: carol.authorization,
      });
      expect(shown.statusCode).toBe(200);
      expect(shown.json().lastUsedAt).not.toBeNull();
      const etag = shown.headers.etag as string;
      const again = await app.inject({
        method: 'GET',
        url: `/v1/tokens/${token.id}`,
        headers: { ...carol.authorization, 'if-none-match': etag },
      });
      expect(again.statusCode).toBe(304);

      const revoked = await app.inject({
        method: 'DELETE',
        url: `/v1/tokens/${token.id}`,
        headers: carol.authorization,
      });
      expect(revoked.statusCode).toBe(204);
      const refused = await app.inject({
        method: 'GET',
        url: '/v1/packs',
        headers: { authorization: `Bearer ${secret}` },
      });
      expect(refused.statusCode).toBe(401);
      expect(refused.json().detail).toBe('The personal access token has been revoked');
      const gone = await app.inject({
        method: 'GET',
        url: `/v1/tokens/${token.id}`,
        headers: carol.authorization,
      });
      expect(gone.statusCode).toBe(404);
      const twice = await app.inject({
        method: 'DELETE',
        url: `/v1/tokens/${token.id}`,
        headers: carol.authorization,
      });
      expect(twice.statusCode).toBe(404);

      const events = await auditRows(testStore.store);
      expect(events.filter((event) => event.target === `token:${token.id}`)).toEqual([
        expect.objectContaining({
          action: 'token.create',
          actor: 'carol',
          outcome: 'success',
          details: expect.objectContaining({ name: 'ci', scopes: ['packs:read'], expiresAt }),
        }),
        expect.objectContaining({ action: 'token.revoke', actor: 'carol', outcome: 'success' }),
      ]);
    });

    it('records use at most once a minute', async () => {
      const created = (await create(carol.authorization, { name: 'touch', scopes: ['packs:read'] })).json();
      const headers = { authorization: `Bearer ${created.secret}` };
      await app.inject({ method: 'GET', url: '/v1/packs', headers });
      const first = (
        await app.inject({
          method: 'GET',
          url: `/v1/tokens/${created.token.id}`,
          headers: carol.authorization,
        })
      ).json();
      await new Promise((resolve) => setTimeout(resolve, 20));
      await app.inject({ method: 'GET', url: '/v1/packs', headers });
      const second = (
        await app.inject({
          method: 'GET',
          url: `/v1/tokens/${created.token.id}`,
          headers: carol.authorization,
        })
      ).json();
      expect(second.lastUsedAt).toBe(first.lastUsedAt);
    });

    it('refuses a second create with the same Idempotency-Key instead of making another token', async () => {
      const headers = { ...carol.authorization, 'idempotency-key': 'retry-me' };
      const first = await create(headers, { name: 'retry', scopes: ['packs:read'] });
      expect(first.statusCode).toBe(201);
      const retry = await create(headers, { name: 'retry', scopes: ['packs:read'] });
      expect(retry.statusCode).toBe(409);
      expect(retry.json()).toMatchObject({
        code: 'conflict',
        hint: expect.stringContaining(`DELETE /v1/tokens/${first.json().token.id}`),
      });
    });

    it('keeps names unique among live tokens, and frees a revoked one', async () => {
      const first = await create(carol.authorization, { name: 'laptop', scopes: ['packs:read'] });
      const taken = await create(carol.authorization, { name: 'laptop', scopes: ['packs:read'] });
      expect(taken.statusCode).toBe(409);
      expect(taken.json().detail).toBe('You already have a token named "laptop"');
      await app.inject({
        method: 'DELETE',
        url: `/v1/tokens/${first.json().token.id}`,
        headers: carol.authorization,
      });
      expect((await create(carol.authorization, { name: 'laptop', scopes: ['packs:read'] })).statusCode).toBe(
        201,
      );
    });

    it('never grants more than the caller holds', async () => {
      const wider = await create(carol.authorization, {
        name: 'wider',
        scopes: ['packs:read', 'users:write'],
      });
      expect(wider.statusCode).toBe(403);
      expect(wider.json().detail).toBe(
        'A token can carry only scopes your own token holds; yours lacks users:write',
      );
      const adminScope = await create(carol.authorization, { name: 'admin', scopes: ['admin'] });
      expect(adminScope.statusCode).toBe(403);
      expect(adminScope.json().detail).toBe('Only server admins may create tokens with the admin scope');
      const byAdmin = await create(admin.authorization, { name: 'automation', scopes: ['admin'] });
      expect(byAdmin.statusCode).toBe(201);
      const adminsOwn = await app.inject({ method: 'GET', url: '/v1/tokens', headers: admin.authorization });
      expect(adminsOwn.json().items.map((item: { name: string }) => item.name)).not.toContain('laptop');
    });

    it("keeps a pack-scoped caller's limit on the tokens it makes", async () => {
      const limited = (
        await create(carol.authorization, {
          name: 'acme-publisher',
          scopes: ['packs:publish', 'tokens:write', 'tokens:read'],
          packScopes: ['@acme'],
        })
      ).json();
      expect(limited.token.packScopes).toEqual(['@acme']);
      const headers = { authorization: `Bearer ${limited.secret}` };
      const inherited = await create(headers, { name: 'inherits', scopes: ['packs:publish'] });
      expect(inherited.statusCode).toBe(201);
      expect(inherited.json().token.packScopes).toEqual(['@acme']);
      const wider = await create(headers, {
        name: 'escape',
        scopes: ['packs:publish'],
        packScopes: ['@other'],
      });
      expect(wider.statusCode).toBe(403);
      expect(wider.json().detail).toContain('may publish only to @acme');
    });

    it('answers bad requests with 400 naming each field', async () => {
      const cases: Array<[unknown, string]> = [
        [{ name: 'x', scopes: ['packs:read'], cidrAllowlist: ['10.0.0.0/33'] }, 'body.cidrAllowlist.0'],
        [{ name: 'x', scopes: ['packs:read'], cidrAllowlist: ['999.1.1.1/8'] }, 'body.cidrAllowlist.0'],
        [{ name: 'x', scopes: ['packs:read'], expiresAt: '2000-01-01T00:00:00Z' }, 'body.expiresAt'],
        [{ name: 'x', scopes: ['packs:read'], expiresAt: '2999-01-01T00:00:00Z' }, 'body.expiresAt'],
        [{ name: 'x', scopes: ['packs:read'], packScopes: ['@acme'] }, 'body.packScopes'],
        [{ name: 'x', scopes: ['not-a-scope'] }, 'body.scopes.0'],
        [{ name: 'x', scopes: [] }, 'body.scopes'],
      ];
      for (const [body, field] of cases) {
        const response = await create(carol.authorization, body);
        expect(response.statusCode, JSON.stringify(body)).toBe(400);
        expect(response.json().errors.map((error: { field: string }) => error.field)).toContain(field);
      }
      const names = (
        await app.inject({ method: 'GET', url: '/v1/tokens?limit=100', headers: carol.authorization })
      )
        .json()
        .items.map((item: { name: string }) => item.name);
      expect(names).not.toContain('x');
    });

    it('stores networks in canonical form and lets the token work only from them', async () => {
      const created = await create(carol.authorization, {
        name: 'office',
        scopes: ['packs:read'],
        cidrAllowlist: ['192.168.0.0/24', '2001:DB8::/48'],
      });
      expect(created.statusCode).toBe(201);
      const { token, secret } = created.json();
      expect(token.cidrAllowlist).toEqual(['192.168.0.0/24', '2001:db8::/48']);
      const from = (remoteAddress: string) =>
        app.inject({
          method: 'GET',
          url: '/v1/packs',
          headers: { authorization: `Bearer ${secret}` },
          remoteAddress,
        });
      expect((await from('192.168.0.77')).statusCode).toBe(200);
      expect((await from('2001:db8:0:ffff::1')).statusCode).toBe(200);
      expect((await from('192.168.1.1')).statusCode).toBe(403);
    });

    it('pages newest first', async () => {
      const dave = await createUserWithToken(testStore.store, {
        username: 'dave',
        scopes: ['tokens:read', 'tokens:write'],
      });
      for (const name of ['one', 'two', 'three']) {
        // Distinct creation times: tokens made in the same millisecond are ordered by their random ids.
        await new Promise((resolve) => setTimeout(resolve, 5));
        expect((await create(dave.authorization, { name, scopes: ['tokens:read'] })).statusCode).toBe(201);
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const url: string = `/v1/tokens?limit=2${cursor === null ? '' : `&cursor=${cursor}`}`;
        const page = (await app.inject({ method: 'GET', url, headers: dave.authorization })).json();
        seen.push(...page.items.map((item: { name: string }) => item.name));
        cursor = page.nextCursor;
      } while (cursor !== null);
      expect(seen).toEqual(['three', 'two', 'one', 'test']);
      const bad = await app.inject({
        method: 'GET',
        url: '/v1/tokens?cursor=zzzz',
        headers: dave.authorization,
      });
      expect(bad.statusCode).toBe(400);
    });

    it("shows and revokes only the caller's own tokens, admins included", async () => {
      const carols = (await create(carol.authorization, { name: 'private', scopes: ['packs:read'] })).json();
      const asAdmin = await app.inject({
        method: 'GET',
        url: `/v1/tokens/${carols.token.id}`,
        headers: admin.authorization,
      });
      expect(asAdmin.statusCode).toBe(404);
      const revokeAsAdmin = await app.inject({
        method: 'DELETE',
        url: `/v1/tokens/${carols.token.id}`,
        headers: admin.authorization,
      });
      expect(revokeAsAdmin.statusCode).toBe(404);
      const still = await app.inject({
        method: 'GET',
        url: '/v1/packs',
        headers: { authorization: `Bearer ${carols.secret}` },
      });
      expect(still.statusCode).toBe(200);
    });

    it('refuses service accounts', async () => {
      const users = createUsersService({ store: testStore.store });
      await users.as(admin.principal).createOrg({ name: 'robots' });
      const account = await testStore.store.transaction((trx) =>
        users.createServiceAccount(trx, {
          username: 'sa-robots-ci',
          org: 'robots',
          role: 'member',
          createdBy: 'root',
        }),
      );
      const signed = await signAccessToken(
        testStore.store,
        {
          userId: account.id,
          subject: 'sa-robots-ci',
          kind: 'serviceAccount',
          scopes: ['tokens:write'],
          clientId: 'sa-robots-ci',
        },
        { issuer: 'http://localhost:80' },
      );
      const response = await create(
        { authorization: `Bearer ${signed.accessToken}` },
        { name: 'sa', scopes: ['tokens:write'] },
      );
      expect(response.statusCode).toBe(403);
      expect(response.json().detail).toBe('Service accounts cannot create personal access tokens');
    });

    it('lets the bootstrap choose the value of a never-expiring token, once', async () => {
      const secret = 'gtcx_bootstrap_0123456789abcdefghijklmnop';
      const created = await createPersonalAccessToken(testStore.store.db, {
        userId: admin.userId,
        name: 'bootstrap',
        scopes: ['admin'],
        expiresAt: null,
        secret,
      });
      expect(created.token).toMatchObject({ expiresAt: null, tokenPrefix: 'gtcx_bootst' });
      const whoami = await app.inject({
        method: 'GET',
        url: '/v1/user',
        headers: { authorization: `Bearer ${secret}` },
      });
      expect(whoami.json()).toMatchObject({ subject: 'root', admin: true, scopes: ['admin'] });
      await expect(
        createPersonalAccessToken(testStore.store.db, {
          userId: admin.userId,
          name: 'again',
          scopes: ['admin'],
          secret,
        }),
      ).rejects.toMatchObject({ code: 'conflict' });
    });
  });
}
