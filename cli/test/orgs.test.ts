import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gtcxJson, type IdentityServer, startIdentityServer, stores } from './identity-support.js';
import { gtcx, type TempHome, tempHome } from './support/cli.js';

const scratch = mkdtempSync(join(tmpdir(), 'gtcx-orgs-e2e-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.each(stores)(
  'gtcx orgs and teams against a real server on $store',
  ({ store, database }) => {
    let server: IdentityServer;
    let dropDatabase: (() => Promise<void>) | undefined;
    let me: TempHome;
    /** As carol, the org's owner; dave and erin are other users. */
    let asCarol: NodeJS.ProcessEnv;
    let asDave: NodeJS.ProcessEnv;
    let asErin: NodeJS.ProcessEnv;

    beforeAll(async () => {
      const db = await database();
      dropDatabase = db?.drop;
      server = await startIdentityServer(join(scratch, store), db?.url);
      const [carol, dave, erin] = await Promise.all([
        server.createUser('carol'),
        server.createUser('dave'),
        server.createUser('erin'),
      ]);
      me = tempHome();
      asCarol = { GTCX_SERVER: server.url, GTCX_TOKEN: carol.token };
      asDave = { GTCX_SERVER: server.url, GTCX_TOKEN: dave.token };
      asErin = { GTCX_SERVER: server.url, GTCX_TOKEN: erin.token };
    });
    afterAll(async () => {
      await server.close();
      await dropDatabase?.();
      me.cleanup();
    });

    it('creates, lists and shows an org; the creator is its owner', async () => {
      const created = await gtcxJson(['orgs', 'create', 'acme', '--display-name', 'Acme Corp'], me, asCarol);
      expect(created.exitCode, created.stderr).toBe(0);
      expect(created.json).toMatchObject({ name: 'acme', scope: '@acme', displayName: 'Acme Corp' });

      const list = await gtcx(['orgs', 'list'], me, { env: asCarol });
      expect(list.exitCode, list.stderr).toBe(0);
      expect(list.stdout).toMatch(/^NAME\s+SCOPE\s+DISPLAY NAME\s+DESCRIPTION\nacme\s+@acme\s+Acme Corp$/);

      const show = await gtcx(['orgs', 'show', 'acme'], me, { env: asCarol });
      expect(show.stdout).toMatch(/^acme \(Acme Corp\)\n {2}pack scope: @acme/);

      const whoami = await gtcxJson(['whoami'], me, asCarol);
      expect(whoami.json).toMatchObject({ user: { orgs: [{ org: 'acme', role: 'owner' }] } });

      const taken = await gtcxJson(['orgs', 'create', 'acme'], me, asDave);
      expect(taken.exitCode).toBe(65);
      expect(taken.json).toMatchObject({ error: { code: 'conflict' } });
    });

    it('adds, re-roles, lists and removes members', async () => {
      const added = await gtcxJson(['orgs', 'members', 'add', 'acme', 'dave'], me, asCarol);
      expect(added.exitCode, added.stderr).toBe(0);
      expect(added.json).toMatchObject({
        added: true,
        membership: { org: 'acme', username: 'dave', role: 'member' },
      });

      const set = await gtcx(['orgs', 'members', 'set', 'acme', 'dave', '--role', 'maintainer'], me, {
        env: asCarol,
      });
      expect(set.exitCode, set.stderr).toBe(0);
      expect(set.stdout).toBe('dave is now maintainer of org acme');

      const list = await gtcxJson(['orgs', 'members', 'list', 'acme'], me, asDave);
      expect(list.json.members).toEqual([
        expect.objectContaining({ username: 'carol', role: 'owner' }),
        expect.objectContaining({ username: 'dave', role: 'maintainer' }),
      ]);

      // Only owners manage members: dave, a maintainer, is refused.
      const refused = await gtcxJson(['orgs', 'members', 'add', 'acme', 'erin'], me, asDave);
      expect(refused.exitCode).toBe(77);
      expect(refused.json).toMatchObject({ error: { code: 'forbidden' } });

      const lastOwner = await gtcxJson(
        ['orgs', 'members', 'set', 'acme', 'carol', '--role', 'member'],
        me,
        asCarol,
      );
      expect(lastOwner.exitCode).toBe(65);
      expect(lastOwner.json).toMatchObject({ error: { code: 'conflict' } });

      const nobody = await gtcxJson(['orgs', 'members', 'add', 'acme', 'nobody'], me, asCarol);
      expect(nobody.exitCode).toBe(66);
    });

    it('invites a user who joins with the token', async () => {
      const invite = await gtcxJson(
        ['orgs', 'invitations', 'create', 'acme', '--role', 'viewer', '--user', 'erin'],
        me,
        asCarol,
      );
      expect(invite.exitCode, invite.stderr).toBe(0);
      const secret = invite.json.secret as string;
      expect(invite.json).toMatchObject({ invitation: { org: 'acme', role: 'viewer', username: 'erin' } });

      const pending = await gtcxJson(['orgs', 'invitations', 'list', 'acme'], me, asCarol);
      expect((pending.json.invitations as unknown[]).length).toBe(1);

      // Addressed to erin: dave cannot use it.
      const wrongUser = await gtcxJson(['orgs', 'join', secret], me, asDave);
      expect(wrongUser.exitCode).toBe(77);

      const joined = await gtcx(['orgs', 'join', secret], me, { env: asErin });
      expect(joined.exitCode, joined.stderr).toBe(0);
      expect(joined.stdout).toBe('Joined org acme as viewer');

      const used = await gtcxJson(['orgs', 'invitations', 'accept', secret], me, asErin);
      expect(used.exitCode).toBe(66);
      expect(used.json).toMatchObject({ error: { code: 'not_found', hint: expect.any(String) } });

      const anyone = await gtcxJson(['orgs', 'invite', 'acme'], me, asCarol);
      const id = (anyone.json.invitation as { id: string }).id;
      const cancelled = await gtcx(['orgs', 'invitations', 'cancel', 'acme', id], me, { env: asCarol });
      expect(cancelled.exitCode, cancelled.stderr).toBe(0);
      const afterCancel = await gtcxJson(['orgs', 'join', anyone.json.secret as string], me, asDave);
      expect(afterCancel.exitCode).toBe(66);
    });

    it('creates teams, manages their members and deletes them', async () => {
      const created = await gtcxJson(
        ['teams', 'create', 'acme', 'platform', '--description', 'Platform'],
        me,
        asCarol,
      );
      expect(created.exitCode, created.stderr).toBe(0);
      expect(created.json).toMatchObject({ org: 'acme', name: 'platform', memberCount: 0 });

      const add = await gtcxJson(
        ['teams', 'members', 'add', 'acme', 'platform', 'dave', '--role', 'maintainer'],
        me,
        asCarol,
      );
      expect(add.exitCode, add.stderr).toBe(0);
      expect(add.json).toMatchObject({
        added: true,
        membership: { team: 'platform', username: 'dave', role: 'maintainer' },
      });

      // Not in the org: refused with the server's conflict.
      const outsider = await gtcxJson(
        ['teams', 'members', 'add', 'acme', 'platform', 'root-admin'],
        me,
        asCarol,
      );
      expect(outsider.exitCode).toBe(65);

      const members = await gtcx(['teams', 'members', 'list', 'acme', 'platform'], me, { env: asCarol });
      expect(members.stdout).toMatch(/^USERNAME\s+ROLE\s+SINCE\ndave\s+maintainer\s+/);

      const list = await gtcxJson(['teams', 'list', 'acme'], me, asCarol);
      expect(list.json.teams).toEqual([expect.objectContaining({ name: 'platform', memberCount: 1 })]);
      const show = await gtcxJson(['teams', 'show', 'acme', 'platform'], me, asCarol);
      expect(show.json).toMatchObject({ description: 'Platform', memberCount: 1 });

      const removed = await gtcx(['teams', 'members', 'remove', 'acme', 'platform', 'dave'], me, {
        env: asCarol,
      });
      expect(removed.exitCode, removed.stderr).toBe(0);
      const deleted = await gtcx(['teams', 'delete', 'acme', 'platform'], me, { env: asCarol });
      expect(deleted.stdout).toBe('Deleted team acme/platform');
      const gone = await gtcxJson(['teams', 'show', 'acme', 'platform'], me, asCarol);
      expect(gone.exitCode).toBe(66);
      expect(gone.json).toMatchObject({
        error: { code: 'not_found', hint: "gtcx teams list acme shows the org's teams" },
      });
    });

    it('bad names, unknown orgs and missing confirmation are clear errors', async () => {
      const badName = await gtcxJson(['orgs', 'create', 'Acme_Corp'], me, asCarol);
      expect(badName.exitCode).toBe(2);
      expect(badName.json).toMatchObject({
        error: { code: 'validation_failed', message: '"Acme_Corp" is not a valid org name' },
      });

      const unknown = await gtcx(['orgs', 'show', 'no-such-org'], me, { env: asCarol });
      expect(unknown.exitCode).toBe(66);
      expect(unknown.stderr).toMatch(/^Error: cannot read org no-such-org: /);
      expect(unknown.stderr).toMatch(/Hint: /);

      const badRole = await gtcx(['orgs', 'members', 'add', 'acme', 'dave', '--role', 'king'], me, {
        env: asCarol,
      });
      expect(badRole.exitCode).toBe(2);
      expect(badRole.stderr).toMatch(/owner, maintainer, member, viewer/);

      const unconfirmed = await gtcxJson(['orgs', 'delete', 'acme'], me, asCarol);
      expect(unconfirmed.exitCode).toBe(2);
      expect(unconfirmed.json).toMatchObject({
        error: { hint: 'run gtcx orgs delete acme --yes to confirm' },
      });
      expect((await gtcxJson(['orgs', 'show', 'acme'], me, asCarol)).exitCode).toBe(0);

      const notOwner = await gtcxJson(['orgs', 'delete', 'acme', '--yes'], me, asDave);
      expect(notOwner.exitCode).toBe(77);

      const deleted = await gtcxJson(['orgs', 'delete', 'acme', '--yes'], me, asCarol);
      expect(deleted.exitCode, deleted.stderr).toBe(0);
      expect(deleted.json).toEqual({ org: 'acme', deleted: true });
      const list = await gtcxJson(['orgs', 'list'], me, asCarol);
      expect(list.json.orgs).toEqual([]);
    });
  },
  180_000,
);
