import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store } from '@gtcx/core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../core/test/support/postgres.js';
import { buildApp } from '../src/app.js';
import { resolveServerConfig } from '../src/config.js';
import { openServerStore } from '../src/main.js';
import { createUsersService } from '../src/modules/users/index.js';

/**
 * Service accounts for CI over HTTP, on both stores: org owners create them (the secret shown once),
 * list them (never a secret) and delete them; the client_credentials grant turns the client id and
 * secret into an access token that works, and refuses every bad client in the RFC 6749 shape.
 */

const unlimited = {
  GTCX_RATE_LIMIT_PER_TOKEN: '0',
  GTCX_RATE_LIMIT_PER_IP: '0',
  GTCX_RATE_LIMIT_SIGN_IN: '0',
  GTCX_RATE_LIMIT_OAUTH: '0',
};

const people = {
  alice: { username: 'alice', password: 'alice-password-0123' },
  bob: { username: 'bob', password: 'bob-password-012345' },
  carol: { username: 'carol', password: 'carol-password-0123' },
  root: { username: 'root', password: 'root-password-01234', admin: true },
};
const formType = { 'content-type': 'application/x-www-form-urlencoded' };

interface Harness {
  app: FastifyInstance;
  store: Store;
  dispose(): Promise<void>;
}

async function startHarness(dialect: 'sqlite' | 'postgres'): Promise<Harness> {
  const dataDir = await mkdtemp(join(tmpdir(), 'gtcx-oauth-sa-test-'));
  const database = dialect === 'postgres' ? await createTestDatabase() : undefined;
  const config = resolveServerConfig(
    { port: 0, grpcPort: 0, dataDir, databaseUrl: database?.url, logLevel: 'silent' },
    unlimited,
  );
  const store = await openServerStore(config);
  await store.migrate();
  const users = createUsersService({ store });
  for (const person of Object.values(people)) await users.createUser(person);
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

const basic = (clientId: string, secret: string) => ({
  authorization: `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`,
});

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`service accounts and client_credentials (${dialect})`, () => {
    let h: Harness;
    const sessions: Record<string, string> = {};
    const as = (who: keyof typeof people) => ({ authorization: `Bearer ${sessions[who]}` });
    const createAccount = (
      who: keyof typeof people,
      body: Record<string, unknown>,
      org = 'acme',
      headers: Record<string, string> = {},
    ) =>
      h.app.inject({
        method: 'POST',
        url: `/v1/orgs/${org}/service-accounts`,
        headers: { ...as(who), ...headers },
        payload: body,
      });
    const listAccounts = (who: keyof typeof people, query = '', org = 'acme') =>
      h.app.inject({ method: 'GET', url: `/v1/orgs/${org}/service-accounts${query}`, headers: as(who) });
    const token = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
      h.app.inject({
        method: 'POST',
        url: '/oauth/token',
        headers: { ...formType, ...headers },
        payload: new URLSearchParams(fields).toString(),
      });
    const credentials = (clientId: string, secret: string, fields: Record<string, string> = {}) =>
      token({ grant_type: 'client_credentials', ...fields }, basic(clientId, secret));
    const audit = (action: string) =>
      h.store.db
        .selectFrom('audit_events')
        .selectAll()
        .where('action', '=', action)
        .orderBy('seq')
        .execute() as Promise<
        Array<{
          actor: string | null;
          outcome: string;
          details: string;
          target: string | null;
          org: string | null;
        }>
      >;

    beforeAll(async () => {
      h = await startHarness(dialect);
      for (const who of Object.keys(people) as Array<keyof typeof people>) {
        const { username, password } = people[who];
        const response = await h.app.inject({
          method: 'POST',
          url: '/v1/sessions',
          payload: { username, password },
        });
        expect(response.statusCode, response.body).toBe(201);
        sessions[who] = response.json().accessToken;
      }
      for (const org of ['acme', 'acme-x']) {
        const created = await h.app.inject({
          method: 'POST',
          url: '/v1/orgs',
          headers: as('alice'),
          payload: { name: org },
        });
        expect(created.statusCode, created.body).toBe(201);
      }
      const member = await h.app.inject({
        method: 'PUT',
        url: '/v1/orgs/acme/members/bob',
        headers: as('alice'),
        payload: { role: 'member' },
      });
      expect(member.statusCode, member.body).toBe(201);
    });

    afterAll(async () => {
      await h?.dispose();
    });

    it('creates a service account whose secret works once with client_credentials', async () => {
      const created = await createAccount('alice', {
        name: 'ci',
        role: 'member',
        scopes: ['templates:read', 'packs:read'],
      });
      expect(created.statusCode, created.body).toBe(201);
      expect(created.headers['cache-control']).toBe('no-store');
      expect(created.headers.location).toBe('/v1/orgs/acme/service-accounts/sa-acme-ci');
      const { serviceAccount, clientSecret } = created.json();
      expect(clientSecret).toMatch(/^gtcx_cs_[A-Za-z0-9_-]{43}$/);
      expect(serviceAccount).toEqual({
        clientId: 'sa-acme-ci',
        name: 'ci',
        org: 'acme',
        role: 'member',
        scopes: ['packs:read', 'templates:read'],
        createdBy: 'alice',
        createdAt: expect.any(String),
      });

      const issued = await credentials('sa-acme-ci', clientSecret);
      expect(issued.statusCode, issued.body).toBe(200);
      expect(issued.headers['cache-control']).toBe('no-store');
      const body = issued.json();
      expect(body).toEqual({
        access_token: expect.any(String),
        token_type: 'Bearer',
        expires_in: 900,
        scope: 'packs:read templates:read',
      });
      const bearer = { authorization: `Bearer ${body.access_token}` };
      expect((await h.app.inject({ method: 'GET', url: '/v1/templates', headers: bearer })).statusCode).toBe(
        200,
      );
      const whoami = await h.app.inject({ method: 'GET', url: '/v1/user', headers: bearer });
      expect(whoami.statusCode, whoami.body).toBe(200);
      expect(whoami.json()).toMatchObject({
        subject: 'sa-acme-ci',
        kind: 'serviceAccount',
        admin: false,
        orgs: [{ org: 'acme', role: 'member' }],
      });
      // Beyond its scopes the token is refused like any other.
      expect((await h.app.inject({ method: 'GET', url: '/v1/tokens', headers: bearer })).statusCode).toBe(
        403,
      );

      const inBody = await token({
        grant_type: 'client_credentials',
        client_id: 'sa-acme-ci',
        client_secret: clientSecret,
        scope: 'packs:read',
      });
      expect(inBody.statusCode, inBody.body).toBe(200);
      expect(inBody.json().scope).toBe('packs:read');

      const events = (await audit('oauth.token')).filter((event) => event.outcome === 'success');
      expect(events.at(-1)).toMatchObject({ actor: 'sa-acme-ci', target: 'client:sa-acme-ci' });
      expect(JSON.parse(events.at(-1)?.details ?? '{}')).toMatchObject({
        grantType: 'client_credentials',
        clientId: 'sa-acme-ci',
      });
      const created_ = await audit('service_account.create');
      expect(created_.at(-1)).toMatchObject({ actor: 'alice', org: 'acme', target: 'client:sa-acme-ci' });
      const everything = JSON.stringify([...(await audit('oauth.token')), ...created_]);
      expect(everything).not.toContain(clientSecret);
    });

    it('refuses bad clients in the RFC 6749 shape, with a Basic challenge when Basic was used', async () => {
      const wrongBasic = await credentials('sa-acme-ci', 'gtcx_cs_wrong');
      expect(wrongBasic.statusCode).toBe(401);
      expect(wrongBasic.headers['www-authenticate']).toBe('Basic realm="gtcx", charset="UTF-8"');
      expect(wrongBasic.headers['cache-control']).toBe('no-store');
      expect(wrongBasic.json()).toEqual({ error: 'invalid_client', error_description: expect.any(String) });

      const wrongBody = await token({
        grant_type: 'client_credentials',
        client_id: 'sa-acme-ci',
        client_secret: 'x',
      });
      expect(wrongBody.statusCode).toBe(401);
      expect(wrongBody.headers['www-authenticate']).toBeUndefined();
      const unknown = await credentials('sa-acme-nobody', 'gtcx_cs_wrong');
      // Unknown clients and wrong secrets are told apart by nobody.
      expect(unknown.json()).toEqual(wrongBasic.json());

      const anonymous = await token({ grant_type: 'client_credentials' });
      expect(anonymous.statusCode).toBe(401);
      expect(anonymous.json().error).toBe('invalid_client');

      const publicClient = await token({ grant_type: 'client_credentials', client_id: 'gtcx-cli' });
      expect(publicClient.statusCode).toBe(400);
      expect(publicClient.json().error).toBe('unauthorized_client');

      const twice = await token(
        { grant_type: 'client_credentials', client_secret: 'x' },
        basic('sa-acme-ci', 'gtcx_cs_wrong'),
      );
      expect(twice.json().error).toBe('invalid_request');

      const notBase64 = await token({ grant_type: 'client_credentials' }, { authorization: 'Basic ***' });
      expect(notBase64.statusCode).toBe(401);
      expect(notBase64.headers['www-authenticate']).toContain('Basic');

      const failures = (await audit('oauth.token')).filter((event) => event.outcome === 'failure');
      expect(failures.length).toBeGreaterThanOrEqual(6);
      expect(failures.every((event) => event.actor === null)).toBe(true);
      expect(JSON.stringify(failures)).not.toContain('gtcx_cs_wrong');
    });

    it('never widens a client beyond its scopes', async () => {
      const created = await createAccount('alice', {
        name: 'reader',
        role: 'viewer',
        scopes: ['packs:read'],
      });
      const { clientSecret } = created.json();
      const wider = await credentials('sa-acme-reader', clientSecret, { scope: 'packs:read packs:publish' });
      expect(wider.statusCode).toBe(400);
      expect(wider.json()).toEqual({
        error: 'invalid_scope',
        error_description: expect.stringContaining('packs:publish'),
      });
    });

    it('lists the org own service accounts, paged, without secrets', async () => {
      const other = await createAccount(
        'alice',
        { name: 'ci', role: 'member', scopes: ['packs:read'] },
        'acme-x',
      );
      expect(other.statusCode, other.body).toBe(201);
      expect(other.json().serviceAccount.clientId).toBe('sa-acme-x-ci');

      const all = await listAccounts('alice');
      expect(all.statusCode, all.body).toBe(200);
      expect(all.json().items.map((item: { clientId: string }) => item.clientId)).toEqual([
        'sa-acme-ci',
        'sa-acme-reader',
      ]);
      expect(all.body).not.toContain('gtcx_cs_');
      expect(all.body).not.toMatch(/secret|hash/i);

      const first = (await listAccounts('alice', '?limit=1')).json();
      expect(first.items).toHaveLength(1);
      expect(first.nextCursor).toEqual(expect.any(String));
      const second = (await listAccounts('alice', `?limit=1&cursor=${first.nextCursor}`)).json();
      expect(second.items.map((item: { clientId: string }) => item.clientId)).toEqual(['sa-acme-reader']);
      expect(second.nextCursor).toBeNull();

      expect((await listAccounts('alice', '', 'acme-x')).json().items).toHaveLength(1);
      const foreignCursor = await listAccounts(
        'alice',
        `?cursor=${Buffer.from('sa-other-ci').toString('base64url')}`,
      );
      expect(foreignCursor.statusCode).toBe(400);
    });

    it('lets only org owners and server admins manage them', async () => {
      const body = { name: 'bot', role: 'member', scopes: ['packs:read'] };
      const byMember = await createAccount('bob', body);
      expect(byMember.statusCode).toBe(403);
      expect(byMember.json().detail).toContain('owner');
      expect((await listAccounts('bob')).statusCode).toBe(403);

      const byOutsider = await createAccount('carol', body);
      expect(byOutsider.statusCode).toBe(404);
      expect((await listAccounts('carol')).statusCode).toBe(404);

      const byAdmin = await createAccount('root', body);
      expect(byAdmin.statusCode, byAdmin.body).toBe(201);
      expect(byAdmin.json().serviceAccount.createdBy).toBe('root');

      expect((await createAccount('alice', body, 'no-such-org')).statusCode).toBe(404);
    });

    it('refuses admin, scopes beyond the creator, names too long, and taken names', async () => {
      const admin = await createAccount('alice', { name: 'boss', role: 'maintainer', scopes: ['admin'] });
      expect(admin.statusCode).toBe(403);
      expect(admin.json().hint).toContain('never hold admin');

      const limited = await h.app.inject({
        method: 'POST',
        url: '/v1/sessions',
        payload: { username: 'alice', password: people.alice.password, scopes: ['orgs:write', 'orgs:read'] },
      });
      const beyond = await h.app.inject({
        method: 'POST',
        url: '/v1/orgs/acme/service-accounts',
        headers: { authorization: `Bearer ${limited.json().accessToken}` },
        payload: { name: 'wide', role: 'member', scopes: ['packs:publish'] },
      });
      expect(beyond.statusCode).toBe(403);
      expect(beyond.json().detail).toContain('packs:publish');

      const long = await createAccount('alice', {
        name: 'a'.repeat(35),
        role: 'member',
        scopes: ['packs:read'],
      });
      expect(long.statusCode).toBe(400);
      expect(long.json().hint).toContain('at most 31 characters');

      const hyphen = await createAccount('alice', { name: 'ci-bot', role: 'member', scopes: ['packs:read'] });
      expect(hyphen.statusCode).toBe(400);
      expect(hyphen.json().errors[0].field).toBe('body.name');

      const taken = await createAccount('alice', {
        name: 'ci',
        role: 'member',
        scopes: ['templates:read', 'packs:read'],
      });
      expect(taken.statusCode).toBe(409);
      expect(taken.json().code).toBe('conflict');
    });

    it('answers a retried create with the same account and a fresh secret', async () => {
      const body = { name: 'deploy', role: 'maintainer', scopes: ['packs:publish', 'packs:read'] };
      const key = { 'idempotency-key': 'deploy-1' };
      const first = await createAccount('alice', body, 'acme', key);
      expect(first.statusCode, first.body).toBe(201);
      const retry = await createAccount('alice', body, 'acme', key);
      expect(retry.statusCode, retry.body).toBe(201);
      expect(retry.json().serviceAccount).toEqual(first.json().serviceAccount);
      expect(retry.json().clientSecret).not.toBe(first.json().clientSecret);
      // Only the latest secret works: the lost first answer's secret is useless to whoever finds it.
      expect((await credentials('sa-acme-deploy', first.json().clientSecret)).statusCode).toBe(401);
      expect((await credentials('sa-acme-deploy', retry.json().clientSecret)).statusCode).toBe(200);

      const otherRequest = await createAccount('alice', { ...body, role: 'member' }, 'acme', key);
      expect(otherRequest.statusCode).toBe(409);
    });

    it('deletes a service account: its secret and the tokens it holds stop working', async () => {
      const created = await createAccount('alice', {
        name: 'temp',
        role: 'member',
        scopes: ['templates:read'],
      });
      const { clientSecret } = created.json();
      const accessToken = (await credentials('sa-acme-temp', clientSecret)).json().access_token;
      const bearer = { authorization: `Bearer ${accessToken}` };
      expect((await h.app.inject({ method: 'GET', url: '/v1/templates', headers: bearer })).statusCode).toBe(
        200,
      );

      const elsewhere = await h.app.inject({
        method: 'DELETE',
        url: '/v1/orgs/acme-x/service-accounts/sa-acme-temp',
        headers: as('alice'),
      });
      expect(elsewhere.statusCode).toBe(404);
      const byMember = await h.app.inject({
        method: 'DELETE',
        url: '/v1/orgs/acme/service-accounts/sa-acme-temp',
        headers: as('bob'),
      });
      expect(byMember.statusCode).toBe(403);

      const deleted = await h.app.inject({
        method: 'DELETE',
        url: '/v1/orgs/acme/service-accounts/sa-acme-temp',
        headers: as('alice'),
      });
      expect(deleted.statusCode, deleted.body).toBe(204);
      expect((await credentials('sa-acme-temp', clientSecret)).json().error).toBe('invalid_client');
      expect((await h.app.inject({ method: 'GET', url: '/v1/templates', headers: bearer })).statusCode).toBe(
        401,
      );
      const names = (await listAccounts('alice')).json().items.map((item: { name: string }) => item.name);
      expect(names).not.toContain('temp');
      const again = await h.app.inject({
        method: 'DELETE',
        url: '/v1/orgs/acme/service-accounts/sa-acme-temp',
        headers: as('alice'),
      });
      expect(again.statusCode).toBe(404);
      expect((await audit('service_account.delete')).at(-1)).toMatchObject({
        actor: 'alice',
        org: 'acme',
        outcome: 'success',
      });

      // The name is free again.
      expect(
        (await createAccount('alice', { name: 'temp', role: 'member', scopes: ['packs:read'] })).statusCode,
      ).toBe(201);
    });
  });
}
