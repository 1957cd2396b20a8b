import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store } from '@gtcx/core';
import type { FastifyInstance } from 'fastify';
import { decodeJwt } from 'jose';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../core/test/support/postgres.js';
import { buildApp } from '../src/app.js';
import { resolveServerConfig } from '../src/config.js';
import { openServerStore } from '../src/main.js';
import { revokeAccessTokenFamily } from '../src/modules/auth/access-tokens.js';
import type { AuthTables } from '../src/modules/auth/tables.js';
import { createUsersService } from '../src/modules/users/index.js';

/**
 * Access tokens issued with a refresh token family carry it as `sid`, and die with it: an RFC 7009
 * revocation of a refresh token (what `gtcx logout` sends), refresh token reuse, and the device
 * page's own short sign-in all end the family's access tokens at once, not when they expire. A
 * client_credentials token has no family and is untouched by anyone else's revocation.
 */

const unlimited = {
  GTCX_RATE_LIMIT_PER_TOKEN: '0',
  GTCX_RATE_LIMIT_PER_IP: '0',
  GTCX_RATE_LIMIT_SIGN_IN: '0',
  GTCX_RATE_LIMIT_OAUTH: '0',
};

const alice = { username: 'alice', password: 'alice-password-0123' };
const formType = { 'content-type': 'application/x-www-form-urlencoded' };

interface Harness {
  app: FastifyInstance;
  store: Store;
  dispose(): Promise<void>;
}

async function startHarness(dialect: 'sqlite' | 'postgres'): Promise<Harness> {
  const dataDir = await mkdtemp(join(tmpdir(), 'gtcx-family-test-'));
  const database = dialect === 'postgres' ? await createTestDatabase() : undefined;
  const config = resolveServerConfig(
    { port: 0, grpcPort: 0, dataDir, databaseUrl: database?.url, logLevel: 'silent' },
    unlimited,
  );
  const store = await openServerStore(config);
  await store.migrate();
  await createUsersService({ store }).createUser(alice);
  const app = await buildApp({ config, store, logger: false });
  return {
    app,
    store,
    async dispose() {
      await app.close();
      await store.close();
      await database?.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`access tokens end with their refresh family (${dialect})`, () => {
    let h: Harness;
    const post = (url: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
      h.app.inject({
        method: 'POST',
        url,
        headers: { ...formType, ...headers },
        payload: new URLSearchParams(fields).toString(),
      });
    const signIn = async () => {
      const response = await h.app.inject({ method: 'POST', url: '/v1/sessions', payload: alice });
      expect(response.statusCode, response.body).toBe(201);
      return response.json() as { accessToken: string; refreshToken: string };
    };
    const refresh = (refreshToken: string) =>
      post('/oauth/token', { grant_type: 'refresh_token', refresh_token: refreshToken });
    const revoke = (token: string) => post('/oauth/revoke', { token, token_type_hint: 'refresh_token' });
    const me = (accessToken: string) =>
      h.app.inject({ method: 'GET', url: '/v1/user', headers: { authorization: `Bearer ${accessToken}` } });
    const lastRefusal = async () => {
      const row = await (
        h.store.db as Kysely<{
          audit_events: { seq: number; action: string; actor: string; details: string };
        }>
      )
        .selectFrom('audit_events')
        .select(['actor', 'details'])
        .where('action', '=', 'auth.refused')
        .orderBy('seq', 'desc')
        .executeTakeFirstOrThrow();
      return { actor: row.actor, details: JSON.parse(row.details) as Record<string, unknown> };
    };
    const expectFamilyRevoked = async (accessToken: string) => {
      const response = await me(accessToken);
      expect(response.statusCode, response.body).toBe(401);
      expect(response.json()).toMatchObject({
        code: 'unauthenticated',
        detail: 'The access token has been revoked: the sign-in it was issued with ended',
        hint: expect.stringContaining('sign in again'),
      });
      expect(response.headers['www-authenticate']).toContain('error="invalid_token"');
      expect((await lastRefusal()).details).toMatchObject({ reason: 'family_revoked', status: 401 });
    };

    beforeAll(async () => {
      h = await startHarness(dialect);
    });

    afterAll(async () => {
      await h?.dispose();
    });

    it('names the family in the access token as sid, the same through every rotation', async () => {
      const pair = await signIn();
      const sid = decodeJwt(pair.accessToken).sid;
      expect(sid).toEqual(expect.any(String));
      const rotated = (await refresh(pair.refreshToken)).json();
      expect(decodeJwt(rotated.access_token).sid).toBe(sid);
      const other = await signIn();
      expect(decodeJwt(other.accessToken).sid).not.toBe(sid);
    });

    it('refuses the access token once its refresh token is revoked (RFC 7009), audited', async () => {
      const pair = await signIn();
      const other = await signIn();
      expect((await me(pair.accessToken)).statusCode).toBe(200);

      const revoked = await revoke(pair.refreshToken);
      expect(revoked.statusCode, revoked.body).toBe(200);
      await expectFamilyRevoked(pair.accessToken);
      // Only that sign-in ended: the same user's other session goes on.
      expect((await me(other.accessToken)).statusCode).toBe(200);
      // Introspection agrees with authentication.
      const introspected = await h.app.inject({
        method: 'POST',
        url: '/oauth/introspect',
        headers: { ...formType, authorization: `Bearer ${other.accessToken}` },
        payload: new URLSearchParams({ token: pair.accessToken }).toString(),
      });
      expect(introspected.json()).toEqual({ active: false });
      // Revoking again changes nothing and still answers 200.
      expect((await revoke(pair.refreshToken)).statusCode).toBe(200);
      await expectFamilyRevoked(pair.accessToken);
    });

    it('refuses every access token of a family whose used refresh token came back', async () => {
      const pair = await signIn();
      const rotated = (await refresh(pair.refreshToken)).json();
      expect((await me(rotated.access_token)).statusCode).toBe(200);

      const replay = await refresh(pair.refreshToken);
      expect(replay.json().error).toBe('invalid_grant');
      // The legitimate holder's newest access token went down with the family, and the first one too.
      await expectFamilyRevoked(rotated.access_token);
      await expectFamilyRevoked(pair.accessToken);
    });

    it("ends the device page's own sign-in, while the terminal's device login goes on", async () => {
      const started = await post('/oauth/device_authorization', { client_id: 'gtcx-cli' });
      expect(started.statusCode, started.body).toBe(200);
      const device = started.json();

      // What server/assets/device/page.js does: sign in, decide, revoke the sign-in's refresh token.
      const page = await signIn();
      const approved = await h.app.inject({
        method: 'POST',
        url: '/v1/device-approvals',
        headers: { authorization: `Bearer ${page.accessToken}` },
        payload: { userCode: device.user_code, approve: true },
      });
      expect(approved.statusCode, approved.body).toBeLessThan(300);
      expect((await revoke(page.refreshToken)).statusCode).toBe(200);
      await expectFamilyRevoked(page.accessToken);
      expect((await refresh(page.refreshToken)).json().error).toBe('invalid_grant');

      const polled = await post('/oauth/token', {
        grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
        device_code: device.device_code,
        client_id: 'gtcx-cli',
      });
      expect(polled.statusCode, polled.body).toBe(200);
      const terminal = polled.json();
      expect(decodeJwt(terminal.access_token).sid).not.toBe(decodeJwt(page.accessToken).sid);
      expect((await me(terminal.access_token)).statusCode).toBe(200);
      expect((await refresh(terminal.refresh_token)).statusCode).toBe(200);
    });

    it('leaves a client_credentials token (no family) alone when others are revoked', async () => {
      const session = await signIn();
      const bearer = { authorization: `Bearer ${session.accessToken}` };
      const org = await h.app.inject({
        method: 'POST',
        url: '/v1/orgs',
        headers: bearer,
        payload: { name: 'acme' },
      });
      expect(org.statusCode, org.body).toBe(201);
      const account = await h.app.inject({
        method: 'POST',
        url: '/v1/orgs/acme/service-accounts',
        headers: bearer,
        payload: { name: 'ci', role: 'member', scopes: ['templates:read'] },
      });
      expect(account.statusCode, account.body).toBe(201);
      const { serviceAccount, clientSecret } = account.json();
      const issued = await post('/oauth/token', {
        grant_type: 'client_credentials',
        client_id: serviceAccount.clientId,
        client_secret: clientSecret,
      });
      expect(issued.statusCode, issued.body).toBe(200);
      const machine = issued.json().access_token;
      expect(decodeJwt(machine).sid).toBeUndefined();

      // The person who made it signs out, and someone reuses a refresh token elsewhere.
      expect((await revoke(session.refreshToken)).statusCode).toBe(200);
      const other = await signIn();
      await refresh(other.refreshToken);
      await refresh(other.refreshToken);

      const templates = await h.app.inject({
        method: 'GET',
        url: '/v1/templates',
        headers: { authorization: `Bearer ${machine}` },
      });
      expect(templates.statusCode, templates.body).toBe(200);
    });

    it('keeps a revoked family only as long as its access tokens can live', async () => {
      const db = h.store.db as Kysely<AuthTables>;
      const families = async () =>
        (await db.selectFrom('revoked_token_families').select('family_id').execute()).map(
          (row) => row.family_id,
        );
      const start = new Date();
      await revokeAccessTokenFamily(db, 'family-old', start);
      await revokeAccessTokenFamily(db, 'family-old', start);
      expect(await families()).toContain('family-old');
      // Past the access token lifetime and the clock tolerance, the next revocation drops it.
      const later = new Date(start.getTime() + 20 * 60 * 1000);
      await revokeAccessTokenFamily(db, 'family-new', later);
      const left = await families();
      expect(left).not.toContain('family-old');
      expect(left).toContain('family-new');
    });
  });
}
