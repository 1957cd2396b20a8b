import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gtcxJson, type IdentityServer, startIdentityServer, stores } from './identity-support.js';
import { gtcx, type TempHome, tempHome } from './support/cli.js';

const scratch = mkdtempSync(join(tmpdir(), 'gtcx-tokens-e2e-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.each(stores)(
  'gtcx tokens against a real server on $store',
  ({ store, database }) => {
    let server: IdentityServer;
    let dropDatabase: (() => Promise<void>) | undefined;
    let me: TempHome;
    let env: NodeJS.ProcessEnv;

    beforeAll(async () => {
      const db = await database();
      dropDatabase = db?.drop;
      server = await startIdentityServer(join(scratch, store), db?.url);
      const bob = await server.createUser('bob');
      me = tempHome();
      env = { GTCX_SERVER: server.url, GTCX_TOKEN: bob.token };
    });
    afterAll(async () => {
      await server.close();
      await dropDatabase?.();
      me.cleanup();
    });

    it('creates a token, shows its secret once, lists it without the secret, and revokes it', async () => {
      const created = await gtcxJson(
        [
          'tokens',
          'create',
          '--name',
          'ci',
          '--scope',
          'packs:read',
          '--scope',
          'orgs:read',
          '--expires',
          '30d',
          '--cidr',
          '127.0.0.0/8',
        ],
        me,
        env,
      );
      expect(created.exitCode, created.stderr).toBe(0);
      const secret = created.json.secret as string;
      expect(secret).toMatch(/^gtcx_/);
      const token = created.json.token as {
        id: string;
        expiresAt: string;
        scopes: string[];
        cidrAllowlist: string[];
      };
      expect([...token.scopes].sort()).toEqual(['orgs:read', 'packs:read']);
      expect(token.cidrAllowlist).toEqual(['127.0.0.0/8']);
      const days = (Date.parse(token.expiresAt) - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(29.9);
      expect(days).toBeLessThan(30.1);

      const withIt = await gtcxJson(['whoami'], me, { ...env, GTCX_TOKEN: secret });
      expect(withIt.exitCode, withIt.stderr).toBe(0);
      expect(withIt.json).toMatchObject({ user: { subject: 'bob', authMethod: 'personalAccessToken' } });

      const listed = await gtcxJson(['tokens', 'list'], me, env);
      expect(listed.exitCode, listed.stderr).toBe(0);
      const tokens = listed.json.tokens as Array<{ id: string; name: string }>;
      expect(tokens.map((t) => t.name)).toContain('ci');
      expect(listed.stdout).not.toContain(secret);
      const table = await gtcx(['tokens', 'list'], me, { env });
      expect(table.stdout).toMatch(/^ID\s+NAME\s+PREFIX\s+EXPIRES\s+LAST USED\s+SCOPES$/m);
      expect(table.stdout).toContain('ci');

      const revoked = await gtcx(['tokens', 'revoke', token.id], me, { env });
      expect(revoked.exitCode, revoked.stderr).toBe(0);
      expect(revoked.stdout).toBe(`Revoked token ${token.id}`);
      const refused = await gtcxJson(['whoami'], me, { ...env, GTCX_TOKEN: secret });
      expect(refused.exitCode).toBe(77);
      expect(refused.json).toMatchObject({ error: { code: 'unauthenticated' } });
    });

    it('prints the secret with a warning to store it now', async () => {
      // A date 100 days ahead: the server caps lifetimes at a year.
      const date = new Date(Date.now() + 100 * 86_400_000).toISOString().slice(0, 10);
      const result = await gtcx(
        [
          'tokens',
          'create',
          '--name',
          'publish',
          '--scope',
          'packs:publish',
          '--pack-scope',
          '@bob',
          '--expires',
          date,
        ],
        me,
        { env },
      );
      expect(result.exitCode, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/^Created token "publish" \(id .+\)$/m);
      expect(result.stdout).toMatch(/^ {2}pack scopes: @bob$/m);
      expect(result.stdout).toContain(`  expires: ${date}T00:00:00`);
      expect(result.stdout).toMatch(/^gtcx_\S+$/m);
      expect(result.stderr).toContain('it is not shown again');
    });

    it('refuses bad input before asking the server, naming the fix', async () => {
      const badScope = await gtcxJson(['tokens', 'create', '--name', 'x', '--scope', 'packs:write'], me, env);
      expect(badScope.exitCode).toBe(2);
      expect(badScope.json).toMatchObject({ error: { code: 'bad_request' } });
      expect((badScope.json.error as { message: string }).message).toMatch(/packs:write.*packs:publish/);

      const noScope = await gtcx(['tokens', 'create', '--name', 'x'], me, { env });
      expect(noScope.exitCode).toBe(2);
      expect(noScope.stderr).toMatch(/Missing required flag scope/);

      const badExpiry = await gtcxJson(
        ['tokens', 'create', '--name', 'x', '--scope', 'packs:read', '--expires', 'soon'],
        me,
        env,
      );
      expect(badExpiry.exitCode).toBe(2);
      expect(badExpiry.json).toMatchObject({
        error: { code: 'validation_failed', hint: expect.stringContaining('30d') },
      });
      const past = await gtcxJson(
        ['tokens', 'create', '--name', 'x', '--scope', 'packs:read', '--expires', '2001-01-01'],
        me,
        env,
      );
      expect((past.json.error as { message: string }).message).toContain('is not in the future');

      const badCidr = await gtcxJson(
        ['tokens', 'create', '--name', 'x', '--scope', 'packs:read', '--cidr', '10.0.0/8'],
        me,
        env,
      );
      expect(badCidr.exitCode).toBe(2);
      expect(badCidr.json).toMatchObject({
        error: { message: '--cidr "10.0.0/8" is not a network in CIDR notation' },
      });

      const badPackScope = await gtcxJson(
        ['tokens', 'create', '--name', 'x', '--scope', 'packs:publish', '--pack-scope', 'acme'],
        me,
        env,
      );
      expect((badPackScope.json.error as { hint: string }).hint).toContain('@acme');

      const tokens = await gtcxJson(['tokens', 'list'], me, env);
      expect((tokens.json.tokens as Array<{ name: string }>).map((t) => t.name)).not.toContain('x');
    });

    it('answers the server refusals with its code, detail and exit code', async () => {
      const unknown = await gtcxJson(['tokens', 'revoke', 'tok_does_not_exist'], me, env);
      expect(unknown.exitCode).toBe(66);
      expect(unknown.json).toMatchObject({ error: { code: 'not_found' } });

      // More than the caller holds: a user without admin cannot mint an admin token.
      const escalate = await gtcxJson(['tokens', 'create', '--name', 'root', '--scope', 'admin'], me, env);
      expect(escalate.exitCode).toBe(77);
      expect(escalate.json).toMatchObject({ error: { code: 'forbidden' } });

      const duplicate = await gtcxJson(
        ['tokens', 'create', '--name', 'publish', '--scope', 'packs:read'],
        me,
        env,
      );
      expect(duplicate.exitCode).toBe(65);
      expect(duplicate.json).toMatchObject({ error: { code: 'conflict' } });

      const anonymous = await gtcxJson(['tokens', 'list'], me, { GTCX_SERVER: server.url });
      expect(anonymous.exitCode).toBe(77);
    });
  },
  180_000,
);
