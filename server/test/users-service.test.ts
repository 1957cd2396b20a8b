import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../src/auth/principal.js';
import type { UserRecord } from '../src/modules/users/index.js';
import {
  auditEvents,
  createUsersTestStore,
  principalOf,
  rejectionOf,
  testPassword,
  type UsersTestStore,
} from './users-support.js';

describe.each(['sqlite', 'postgres'] as const)('users service on %s', (dialect) => {
  let t: UsersTestStore;
  let admin: UserRecord;
  let alice: UserRecord;
  let bob: UserRecord;
  let carol: UserRecord;
  let asAdmin: Principal;
  let asAlice: Principal;
  let asBob: Principal;
  let asCarol: Principal;
  const audit = { actor: { kind: 'user' as const, subject: 'alice' }, ip: '203.0.113.7', requestId: 'req-1' };

  beforeAll(async () => {
    t = await createUsersTestStore(dialect, { scopeHasPacks: async (scope) => scope === '@packed' });
    admin = await t.service.createUser({ username: 'root', password: testPassword, admin: true });
    alice = await t.service.createUser({
      username: 'alice',
      password: testPassword,
      email: 'alice@example.com',
    });
    bob = await t.service.createUser({ username: 'bob', password: testPassword, email: 'Bob@Example.com' });
    carol = await t.service.createUser({ username: 'carol', password: testPassword });
    [asAdmin, asAlice, asBob, asCarol] = [admin, alice, bob, carol].map((user) => principalOf(user)) as [
      Principal,
      Principal,
      Principal,
      Principal,
    ];
  });

  afterAll(async () => {
    await t?.dispose();
  });

  describe('passwords', () => {
    it('stores a self-describing scrypt hash, never the password', async () => {
      const row = await t.store.db
        .selectFrom('users')
        .select('password_hash')
        .where('username', '=', 'alice')
        .executeTakeFirstOrThrow();
      expect(row.password_hash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
      expect(row.password_hash).not.toContain(testPassword);
    });

    it('signs in with the right password only', async () => {
      expect(await t.service.verifyPassword('alice', testPassword)).toMatchObject({
        id: alice.id,
        username: 'alice',
        kind: 'user',
        admin: false,
        disabled: false,
      });
      expect(await t.service.verifyPassword('alice', `${testPassword}!`)).toBeNull();
      expect(await t.service.verifyPassword('nobody', testPassword)).toBeNull();
    });

    it('answers an unknown user as slowly as a wrong password', async () => {
      const fastest = async (fn: () => Promise<unknown>) => {
        let best = Number.POSITIVE_INFINITY;
        for (let i = 0; i < 3; i++) {
          const start = performance.now();
          await fn();
          best = Math.min(best, performance.now() - start);
        }
        return best;
      };
      const wrong = await fastest(() => t.service.verifyPassword('alice', 'wrong password here'));
      const unknown = await fastest(() => t.service.verifyPassword('no-such-user', 'wrong password here'));
      // Both run one full scrypt derivation (tens of milliseconds); without it an unknown user answers in
      // well under a millisecond.
      expect(wrong).toBeGreaterThan(10);
      expect(unknown).toBeGreaterThan(wrong / 3);
      expect(unknown).toBeLessThan(wrong * 3);
    });

    it('refuses a disabled user even with the right password', async () => {
      const dave = await t.service.createUser({ username: 'dave', password: testPassword });
      await t.service.as(asAdmin).updateUser('dave', { disabled: true });
      expect(await t.service.verifyPassword('dave', testPassword)).toBeNull();
      await t.service.as(asAdmin).updateUser('dave', { disabled: false });
      expect((await t.service.verifyPassword('dave', testPassword))?.id).toBe(dave.id);
      await t.service.as(asAdmin).deleteUser('dave');
    });

    it('refuses short passwords and bad usernames before writing anything', async () => {
      const short = await rejectionOf(t.service.createUser({ username: 'erin', password: 'short' }));
      expect(short).toMatchObject({
        code: 'validation_failed',
        message: 'the password needs at least 12 characters',
      });
      const bad = await rejectionOf(t.service.createUser({ username: 'Erin!', password: testPassword }));
      expect(bad.code).toBe('validation_failed');
      expect(bad.message).toContain('username "Erin!"');
      expect(await t.service.getUserByName('erin')).toBeUndefined();
    });

    it('refuses a taken username with a conflict', async () => {
      const taken = await rejectionOf(t.service.createUser({ username: 'alice', password: testPassword }));
      expect(taken).toMatchObject({ code: 'conflict', message: 'username "alice" is taken' });
    });
  });

  describe('users', () => {
    it('lists users by username for server admins only, a page at a time', async () => {
      const first = await t.service.as(asAdmin).listUsers({ limit: 2 });
      expect(first.items.map((user) => user.username)).toEqual(['alice', 'bob']);
      expect(first.nextCursor).toEqual(expect.any(String));
      const second = await t.service.as(asAdmin).listUsers({ limit: 2, cursor: first.nextCursor as string });
      expect(second.items.map((user) => user.username)).toEqual(['carol', 'root']);
      expect(second.nextCursor).toBeNull();
      expect(first.items[0]).toEqual({
        username: 'alice',
        displayName: null,
        email: 'alice@example.com',
        admin: false,
        disabled: false,
        createdAt: alice.createdAt,
        updatedAt: alice.updatedAt,
      });
      expect((await rejectionOf(t.service.as(asAlice).listUsers())).code).toBe('forbidden');
      const badCursor = await rejectionOf(t.service.as(asAdmin).listUsers({ cursor: 'bm90IGEgbmFtZSE' }));
      expect(badCursor.code).toBe('validation_failed');
    });

    it('a server admin flag without the admin scope is not enough', async () => {
      const narrow = principalOf(admin, ['users:read']);
      const refused = await rejectionOf(t.service.as(narrow).listUsers());
      expect(refused).toMatchObject({ code: 'forbidden', hint: 'use a token that carries the admin scope' });
    });

    it('lets users read and change their own name, email and password, not others or their flags', async () => {
      expect((await t.service.as(asAlice).getUser('alice')).username).toBe('alice');
      expect((await rejectionOf(t.service.as(asAlice).getUser('bob'))).code).toBe('forbidden');
      const renamed = await t.service.as(asAlice).updateUser('alice', { displayName: 'Alice A.' });
      expect(renamed.displayName).toBe('Alice A.');
      const promote = await rejectionOf(t.service.as(asAlice).updateUser('alice', { admin: true }));
      expect(promote).toMatchObject({ code: 'forbidden', message: 'only server admins may change admin' });
      expect((await rejectionOf(t.service.as(asAlice).updateUser('bob', { displayName: 'x' }))).code).toBe(
        'forbidden',
      );
      await t.service.as(asCarol).updateUser('carol', { password: 'a brand new passphrase' });
      expect(await t.service.verifyPassword('carol', testPassword)).toBeNull();
      expect((await t.service.verifyPassword('carol', 'a brand new passphrase'))?.id).toBe(carol.id);
      await t.service.as(asCarol).updateUser('carol', { password: testPassword });
      const events = await auditEvents(t.store, 'user.update');
      expect(events.some((event) => event.details.includes('brand new'))).toBe(false);
    });

    it('honours If-Match on updates', async () => {
      const { etagOf } = await import('../src/modules/packs/etag.js');
      const current = await t.service.as(asAdmin).getUser('bob');
      const stale = await rejectionOf(
        t.service.as(asAdmin).updateUser('bob', { displayName: 'B' }, '"stale"'),
      );
      expect(stale.code).toBe('precondition_failed');
      expect((await t.service.as(asAdmin).getUser('bob')).displayName).toBeNull();
      const updated = await t.service.as(asAdmin).updateUser('bob', { displayName: 'Bob' }, etagOf(current));
      expect(updated.displayName).toBe('Bob');
    });

    it('never leaves the server without an enabled admin', async () => {
      const demote = await rejectionOf(t.service.as(asAdmin).updateUser('root', { admin: false }));
      expect(demote).toMatchObject({
        code: 'conflict',
        message: 'root is the last server admin: you cannot demote or disable them',
      });
      expect((await rejectionOf(t.service.as(asAdmin).updateUser('root', { disabled: true }))).code).toBe(
        'conflict',
      );
      expect((await rejectionOf(t.service.as(asAdmin).deleteUser('root'))).code).toBe('conflict');
      expect(await t.service.countAdmins()).toBe(1);
    });

    it('deletes a user with their memberships, but not the last owner of an org', async () => {
      const frank = await t.service.createUser({ username: 'frank', password: testPassword });
      await t.service.as(principalOf(frank)).createOrg({ name: 'franks' });
      const sole = await rejectionOf(t.service.as(asAdmin).deleteUser('frank'));
      expect(sole).toMatchObject({ code: 'conflict', message: 'frank is the only owner of "franks"' });
      await t.service.as(principalOf(frank)).setOrgMember('franks', 'carol', 'owner');
      await t.service.as(asAdmin).deleteUser('frank');
      expect(await t.service.getUserByName('frank')).toBeUndefined();
      expect(await t.service.membershipsOf(frank.id)).toEqual([]);
      const event = (await auditEvents(t.store, 'user.delete')).at(-1);
      expect(event).toMatchObject({ target: 'user:frank', outcome: 'success' });
      expect((await rejectionOf(t.service.as(asAdmin).getUser('frank'))).code).toBe('not_found');
    });
  });

  describe('orgs and members', () => {
    it('makes the creator the owner and audits it in the same transaction', async () => {
      const org = await t.service.as(asAlice, audit).createOrg({ name: 'acme', displayName: 'Acme Inc.' });
      expect(org.answer).toEqual({
        name: 'acme',
        scope: '@acme',
        displayName: 'Acme Inc.',
        description: null,
        createdAt: expect.any(String),
        updatedAt: org.answer.createdAt,
      });
      expect(await t.service.orgRoleOf(alice.id, 'acme')).toBe('owner');
      expect(await t.service.membershipsOf(alice.id)).toEqual([{ org: 'acme', role: 'owner' }]);
      const event = (await auditEvents(t.store, 'org.create')).at(-1);
      expect(event).toMatchObject({
        actor: 'alice',
        actor_type: 'user',
        target: 'org:acme',
        org: 'acme',
        outcome: 'success',
        ip: '203.0.113.7',
        request_id: 'req-1',
      });
      const taken = await rejectionOf(t.service.as(asBob).createOrg({ name: 'acme' }));
      expect(taken).toMatchObject({ code: 'conflict', message: 'org name "acme" is taken' });
      expect((await auditEvents(t.store, 'org.create')).filter((e) => e.target === 'org:acme')).toHaveLength(
        1,
      );
    });

    it('answers a retried create with the same Idempotency-Key once, and refuses the key for another body', async () => {
      const first = await t.service.as(asBob).createOrg({ name: 'bobs' }, 'key-1');
      const again = await t.service.as(asBob).createOrg({ name: 'bobs' }, 'key-1');
      expect(first.replayed).toBe(false);
      expect(again).toEqual({ answer: first.answer, replayed: true });
      const other = await rejectionOf(t.service.as(asBob).createOrg({ name: 'bobs-2' }, 'key-1'));
      expect(other.code).toBe('conflict');
      expect(other.message).toContain('Idempotency-Key "key-1" was already used for another request');
      // Keys belong to their caller: the same key from someone else is theirs to use.
      expect((await t.service.as(asCarol).createOrg({ name: 'carols' }, 'key-1')).replayed).toBe(false);
    });

    it('shows an org to its members and admins only, and hides it from everyone else', async () => {
      expect((await t.service.as(asAdmin).getOrg('acme')).name).toBe('acme');
      const hidden = await rejectionOf(t.service.as(asBob).getOrg('acme'));
      const missing = await rejectionOf(t.service.as(asBob).getOrg('no-such-org'));
      expect(hidden).toMatchObject({ code: 'not_found', message: 'org "acme" not found' });
      expect(missing).toMatchObject({ code: 'not_found', message: 'org "no-such-org" not found' });
      const bobsOrgs = await t.service.as(asBob).listOrgs();
      expect(bobsOrgs.items.map((org) => org.name)).toEqual(['bobs']);
      const all = await t.service.as(asAdmin).listOrgs({ limit: 2 });
      expect(all.items.map((org) => org.name)).toEqual(['acme', 'bobs']);
      const rest = await t.service.as(asAdmin).listOrgs({ cursor: all.nextCursor as string });
      expect(rest.items.map((org) => org.name)).toEqual(['carols', 'franks']);
    });

    it('lets owners manage members and roles, answering whether the member is new', async () => {
      const added = await t.service.as(asAlice, audit).setOrgMember('acme', 'bob', 'member');
      expect(added.created).toBe(true);
      expect(added.membership).toMatchObject({ org: 'acme', username: 'bob', role: 'member' });
      const changed = await t.service.as(asAlice, audit).setOrgMember('acme', 'bob', 'maintainer');
      expect(changed).toMatchObject({ created: false, membership: { role: 'maintainer' } });
      const events = await auditEvents(t.store, 'org.member.set');
      expect(events.slice(-2).map((event) => JSON.parse(event.details))).toEqual([
        { username: 'bob', role: 'member', previousRole: null },
        { username: 'bob', role: 'maintainer', previousRole: 'member' },
      ]);
      const byMaintainer = await rejectionOf(t.service.as(asBob).setOrgMember('acme', 'carol', 'viewer'));
      expect(byMaintainer.code).toBe('forbidden');
      expect(byMaintainer.message).toContain('needs the owner role; you are a maintainer');
      const ghost = await rejectionOf(t.service.as(asAlice).setOrgMember('acme', 'ghost', 'member'));
      expect(ghost).toMatchObject({ code: 'not_found', message: 'user "ghost" not found' });
      const members = await t.service.as(asBob).listOrgMembers('acme');
      expect(members.items.map((m) => [m.username, m.role])).toEqual([
        ['alice', 'owner'],
        ['bob', 'maintainer'],
      ]);
    });

    it('never lets the last owner go or be demoted', async () => {
      const demote = await rejectionOf(t.service.as(asAlice).setOrgMember('acme', 'alice', 'member'));
      expect(demote.code).toBe('conflict');
      expect(demote.message).toBe('cannot demote alice: that is the last owner of org "acme"');
      expect(demote.hint).toContain('make another member an owner first');
      const leave = await rejectionOf(t.service.as(asAlice).removeOrgMember('acme', 'alice'));
      expect(leave).toMatchObject({
        code: 'conflict',
        message: 'cannot leave: that is the last owner of org "acme"',
      });
      expect(await t.service.orgRoleOf(alice.id, 'acme')).toBe('owner');
    });

    it('lets a member leave, taking their team memberships with them', async () => {
      await t.service.as(asAlice).setOrgMember('acme', 'carol', 'member');
      await t.service.as(asAlice).createTeam('acme', { name: 'leavers' });
      await t.service.as(asAlice).setTeamMember('acme', 'leavers', 'carol');
      await t.service.as(asCarol).removeOrgMember('acme', 'carol');
      expect(await t.service.orgRoleOf(carol.id, 'acme')).toBeNull();
      expect((await t.service.as(asAlice).getTeam('acme', 'leavers')).memberCount).toBe(0);
      const notMember = await rejectionOf(t.service.as(asAlice).removeOrgMember('acme', 'carol'));
      expect(notMember).toMatchObject({
        code: 'not_found',
        message: '"carol" is not a member of org "acme"',
      });
      await t.service.as(asAlice).deleteTeam('acme', 'leavers');
    });

    it('lets owners update an org, not other members', async () => {
      const updated = await t.service.as(asAlice).updateOrg('acme', { description: 'Rockets' });
      expect(updated).toMatchObject({ description: 'Rockets', displayName: 'Acme Inc.' });
      expect((await rejectionOf(t.service.as(asBob).updateOrg('acme', { description: 'x' }))).code).toBe(
        'forbidden',
      );
      expect((await rejectionOf(t.service.as(asCarol).updateOrg('acme', { description: 'x' }))).code).toBe(
        'not_found',
      );
    });

    it('deletes an org with its teams, members and invitations, but not one that owns packs', async () => {
      const packed = await t.service.as(asCarol).createOrg({ name: 'packed' });
      expect(packed.answer.scope).toBe('@packed');
      const refused = await rejectionOf(t.service.as(asCarol).deleteOrg('packed'));
      expect(refused).toMatchObject({
        code: 'conflict',
        message: 'org "packed" owns published packs under @packed',
      });
      await t.service.as(asCarol).createTeam('carols', { name: 'crew' });
      await t.service.as(asCarol).createInvitation('carols', { role: 'member' });
      await t.service.as(asCarol).deleteOrg('carols');
      expect((await rejectionOf(t.service.as(asAdmin).getOrg('carols'))).code).toBe('not_found');
      const leftovers = await Promise.all(
        ['teams', 'org_members', 'invitations'].map((table) =>
          (t.store.db as Kysely<Record<string, { org: string }>>)
            .selectFrom(table)
            .select('org')
            .where('org', '=', 'carols')
            .execute(),
        ),
      );
      expect(leftovers.flat()).toEqual([]);
      expect((await auditEvents(t.store, 'org.delete')).map((event) => event.target)).toEqual(['org:carols']);
    });

    it('keeps service accounts to the org that made them', async () => {
      const account = await t.store.transaction((trx) =>
        t.service.createServiceAccount(trx, {
          username: 'sa-acme-ci',
          org: 'acme',
          role: 'member',
          createdBy: 'alice',
        }),
      );
      expect(account).toMatchObject({ kind: 'serviceAccount', username: 'sa-acme-ci', admin: false });
      expect(await t.service.membershipsOf(account.id)).toEqual([{ org: 'acme', role: 'member' }]);
      expect(await t.service.verifyPassword('sa-acme-ci', testPassword)).toBeNull();
      const elsewhere = await rejectionOf(t.service.as(asBob).setOrgMember('bobs', 'sa-acme-ci', 'member'));
      expect(elsewhere.code).toBe('conflict');
      expect((await rejectionOf(t.service.as(principalOf(account)).createOrg({ name: 'robots' }))).code).toBe(
        'forbidden',
      );
      expect((await rejectionOf(t.service.as(asAdmin).getUser('sa-acme-ci'))).code).toBe('not_found');
      expect(await t.store.transaction((trx) => t.service.deleteServiceAccount(trx, account.id))).toBe(true);
      expect(await t.service.getUserById(account.id)).toBeUndefined();
      expect(await t.store.transaction((trx) => t.service.deleteServiceAccount(trx, alice.id))).toBe(false);
    });
  });

  describe('teams', () => {
    it('lets owners and maintainers create teams, and members read them', async () => {
      const web = await t.service
        .as(asBob, audit)
        .createTeam('acme', { name: 'web', description: 'Frontend' });
      expect(web.answer).toEqual({
        org: 'acme',
        name: 'web',
        description: 'Frontend',
        memberCount: 0,
        createdAt: expect.any(String),
        updatedAt: web.answer.createdAt,
      });
      const event = (await auditEvents(t.store, 'team.create')).at(-1);
      expect(event).toMatchObject({ target: 'org:acme/team:web', org: 'acme' });
      await t.service.as(asAlice).setOrgMember('acme', 'carol', 'viewer');
      expect((await rejectionOf(t.service.as(asCarol).createTeam('acme', { name: 'ops' }))).code).toBe(
        'forbidden',
      );
      expect((await t.service.as(asCarol).listTeams('acme')).items.map((team) => team.name)).toEqual(['web']);
      const dup = await rejectionOf(t.service.as(asAlice).createTeam('acme', { name: 'web' }));
      expect(dup).toMatchObject({ code: 'conflict', message: 'org "acme" already has a team "web"' });
    });

    it('adds only org members to a team, and counts them', async () => {
      const added = await t.service.as(asAlice).setTeamMember('acme', 'web', 'carol', 'maintainer');
      expect(added).toMatchObject({
        created: true,
        membership: { org: 'acme', team: 'web', username: 'carol', role: 'maintainer' },
      });
      const outsider = await t.service.createUser({ username: 'gina', password: testPassword });
      const refused = await rejectionOf(t.service.as(asAlice).setTeamMember('acme', 'web', 'gina'));
      expect(refused).toMatchObject({ code: 'conflict', message: '"gina" is not a member of org "acme"' });
      await t.service.as(asAlice).setOrgMember('acme', 'gina', 'member');
      // A team's own maintainer manages its members, even as an org viewer.
      const byTeamMaintainer = await t.service.as(asCarol).setTeamMember('acme', 'web', 'gina');
      expect(byTeamMaintainer.membership.role).toBe('member');
      expect((await t.service.as(asCarol).getTeam('acme', 'web')).memberCount).toBe(2);
      const members = await t.service.as(principalOf(outsider)).listTeamMembers('acme', 'web');
      expect(members.items.map((m) => m.username)).toEqual(['carol', 'gina']);
      expect((await t.service.as(asBob).getTeamMember('acme', 'web', 'gina')).role).toBe('member');
      const absent = await rejectionOf(t.service.as(asBob).getTeamMember('acme', 'web', 'alice'));
      expect(absent).toMatchObject({
        code: 'not_found',
        message: '"alice" is not a member of team "web" in org "acme"',
      });
      await t.service.as(asCarol).removeTeamMember('acme', 'web', 'gina');
      expect((await t.service.as(asCarol).getTeam('acme', 'web')).memberCount).toBe(1);
    });

    it('renames a team only to a free name, and deletes it without touching the org', async () => {
      await t.service.as(asAlice).createTeam('acme', { name: 'api' });
      const clash = await rejectionOf(t.service.as(asAlice).updateTeam('acme', 'api', { name: 'web' }));
      expect(clash.code).toBe('conflict');
      const renamed = await t.service
        .as(asAlice)
        .updateTeam('acme', 'api', { name: 'backend', description: null });
      expect(renamed).toMatchObject({ name: 'backend', description: null });
      expect((await rejectionOf(t.service.as(asAlice).getTeam('acme', 'api'))).code).toBe('not_found');
      await t.service.as(asAlice).deleteTeam('acme', 'web');
      expect(await t.service.orgRoleOf(carol.id, 'acme')).toBe('viewer');
      expect((await t.service.as(asAlice).listTeams('acme')).items.map((team) => team.name)).toEqual([
        'backend',
      ]);
    });
  });

  describe('invitations', () => {
    it('shows the token once and keeps only its hash', async () => {
      await t.service.createUser({ username: 'kim', password: testPassword });
      const created = await t.service
        .as(asAlice, audit)
        .createInvitation('acme', { role: 'member', username: 'kim' });
      expect(created.answer.secret).toMatch(/^gtcx_inv_[\w-]{43}$/);
      expect(created.answer.invitation).toMatchObject({
        org: 'acme',
        role: 'member',
        username: 'kim',
        email: null,
        invitedBy: 'alice',
      });
      const lifetime =
        Date.parse(created.answer.invitation.expiresAt) - Date.parse(created.answer.invitation.createdAt);
      expect(lifetime).toBe(7 * 24 * 60 * 60 * 1000);
      const rows = await t.store.db.selectFrom('invitations').selectAll().execute();
      expect(JSON.stringify(rows)).not.toContain(created.answer.secret);
      const event = (await auditEvents(t.store, 'invitation.create')).at(-1);
      expect(event?.details).not.toContain(created.answer.secret);
    });

    it('refuses inviting an existing member, and lets only owners invite', async () => {
      const member = await rejectionOf(
        t.service.as(asAlice).createInvitation('acme', { role: 'owner', username: 'carol' }),
      );
      expect(member).toMatchObject({
        code: 'conflict',
        message: '"carol" is already a member of org "acme" (as viewer)',
      });
      expect((await rejectionOf(t.service.as(asBob).createInvitation('acme', { role: 'member' }))).code).toBe(
        'forbidden',
      );
      expect((await rejectionOf(t.service.as(asBob).listInvitations('acme'))).code).toBe('forbidden');
    });

    it('is accepted once, by its addressee only', async () => {
      const hank = await t.service.createUser({ username: 'hank', password: testPassword });
      const { answer } = await t.service
        .as(asAlice)
        .createInvitation('acme', { role: 'maintainer', username: 'hank' });
      const wrongUser = await rejectionOf(t.service.as(asBob).acceptInvitation(answer.secret));
      expect(wrongUser).toMatchObject({
        code: 'forbidden',
        message: 'this invitation is addressed to another user',
      });
      const accepted = await t.service.as(principalOf(hank), audit).acceptInvitation(answer.secret);
      expect(accepted.answer).toMatchObject({ org: 'acme', username: 'hank', role: 'maintainer' });
      expect(await t.service.orgRoleOf(hank.id, 'acme')).toBe('maintainer');
      const again = await rejectionOf(t.service.as(principalOf(hank)).acceptInvitation(answer.secret));
      expect(again.code).toBe('not_found');
      const unknown = await rejectionOf(t.service.as(asBob).acceptInvitation('gtcx_inv_nope'));
      expect(unknown).toMatchObject({
        code: 'not_found',
        hint: 'ask an owner of the org for a new invitation',
      });
      const event = (await auditEvents(t.store, 'invitation.accept')).at(-1);
      expect(event).toMatchObject({ org: 'acme', target: 'org:acme', outcome: 'success' });
    });

    it('matches an emailed invitation to the account with that address', async () => {
      const { answer } = await t.service
        .as(asBob)
        .createInvitation('bobs', { role: 'viewer', email: 'alice@EXAMPLE.com' });
      const wrong = await rejectionOf(t.service.as(asCarol).acceptInvitation(answer.secret));
      expect(wrong.code).toBe('forbidden');
      expect((await t.service.as(asAlice).acceptInvitation(answer.secret)).answer.role).toBe('viewer');
    });

    it('stops working when cancelled, and lists only pending ones, newest first', async () => {
      const ids: string[] = [];
      const secrets: string[] = [];
      for (const role of ['member', 'viewer', 'maintainer'] as const) {
        const { answer } = await t.service.as(asAlice).createInvitation('acme', { role });
        ids.push(answer.invitation.id);
        secrets.push(answer.secret);
      }
      await t.service.as(asAlice, audit).deleteInvitation('acme', ids[0] as string);
      const listed: Array<{ id: string; createdAt: string }> = [];
      let cursor: string | undefined;
      do {
        const page = await t.service.as(asAlice).listInvitations('acme', { limit: 1, cursor });
        listed.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
      const newestFirst = [...listed].sort(
        (a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id),
      );
      expect(listed).toEqual(newestFirst);
      expect(listed.map((invitation) => invitation.id)).toEqual(expect.arrayContaining([ids[1], ids[2]]));
      expect(listed.map((invitation) => invitation.id)).not.toContain(ids[0]);
      expect((await rejectionOf(t.service.as(asCarol).acceptInvitation(secrets[0] as string))).code).toBe(
        'not_found',
      );
      const twice = await rejectionOf(t.service.as(asAlice).deleteInvitation('acme', ids[0] as string));
      expect(twice.code).toBe('not_found');
      expect(await auditEvents(t.store, 'invitation.cancel')).toHaveLength(1);
    });

    it('answers a retried invitation with the same invitation and a fresh token that replaces the first', async () => {
      const first = await t.service.as(asBob).createInvitation('bobs', { role: 'member' }, 'invite-1');
      const retry = await t.service.as(asBob).createInvitation('bobs', { role: 'member' }, 'invite-1');
      expect(retry.replayed).toBe(true);
      expect(retry.answer.invitation).toEqual(first.answer.invitation);
      expect(retry.answer.secret).not.toBe(first.answer.secret);
      expect((await rejectionOf(t.service.as(asCarol).acceptInvitation(first.answer.secret))).code).toBe(
        'not_found',
      );
      await t.service.as(asCarol).acceptInvitation(retry.answer.secret);
      const spent = await rejectionOf(
        t.service.as(asBob).createInvitation('bobs', { role: 'member' }, 'invite-1'),
      );
      expect(spent.code).toBe('conflict');
      expect(spent.message).toContain('is no longer pending');
    });

    it('expires', async () => {
      let clock = new Date('2030-01-01T00:00:00.000Z');
      const later = createUsersTestStore(dialect, { now: () => clock, scopeHasPacks: async () => false });
      const store = await later;
      try {
        const owner = await store.service.createUser({ username: 'owner', password: testPassword });
        const guest = await store.service.createUser({ username: 'guest', password: testPassword });
        await store.service.as(principalOf(owner)).createOrg({ name: 'timed' });
        const { answer } = await store.service
          .as(principalOf(owner))
          .createInvitation('timed', { role: 'member', expiresInDays: 1 });
        clock = new Date('2030-01-02T00:00:00.001Z');
        expect(
          (await rejectionOf(store.service.as(principalOf(guest)).acceptInvitation(answer.secret))).code,
        ).toBe('not_found');
        expect((await store.service.as(principalOf(owner)).listInvitations('timed')).items).toEqual([]);
      } finally {
        await store.dispose();
      }
    });
  });

  describe('refusals change nothing', () => {
    it('writes no audit event and no row for a refused change', async () => {
      const before = (await auditEvents(t.store)).length;
      await rejectionOf(t.service.as(asCarol).setOrgMember('acme', 'carol', 'owner'));
      await rejectionOf(t.service.as(asAlice).setOrgMember('acme', 'alice', 'viewer'));
      await rejectionOf(t.service.as(asAlice).createTeam('acme', { name: 'backend' }));
      expect((await auditEvents(t.store)).length).toBe(before);
      expect(await t.service.orgRoleOf(carol.id, 'acme')).toBe('viewer');
    });
  });

  if (dialect === 'postgres') {
    it('lets only one of two owners demoting each other at once succeed', async () => {
      await t.service.as(asBob).setOrgMember('bobs', 'carol', 'owner');
      const results = await Promise.allSettled([
        t.service.as(asBob).setOrgMember('bobs', 'carol', 'member'),
        t.service.as(asCarol).setOrgMember('bobs', 'bob', 'member'),
      ]);
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      const owners = (await t.service.as(asAdmin).listOrgMembers('bobs')).items.filter(
        (m) => m.role === 'owner',
      );
      expect(owners).toHaveLength(1);
    });

    it('spends an invitation once when two users accept it at the same moment', async () => {
      const { answer } = await t.service.as(asAlice).createInvitation('acme', { role: 'member' });
      const ivan = await t.service.createUser({ username: 'ivan', password: testPassword });
      const judy = await t.service.createUser({ username: 'judy', password: testPassword });
      const results = await Promise.allSettled([
        t.service.as(principalOf(ivan)).acceptInvitation(answer.secret),
        t.service.as(principalOf(judy)).acceptInvitation(answer.secret),
      ]);
      expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    });
  }
});
