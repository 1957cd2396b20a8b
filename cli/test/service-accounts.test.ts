import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, gtcxJson, type IdentityServer, startIdentityServer, stores } from './identity-support.js';
import { makePack } from './pack-support.js';
import { freePort, gtcx, type TempHome, tempHome } from './support/cli.js';

const scratch = mkdtempSync(join(tmpdir(), 'gtcx-service-accounts-e2e-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.each(stores)(
  'gtcx orgs service-accounts, orgs update and teams update against a real server on $store',
  ({ store, database }) => {
    let server: IdentityServer;
    let dropDatabase: (() => Promise<void>) | undefined;
    let me: TempHome;
    /** As carol, owner of acme; dave owns the org other and is a member of acme. */
    let asCarol: NodeJS.ProcessEnv;
    let asDave: NodeJS.ProcessEnv;
    /** As the service account sa-acme-ci, through GTCX_CLIENT_ID and GTCX_CLIENT_SECRET only. */
    let asCi: NodeJS.ProcessEnv;
    const packs = join(scratch, `${store}-packs`);

    beforeAll(async () => {
      const db = await database();
      dropDatabase = db?.drop;
      server = await startIdentityServer(join(scratch, store), db?.url);
      const [carol, dave] = await Promise.all([server.createUser('carol'), server.createUser('dave')]);
      me = tempHome();
      asCarol = { GTCX_SERVER: server.url, GTCX_TOKEN: carol.token };
      asDave = { GTCX_SERVER: server.url, GTCX_TOKEN: dave.token };
      await api(server.url, carol.token).POST('/v1/orgs', { body: { name: 'acme' } });
      await api(server.url, carol.token).PUT('/v1/orgs/{orgName}/members/{username}', {
        params: { path: { orgName: 'acme', username: 'dave' } },
        body: { role: 'member' },
      });
      await api(server.url, dave.token).POST('/v1/orgs', { body: { name: 'other' } });
      await makePack(join(packs, 'acme-web'), '@acme/web', '1.0.0');
      await makePack(join(packs, 'other-web'), '@other/web', '1.0.0');
    });
    afterAll(async () => {
      await server.close();
      await dropDatabase?.();
      me.cleanup();
    });

    it('creates a service account whose secret is shown once, with how CI uses it', async () => {
      const created = await gtcxJson(
        [
          'orgs',
          'service-accounts',
          'create',
          'acme',
          'ci',
          '--role',
          'member',
          '--scope',
          'packs:read',
          '--scope',
          'packs:publish',
          '--scope',
          'orgs:read',
        ],
        me,
        asCarol,
      );
      expect(created.exitCode, created.stderr).toBe(0);
      expect(created.json).toMatchObject({
        serviceAccount: {
          clientId: 'sa-acme-ci',
          name: 'ci',
          org: 'acme',
          role: 'member',
          scopes: ['packs:read', 'packs:publish', 'orgs:read'],
          createdBy: 'carol',
        },
        clientSecret: expect.stringMatching(/^gtcx_cs_/),
      });
      asCi = {
        GTCX_SERVER: server.url,
        GTCX_CLIENT_ID: 'sa-acme-ci',
        GTCX_CLIENT_SECRET: created.json.clientSecret as string,
      };

      const plain = await gtcx(
        ['orgs', 'service-accounts', 'create', 'acme', 'docs', '--scope', 'packs:read'],
        me,
        { env: asCarol },
      );
      expect(plain.exitCode, plain.stderr).toBe(0);
      const secret = /client secret: (gtcx_cs_\S+)/.exec(plain.stdout)?.[1];
      expect(secret).toBeDefined();
      expect(plain.stdout).toMatch(/^Created service account sa-acme-docs in org acme \(role member\)$/m);
      expect(plain.stdout).toContain(`  GTCX_SERVER=${server.url}`);
      expect(plain.stdout).toContain('  GTCX_CLIENT_ID=sa-acme-docs');
      expect(plain.stdout).toContain(`  GTCX_CLIENT_SECRET=${secret}`);
      expect(plain.stderr).toMatch(/Store the client secret now .* it is not shown again/);
    });

    it('signs in as the service account from GTCX_CLIENT_ID and GTCX_CLIENT_SECRET', async () => {
      const whoami = await gtcxJson(['whoami'], me, asCi);
      expect(whoami.exitCode, whoami.stderr).toBe(0);
      expect(whoami.json).toMatchObject({
        server: server.url,
        source: 'env',
        user: {
          subject: 'sa-acme-ci',
          kind: 'serviceAccount',
          admin: false,
          scopes: expect.arrayContaining(['orgs:read', 'packs:publish', 'packs:read']),
          orgs: [{ org: 'acme', role: 'member' }],
        },
      });

      // GTCX_TOKEN wins over a client id and secret.
      const both = await gtcxJson(['whoami'], me, { ...asCi, GTCX_TOKEN: asCarol.GTCX_TOKEN });
      expect(both.json).toMatchObject({ user: { subject: 'carol', kind: 'user' } });
    });

    it('publishes to its org as the service account, and is refused another scope', async () => {
      const published = await gtcxJson(['pack', 'publish', join(packs, 'acme-web')], me, asCi);
      expect(published.exitCode, published.stderr).toBe(0);
      expect(published.json).toMatchObject({
        name: '@acme/web',
        version: '1.0.0',
        publishedBy: 'sa-acme-ci',
      });

      const elsewhere = await gtcxJson(['pack', 'publish', join(packs, 'other-web')], me, asCi);
      expect(elsewhere.exitCode).toBe(77);
      expect(elsewhere.json).toMatchObject({ error: { code: 'forbidden' } });
      expect((elsewhere.json.error as { message: string }).message).toMatch(
        /@other belongs to the org other, and sa-acme-ci is not in it/,
      );
    });

    it('lists the service accounts without their secrets; only owners may', async () => {
      const table = await gtcx(['orgs', 'service-accounts', 'list', 'acme'], me, { env: asCarol });
      expect(table.exitCode, table.stderr).toBe(0);
      expect(table.stdout).toMatch(/^CLIENT ID\s+ROLE\s+CREATED BY\s+CREATED\s+SCOPES\n/);
      expect(table.stdout).toMatch(
        /^sa-acme-ci\s+member\s+carol\s+\d{4}-\d\d-\d\d \d\d:\d\dZ\s+packs:read packs:publish orgs:read$/m,
      );
      expect(table.stdout).toMatch(/^sa-acme-docs\s+member\s+carol\s/m);
      expect(table.stdout).not.toContain('gtcx_cs_');

      const json = await gtcxJson(['orgs', 'service-accounts', 'list', 'acme'], me, asCarol);
      expect((json.json.serviceAccounts as Array<{ clientId: string }>).map((a) => a.clientId)).toEqual([
        'sa-acme-ci',
        'sa-acme-docs',
      ]);
      expect(json.stdout).not.toContain('gtcx_cs_');
      expect(json.stdout).not.toContain('clientSecret');

      const member = await gtcxJson(['orgs', 'service-accounts', 'list', 'acme'], me, asDave);
      expect(member.exitCode).toBe(77);
      const unknown = await gtcxJson(['orgs', 'service-accounts', 'list', 'nope'], me, asCarol);
      expect(unknown.exitCode).toBe(66);
      expect(unknown.json).toMatchObject({
        error: { code: 'not_found', hint: 'gtcx orgs list shows the orgs you belong to' },
      });
    });

    it('refuses bad roles, scopes, names and half a client pair before any request', async () => {
      // Nothing listens here: a request would fail as unreachable (69), not as bad input.
      const nowhere = `http://127.0.0.1:${await freePort()}`;
      const env = { GTCX_SERVER: nowhere, GTCX_TOKEN: 'gtcx_unused' };
      const create = ['orgs', 'service-accounts', 'create', 'acme'];

      const badRole = await gtcx([...create, 'ci2', '--role', 'king', '--scope', 'packs:read'], me, { env });
      expect(badRole.exitCode).toBe(2);
      expect(badRole.stderr).toMatch(/owner, maintainer, member, viewer/);

      const badScope = await gtcx([...create, 'ci2', '--scope', 'packs:write'], me, { env });
      expect(badScope.exitCode).toBe(2);
      expect(badScope.stderr).toMatch(/packs:read, packs:publish/);

      const admin = await gtcx([...create, 'ci2', '--scope', 'admin'], me, { env });
      expect(admin.exitCode).toBe(2);

      const noScope = await gtcx([...create, 'ci2'], me, { env });
      expect(noScope.exitCode).toBe(2);
      expect(noScope.stderr).toMatch(/Missing required flag scope/);

      const badName = await gtcxJson([...create, 'CI-bot', '--scope', 'packs:read'], me, env);
      expect(badName.exitCode).toBe(2);
      expect(badName.json).toMatchObject({
        error: {
          code: 'validation_failed',
          message: '"CI-bot" is not a valid service account name',
          hint: expect.stringMatching(/lowercase letters and digits, at most 31 characters in org acme/),
        },
      });

      const tooLong = await gtcxJson([...create, 'a'.repeat(32), '--scope', 'packs:read'], me, env);
      expect(tooLong.exitCode).toBe(2);
      expect(tooLong.json).toMatchObject({
        error: { message: expect.stringMatching(/would pass 39 characters/) },
      });

      const foreign = await gtcxJson(
        ['orgs', 'service-accounts', 'delete', 'acme', 'sa-other-ci', '--yes'],
        me,
        env,
      );
      expect(foreign.exitCode).toBe(2);
      expect(foreign.json).toMatchObject({
        error: { message: '"sa-other-ci" is not the client id of a service account of org acme' },
      });

      const unconfirmed = await gtcxJson(
        ['orgs', 'service-accounts', 'delete', 'acme', 'sa-acme-ci'],
        me,
        env,
      );
      expect(unconfirmed.exitCode).toBe(2);
      expect(unconfirmed.json).toMatchObject({
        error: { hint: 'run gtcx orgs service-accounts delete acme sa-acme-ci --yes to confirm' },
      });

      const half = await gtcxJson(['whoami'], me, { GTCX_SERVER: nowhere, GTCX_CLIENT_ID: 'sa-acme-ci' });
      expect(half.exitCode).toBe(78);
      expect(half.json).toMatchObject({
        error: { code: 'config_invalid', message: 'GTCX_CLIENT_ID is set but GTCX_CLIENT_SECRET is not' },
      });

      const swapped = await gtcxJson(['whoami'], me, {
        GTCX_SERVER: nowhere,
        GTCX_CLIENT_ID: asCi.GTCX_CLIENT_SECRET,
        GTCX_CLIENT_SECRET: 'sa-acme-ci',
      });
      expect(swapped.exitCode).toBe(78);
      expect(swapped.stdout).not.toContain(asCi.GTCX_CLIENT_SECRET);
      expect(swapped.json).toMatchObject({
        error: {
          message:
            "GTCX_CLIENT_ID is not a service account's client id (it holds a secret: are the two variables swapped?)",
        },
      });
    });

    it('a wrong secret, or a deleted service account, fails with exit 77 and says why', async () => {
      const wrong = await gtcxJson(['whoami'], me, { ...asCi, GTCX_CLIENT_SECRET: 'gtcx_cs_wrong' });
      expect(wrong.exitCode).toBe(77);
      expect(wrong.json).toMatchObject({ error: { code: 'unauthenticated' } });

      const deleted = await gtcx(['orgs', 'service-accounts', 'delete', 'acme', 'sa-acme-ci', '--yes'], me, {
        env: asCarol,
      });
      expect(deleted.exitCode, deleted.stderr).toBe(0);
      expect(deleted.stdout).toBe('Deleted service account sa-acme-ci; its secret and tokens no longer work');

      const after = await gtcx(['whoami'], me, { env: asCi });
      expect(after.exitCode).toBe(77);
      expect(after.stderr).toMatch(
        /^Error: cannot sign in as service account sa-acme-ci at .*: the server refused GTCX_CLIENT_ID and GTCX_CLIENT_SECRET \(client authentication failed: unknown client, wrong secret, or a deleted service account\)$/m,
      );
      expect(after.stderr).toMatch(/^Hint: check both variables; the service account may have been deleted/m);
      const publish = await gtcxJson(['pack', 'publish', join(packs, 'acme-web')], me, asCi);
      expect(publish.exitCode).toBe(77);

      const list = await gtcxJson(['orgs', 'service-accounts', 'list', 'acme'], me, asCarol);
      expect((list.json.serviceAccounts as Array<{ clientId: string }>).map((a) => a.clientId)).toEqual([
        'sa-acme-docs',
      ]);
      const again = await gtcxJson(
        ['orgs', 'service-accounts', 'delete', 'acme', 'sa-acme-ci', '--yes'],
        me,
        asCarol,
      );
      expect(again.exitCode).toBe(66);
      expect(again.json).toMatchObject({
        error: { hint: "gtcx orgs service-accounts list acme shows the org's service accounts" },
      });
    });

    it('updates an org; unknown orgs, non-owners and empty updates are clear errors', async () => {
      const updated = await gtcxJson(
        ['orgs', 'update', 'acme', '--display-name', 'Acme Corp', '--description', 'Platform packs'],
        me,
        asCarol,
      );
      expect(updated.exitCode, updated.stderr).toBe(0);
      expect(updated.json).toMatchObject({
        name: 'acme',
        displayName: 'Acme Corp',
        description: 'Platform packs',
      });

      const cleared = await gtcx(['orgs', 'update', 'acme', '--description', ''], me, { env: asCarol });
      expect(cleared.exitCode, cleared.stderr).toBe(0);
      expect(cleared.stdout).toBe('Updated org acme (Acme Corp)');
      const shown = await gtcxJson(['orgs', 'show', 'acme'], me, asCarol);
      expect(shown.json).toMatchObject({ displayName: 'Acme Corp', description: null });

      const unknown = await gtcx(['orgs', 'update', 'no-such-org', '--display-name', 'X'], me, {
        env: asCarol,
      });
      expect(unknown.exitCode).toBe(66);
      expect(unknown.stderr).toMatch(/^Error: cannot read org no-such-org: /);
      expect(unknown.stderr).toMatch(/^Hint: gtcx orgs list shows the orgs you belong to$/m);

      const member = await gtcxJson(['orgs', 'update', 'acme', '--display-name', 'Mine'], me, asDave);
      expect(member.exitCode).toBe(77);

      const nothing = await gtcxJson(['orgs', 'update', 'acme'], me, asCarol);
      expect(nothing.exitCode).toBe(2);
      expect(nothing.json).toMatchObject({ error: { message: 'nothing to change in org acme' } });

      const long = await gtcxJson(['orgs', 'update', 'acme', '--display-name', 'x'.repeat(201)], me, asCarol);
      expect(long.exitCode).toBe(2);
      expect(long.json).toMatchObject({ error: { code: 'validation_failed' } });
    });

    it('renames a team and changes its description; unknown teams are a 404', async () => {
      const created = await gtcxJson(['teams', 'create', 'acme', 'platform'], me, asCarol);
      expect(created.exitCode, created.stderr).toBe(0);

      const described = await gtcxJson(
        ['teams', 'update', 'acme', 'platform', '--description', 'Infra'],
        me,
        asCarol,
      );
      expect(described.exitCode, described.stderr).toBe(0);
      expect(described.json).toMatchObject({ org: 'acme', name: 'platform', description: 'Infra' });

      const renamed = await gtcx(['teams', 'update', 'acme', 'platform', '--name', 'infra'], me, {
        env: asCarol,
      });
      expect(renamed.exitCode, renamed.stderr).toBe(0);
      expect(renamed.stdout).toBe('Renamed team acme/platform to acme/infra');
      const shown = await gtcxJson(['teams', 'show', 'acme', 'infra'], me, asCarol);
      expect(shown.json).toMatchObject({ name: 'infra', description: 'Infra' });

      const gone = await gtcxJson(['teams', 'update', 'acme', 'platform', '--description', 'X'], me, asCarol);
      expect(gone.exitCode).toBe(66);
      expect(gone.json).toMatchObject({
        error: { code: 'not_found', hint: "gtcx teams list acme shows the org's teams" },
      });

      await gtcxJson(['teams', 'create', 'acme', 'web'], me, asCarol);
      const taken = await gtcxJson(['teams', 'update', 'acme', 'web', '--name', 'infra'], me, asCarol);
      expect(taken.exitCode).toBe(65);
      expect(taken.json).toMatchObject({ error: { code: 'conflict' } });

      const badName = await gtcxJson(['teams', 'update', 'acme', 'web', '--name', 'Web_Team'], me, asCarol);
      expect(badName.exitCode).toBe(2);
      expect(badName.json).toMatchObject({ error: { message: '"Web_Team" is not a valid team name' } });

      const nothing = await gtcxJson(['teams', 'update', 'acme', 'web'], me, asCarol);
      expect(nothing.exitCode).toBe(2);
      expect(nothing.json).toMatchObject({ error: { message: 'nothing to change in team acme/web' } });
    });
  },
  240_000,
);
