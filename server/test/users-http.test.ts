import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import type { Scope } from '../src/auth/principal.js';
import { createPersonalAccessToken } from '../src/modules/auth/index.js';
import { createUsersService, type UserRecord, type UsersService } from '../src/modules/users/index.js';
import { buildSamplePack, createPacksTestStore, type PacksTestStore } from './packs-support.js';
import { testAdminToken } from './support/config.js';
import { auditEvents, testPassword } from './users-support.js';

type Headers = Record<string, string>;

describe.each(['sqlite', 'postgres'] as const)(
  'users, orgs, teams and invitations over REST on %s',
  (dialect) => {
    let testStore: PacksTestStore;
    let app: FastifyInstance;
    let users: UsersService;
    const tokens: Record<string, string> = {};

    /** A personal access token for the user, as `gtcx tokens create` would mint it. */
    async function tokenFor(user: UserRecord, scopes: Scope[], name = 'test'): Promise<string> {
      const { secret } = await createPersonalAccessToken(testStore.store.db, {
        userId: user.id,
        name,
        scopes,
      });
      return secret;
    }

    const as = (who: string, headers: Headers = {}): Headers => ({
      authorization: `Bearer ${tokens[who]}`,
      ...headers,
    });

    function call(
      method: string,
      url: string,
      who: string | undefined,
      body?: unknown,
      headers: Headers = {},
    ) {
      return app.inject({
        method: method as 'GET',
        url,
        headers: who === undefined ? headers : as(who, headers),
        ...(body === undefined ? {} : { payload: body as Record<string, unknown> }),
      });
    }

    const problemOf = (response: LightMyRequestResponse) => {
      expect(response.headers['content-type']).toContain('application/problem+json');
      return response.json();
    };

    beforeAll(async () => {
      testStore = await createPacksTestStore(dialect);
      app = await buildApp({ config: testStore.config, store: testStore.store, logger: false });
      users = createUsersService({ store: testStore.store });
      // The test configuration's GTCX_ADMIN_TOKEN made the first admin, `admin`, on the app's first start.
      const alice = await users.createUser({
        username: 'alice',
        password: testPassword,
        email: 'alice@example.com',
      });
      const bob = await users.createUser({ username: 'bob', password: testPassword });
      tokens.admin = testAdminToken;
      tokens.alice = await tokenFor(alice, ['users:read', 'users:write', 'orgs:read', 'orgs:write']);
      tokens.bob = await tokenFor(bob, ['users:read', 'users:write', 'orgs:read', 'orgs:write']);
      tokens.bobReadOnly = await tokenFor(bob, ['orgs:read'], 'read-only');
    });

    afterAll(async () => {
      await app?.close();
      await testStore?.dispose();
    });

    describe('users', () => {
      it('lets a server admin create a user, with Location, ETag and idempotent retries', async () => {
        const body = { username: 'carol', password: testPassword, displayName: 'Carol' };
        const created = await call('POST', '/v1/users', 'admin', body, { 'idempotency-key': 'new-carol' });
        expect(created.statusCode).toBe(201);
        expect(created.headers.location).toBe('/v1/users/carol');
        expect(created.headers.etag).toMatch(/^"[\w-]+"$/);
        expect(created.json()).toMatchObject({
          username: 'carol',
          displayName: 'Carol',
          admin: false,
          disabled: false,
        });
        const retried = await call('POST', '/v1/users', 'admin', body, { 'idempotency-key': 'new-carol' });
        expect(retried.statusCode).toBe(201);
        expect(retried.json()).toEqual(created.json());
        const taken = await call('POST', '/v1/users', 'admin', body);
        expect(taken.statusCode).toBe(409);
        expect(problemOf(taken)).toMatchObject({ code: 'conflict', detail: 'username "carol" is taken' });
        expect((await users.verifyPassword('carol', testPassword))?.username).toBe('carol');
      });

      it('validates the body against the contract', async () => {
        const short = await call('POST', '/v1/users', 'admin', { username: 'dan', password: 'short' });
        expect(short.statusCode).toBe(400);
        expect(problemOf(short).code).toBe('validation_failed');
        expect(await users.getUserByName('dan')).toBeUndefined();
      });

      it('keeps user administration to server admins', async () => {
        const list = await call('GET', '/v1/users', 'alice');
        expect(list.statusCode).toBe(403);
        expect(problemOf(list)).toMatchObject({
          code: 'forbidden',
          detail: 'listing users is for server admins',
        });
        const create = await call('POST', '/v1/users', 'alice', { username: 'eve', password: testPassword });
        expect(create.statusCode).toBe(403);
        const page = await call('GET', '/v1/users?limit=2', 'admin');
        expect(page.statusCode).toBe(200);
        expect(page.json().items.map((user: { username: string }) => user.username)).toEqual([
          'admin',
          'alice',
        ]);
        const next = await call('GET', `/v1/users?limit=2&cursor=${page.json().nextCursor}`, 'admin');
        expect(next.json().items.map((user: { username: string }) => user.username)).toEqual([
          'bob',
          'carol',
        ]);
        expect(next.json().nextCursor).toBeNull();
      });

      it('serves a user to themself with an ETag, answering 304 and honouring If-Match', async () => {
        const own = await call('GET', '/v1/users/alice', 'alice');
        expect(own.statusCode).toBe(200);
        const etag = own.headers.etag as string;
        expect(
          (await call('GET', '/v1/users/alice', 'alice', undefined, { 'if-none-match': etag })).statusCode,
        ).toBe(304);
        expect((await call('GET', '/v1/users/bob', 'alice')).statusCode).toBe(403);
        const stale = await call(
          'PATCH',
          '/v1/users/alice',
          'alice',
          { displayName: 'A' },
          { 'if-match': '"old"' },
        );
        expect(stale.statusCode).toBe(412);
        expect(problemOf(stale).code).toBe('precondition_failed');
        const updated = await call(
          'PATCH',
          '/v1/users/alice',
          'alice',
          { displayName: 'Alice' },
          { 'if-match': etag },
        );
        expect(updated.statusCode).toBe(200);
        expect(updated.json().displayName).toBe('Alice');
        expect(updated.headers.etag).not.toBe(etag);
        const flag = await call('PATCH', '/v1/users/alice', 'alice', { admin: true });
        expect(flag.statusCode).toBe(403);
        const missing = await call('GET', '/v1/users/nobody', 'admin');
        expect(missing.statusCode).toBe(404);
      });

      it('refuses anonymous callers and tokens without the scope before the handler runs', async () => {
        const anonymous = await call('GET', '/v1/orgs', undefined);
        expect(anonymous.statusCode).toBe(401);
        const readOnly = await call('POST', '/v1/orgs', 'bobReadOnly', { name: 'nope' });
        expect(readOnly.statusCode).toBe(403);
        expect((await call('GET', '/v1/orgs', 'bobReadOnly')).statusCode).toBe(200);
      });

      it('deletes a user with their tokens, but never the last server admin', async () => {
        const last = await call('DELETE', '/v1/users/admin', 'admin');
        expect(last.statusCode).toBe(409);
        expect(problemOf(last).detail).toBe('admin is the last server admin: you cannot delete them');
        const frank = await users.createUser({ username: 'frank', password: testPassword });
        tokens.frank = await tokenFor(frank, ['users:read']);
        expect((await call('GET', '/v1/users/frank', 'frank')).statusCode).toBe(200);
        const deleted = await call('DELETE', '/v1/users/frank', 'admin');
        expect(deleted.statusCode).toBe(204);
        expect((await call('GET', '/v1/users/frank', 'frank')).statusCode).toBe(401);
      });
    });

    describe('orgs', () => {
      it('creates an org owned by its creator, and hides it from non-members', async () => {
        const created = await call('POST', '/v1/orgs', 'alice', { name: 'acme', displayName: 'Acme' });
        expect(created.statusCode).toBe(201);
        expect(created.headers.location).toBe('/v1/orgs/acme');
        expect(created.json()).toMatchObject({
          name: 'acme',
          scope: '@acme',
          displayName: 'Acme',
          description: null,
        });
        const members = await call('GET', '/v1/orgs/acme/members', 'alice');
        expect(members.json()).toMatchObject({
          items: [{ org: 'acme', username: 'alice', role: 'owner' }],
          nextCursor: null,
        });
        const hidden = await call('GET', '/v1/orgs/acme', 'bob');
        expect(hidden.statusCode).toBe(404);
        expect(problemOf(hidden)).toMatchObject({ code: 'not_found', detail: 'org "acme" not found' });
        expect((await call('GET', '/v1/orgs/acme/members', 'bob')).statusCode).toBe(404);
        expect((await call('GET', '/v1/orgs/acme', 'admin')).statusCode).toBe(200);
        expect(
          (await call('GET', '/v1/orgs', 'alice')).json().items.map((o: { name: string }) => o.name),
        ).toEqual(['acme']);
      });

      it('records the change in the audit log with actor, address and request id', async () => {
        const changed = await call('PATCH', '/v1/orgs/acme', 'alice', { description: 'Rockets' });
        expect(changed.statusCode).toBe(200);
        const event = (await auditEvents(testStore.store, 'org.update')).at(-1);
        expect(event).toMatchObject({
          actor: 'alice',
          actor_type: 'user',
          target: 'org:acme',
          org: 'acme',
          outcome: 'success',
          ip: '127.0.0.1',
          request_id: changed.headers['x-request-id'],
        });
      });

      it('adds members with PUT (201, then 200) and keeps the last owner', async () => {
        const added = await call('PUT', '/v1/orgs/acme/members/bob', 'alice', { role: 'member' });
        expect(added.statusCode).toBe(201);
        expect(added.json()).toMatchObject({ org: 'acme', username: 'bob', role: 'member' });
        const changed = await call('PUT', '/v1/orgs/acme/members/bob', 'alice', { role: 'maintainer' });
        expect(changed.statusCode).toBe(200);
        expect(changed.json().role).toBe('maintainer');
        const byMaintainer = await call('PUT', '/v1/orgs/acme/members/carol', 'bob', { role: 'member' });
        expect(byMaintainer.statusCode).toBe(403);
        const demote = await call('PUT', '/v1/orgs/acme/members/alice', 'alice', { role: 'member' });
        expect(demote.statusCode).toBe(409);
        expect(problemOf(demote).hint).toContain('make another member an owner first');
        const badRole = await call('PUT', '/v1/orgs/acme/members/bob', 'alice', { role: 'emperor' });
        expect(badRole.statusCode).toBe(400);
      });

      it('refuses to delete an org that owns published packs', async () => {
        const built = await buildSamplePack({ name: '@acme/web' });
        const upload = await app.inject({
          method: 'PUT',
          url: '/v1/packs/@acme%2Fweb/versions/1.0.0',
          headers: as('admin', { 'content-type': 'application/gzip' }),
          payload: built.tarball,
        });
        expect(upload.statusCode).toBe(201);
        const refused = await call('DELETE', '/v1/orgs/acme', 'alice');
        expect(refused.statusCode).toBe(409);
        expect(problemOf(refused).detail).toBe('org "acme" owns published packs under @acme');
        expect((await call('GET', '/v1/orgs/acme', 'alice')).statusCode).toBe(200);
      });

      it('deletes an org without packs, with If-Match', async () => {
        const created = await call('POST', '/v1/orgs', 'bob', { name: 'scratch' });
        const stale = await call('DELETE', '/v1/orgs/scratch', 'bob', undefined, { 'if-match': '"nope"' });
        expect(stale.statusCode).toBe(412);
        const deleted = await call('DELETE', '/v1/orgs/scratch', 'bob', undefined, {
          'if-match': created.headers.etag as string,
        });
        expect(deleted.statusCode).toBe(204);
        expect((await call('GET', '/v1/orgs/scratch', 'admin')).statusCode).toBe(404);
      });
    });

    describe('teams', () => {
      it('lets maintainers manage teams and their members', async () => {
        const created = await call('POST', '/v1/orgs/acme/teams', 'bob', {
          name: 'web',
          description: 'Frontend',
        });
        expect(created.statusCode).toBe(201);
        expect(created.headers.location).toBe('/v1/orgs/acme/teams/web');
        expect(created.json()).toMatchObject({ org: 'acme', name: 'web', memberCount: 0 });
        const joined = await call('PUT', '/v1/orgs/acme/teams/web/members/alice', 'bob', {});
        expect(joined.statusCode).toBe(201);
        expect(joined.json()).toMatchObject({ org: 'acme', team: 'web', username: 'alice', role: 'member' });
        const promoted = await call('PUT', '/v1/orgs/acme/teams/web/members/alice', 'bob', {
          role: 'maintainer',
        });
        expect(promoted.statusCode).toBe(200);
        const outsider = await call('PUT', '/v1/orgs/acme/teams/web/members/carol', 'bob', {});
        expect(outsider.statusCode).toBe(409);
        expect(problemOf(outsider).hint).toContain('add them to the org first');
        const team = await call('GET', '/v1/orgs/acme/teams/web', 'alice');
        expect(team.json().memberCount).toBe(1);
        expect(
          (
            await call('GET', '/v1/orgs/acme/teams/web', 'alice', undefined, {
              'if-none-match': team.headers.etag as string,
            })
          ).statusCode,
        ).toBe(304);
        const member = await call('GET', '/v1/orgs/acme/teams/web/members/alice', 'bob');
        expect(member.json().role).toBe('maintainer');
        const list = await call('GET', '/v1/orgs/acme/teams/web/members', 'bob');
        expect(list.json().items.map((m: { username: string }) => m.username)).toEqual(['alice']);
        const renamed = await call(
          'PATCH',
          '/v1/orgs/acme/teams/web',
          'bob',
          { name: 'frontend' },
          { 'if-match': team.headers.etag as string },
        );
        expect(renamed.statusCode).toBe(200);
        expect(renamed.json().name).toBe('frontend');
        expect((await call('DELETE', '/v1/orgs/acme/teams/frontend/members/alice', 'bob')).statusCode).toBe(
          204,
        );
        expect((await call('GET', '/v1/orgs/acme/teams/frontend/members/alice', 'bob')).statusCode).toBe(404);
        expect((await call('DELETE', '/v1/orgs/acme/teams/frontend', 'bob')).statusCode).toBe(204);
        expect((await call('GET', '/v1/orgs/acme/teams', 'alice')).json()).toEqual({
          items: [],
          nextCursor: null,
        });
      });
    });

    describe('invitations', () => {
      it('invites by token, shown once and never cached, accepted once by the addressee', async () => {
        const created = await call('POST', '/v1/orgs/acme/invitations', 'alice', {
          role: 'viewer',
          username: 'carol',
        });
        expect(created.statusCode).toBe(201);
        expect(created.headers['cache-control']).toBe('no-store');
        const { invitation, secret } = created.json();
        expect(created.headers.location).toBe(`/v1/orgs/acme/invitations/${invitation.id}`);
        expect(secret).toMatch(/^gtcx_inv_/);
        const pending = await call('GET', '/v1/orgs/acme/invitations', 'alice');
        expect(pending.json().items).toEqual([invitation]);
        expect(JSON.stringify(pending.json())).not.toContain(secret);
        expect((await call('GET', '/v1/orgs/acme/invitations', 'bob')).statusCode).toBe(403);

        const carol = (await users.getUserByName('carol')) as UserRecord;
        tokens.carol = await tokenFor(carol, ['orgs:read', 'orgs:write']);
        const wrong = await call('POST', '/v1/invitation-acceptances', 'bob', { token: secret });
        expect(wrong.statusCode).toBe(403);
        const accepted = await call('POST', '/v1/invitation-acceptances', 'carol', { token: secret });
        expect(accepted.statusCode).toBe(201);
        expect(accepted.json()).toMatchObject({ org: 'acme', username: 'carol', role: 'viewer' });
        const again = await call('POST', '/v1/invitation-acceptances', 'carol', { token: secret });
        expect(again.statusCode).toBe(404);
        expect((await call('GET', '/v1/orgs/acme', 'carol')).statusCode).toBe(200);
      });

      it('cancels an invitation so its token stops working', async () => {
        const created = await call('POST', '/v1/orgs/acme/invitations', 'alice', { role: 'member' });
        const { invitation, secret } = created.json();
        expect((await call('DELETE', `/v1/orgs/acme/invitations/${invitation.id}`, 'alice')).statusCode).toBe(
          204,
        );
        expect((await call('DELETE', `/v1/orgs/acme/invitations/${invitation.id}`, 'alice')).statusCode).toBe(
          404,
        );
        expect(
          (await call('POST', '/v1/invitation-acceptances', 'admin', { token: secret })).statusCode,
        ).toBe(404);
        const actions = (await auditEvents(testStore.store)).map((event) => event.action);
        expect(actions).toEqual(
          expect.arrayContaining(['invitation.create', 'invitation.accept', 'invitation.cancel']),
        );
      });
    });

    describe('leaving', () => {
      it('lets a member leave and removes members for owners', async () => {
        expect((await call('DELETE', '/v1/orgs/acme/members/carol', 'carol')).statusCode).toBe(204);
        expect((await call('GET', '/v1/orgs/acme', 'carol')).statusCode).toBe(404);
        expect((await call('DELETE', '/v1/orgs/acme/members/bob', 'alice')).statusCode).toBe(204);
        const last = await call('DELETE', '/v1/orgs/acme/members/alice', 'alice');
        expect(last.statusCode).toBe(409);
      });
    });
  },
);
