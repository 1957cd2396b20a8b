import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  credentialsFile,
  decideDevice,
  gtcxJson,
  type IdentityServer,
  startIdentityServer,
  startLogin,
  stores,
  tryRefresh,
  writeCredentials,
} from './identity-support.js';
import { binPath, freePort, gtcx, type TempHome, tempHome } from './support/cli.js';

const scratch = mkdtempSync(join(tmpdir(), 'gtcx-login-e2e-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function stored(home: TempHome) {
  return JSON.parse(readFileSync(credentialsFile(home), 'utf8')) as {
    servers: Record<
      string,
      {
        accessToken: string;
        refreshToken: string | null;
        expiresAt: string | null;
        subject: string;
        method: string;
      }
    >;
  };
}

describe.each(stores)(
  'gtcx login, whoami and logout against a real server on $store',
  ({ store, database }) => {
    let server: IdentityServer;
    let dropDatabase: (() => Promise<void>) | undefined;
    let alice: { username: string; token: string };
    const homes: TempHome[] = [];
    const home = () => {
      const made = tempHome();
      homes.push(made);
      return made;
    };

    beforeAll(async () => {
      const db = await database();
      dropDatabase = db?.drop;
      server = await startIdentityServer(join(scratch, store), db?.url);
      alice = await server.createUser('alice');
    });
    afterAll(async () => {
      await server.close();
      await dropDatabase?.();
      for (const made of homes) made.cleanup();
    });

    it('logs in with the device flow approved by the test, stores 0600 credentials, then whoami and logout', async () => {
      const me = home();
      const login = await startLogin(me, ['--server', server.url]);
      expect(login.userCode).toMatch(/^[A-Z]{4}-?[A-Z]{4}$/);
      expect(login.prompt()).toContain(`Open ${server.url}`);
      const approval = await decideDevice(server.url, alice.token, login.userCode);
      expect(approval.response.status, JSON.stringify(approval.error)).toBe(201);

      const result = await login.done;
      expect(result.exitCode, result.stderr).toBe(0);
      expect(result.stdout).toContain(`Logged in to ${server.url} as alice`);
      expect(result.stdout).toContain(`default server is now ${server.url}`);

      const file = credentialsFile(me);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(statSync(join(me.root, 'config', 'gtcx')).mode & 0o777).toBe(0o700);
      const entry = stored(me).servers[server.url];
      expect(entry).toMatchObject({ subject: 'alice', method: 'device', refreshToken: expect.any(String) });
      expect(JSON.parse(readFileSync(me.configFile, 'utf8'))).toMatchObject({ server: server.url });

      // No --server: the login made this server the default.
      const whoami = await gtcxJson(['whoami'], me);
      expect(whoami.exitCode, whoami.stderr).toBe(0);
      expect(whoami.json).toMatchObject({
        server: server.url,
        source: 'credentials',
        user: { subject: 'alice', kind: 'user', admin: false, authMethod: 'accessToken' },
      });
      const plain = await gtcx(['whoami'], me);
      expect(plain.stdout).toMatch(/^alice: user\n {2}server: /);
      expect(plain.stdout).toContain('auth: access token from gtcx login');

      const refreshToken = entry?.refreshToken as string;
      const accessToken = stored(me).servers[server.url]?.accessToken;
      const logout = await gtcxJson(['logout'], me);
      expect(logout.exitCode, logout.stderr).toBe(0);
      expect(logout.json).toEqual({ server: server.url, loggedOut: true, subject: 'alice', revoked: true });
      expect(stored(me).servers[server.url]).toBeUndefined();
      const reuse = await tryRefresh(server.url, refreshToken);
      expect(reuse.status).toBe(400);
      expect(reuse.body).toMatchObject({ error: 'invalid_grant' });
      // The access token it held died with its sign-in, not when it would have expired.
      const user = await fetch(`${server.url}/v1/user`, {
        headers: { authorization: `Bearer ${accessToken}` },
      });
      expect(user.status).toBe(401);

      const after = await gtcxJson(['whoami'], me);
      expect(after.exitCode).toBe(77);
      expect(after.json).toMatchObject({
        error: { code: 'unauthenticated', hint: expect.stringContaining('gtcx login') },
      });

      const again = await gtcx(['logout'], me);
      expect(again.exitCode).toBe(0);
      expect(again.stdout).toContain('Not logged in');
    });

    it('under --json prints the code as a JSON line on stderr and the result alone on stdout', async () => {
      const me = home();
      const login = await startLogin(me, ['--server', server.url, '--json', '--scope', 'orgs:read']);
      const prompt = JSON.parse(login.prompt().trim().split('\n')[0] as string);
      expect(prompt).toMatchObject({
        userCode: login.userCode,
        verificationUri: expect.stringContaining(server.url),
      });
      await decideDevice(server.url, alice.token, login.userCode);
      const result = await login.done;
      expect(result.exitCode, result.stderr).toBe(0);
      const json = JSON.parse(result.stdout);
      expect(json).toMatchObject({
        server: server.url,
        method: 'device',
        defaultServerSet: true,
        user: { subject: 'alice', scopes: ['orgs:read'] },
      });
    });

    it('a denied code ends the login with exit 77 and stores nothing', async () => {
      const me = home();
      const login = await startLogin(me, ['--server', server.url]);
      await decideDevice(server.url, alice.token, login.userCode, false);
      const result = await login.done;
      expect(result.exitCode).toBe(77);
      expect(result.stderr).toMatch(/Error: the login was denied/);
      expect(result.stderr).toMatch(/Hint: run gtcx login again/);
      expect(existsSync(credentialsFile(me))).toBe(false);
      expect(existsSync(me.configFile)).toBe(false);
    });

    it('refreshes an access token about to expire and stores the rotated refresh token', async () => {
      const me = home();
      const login = await startLogin(me, ['--server', server.url]);
      await decideDevice(server.url, alice.token, login.userCode);
      expect((await login.done).exitCode).toBe(0);
      const before = stored(me).servers[server.url];
      const file = credentialsFile(me);
      const content = stored(me);
      (content.servers[server.url] as { expiresAt: string }).expiresAt = new Date(
        Date.now() + 5_000,
      ).toISOString();
      writeFileSync(file, JSON.stringify(content));

      const whoami = await gtcxJson(['whoami'], me);
      expect(whoami.exitCode, whoami.stderr).toBe(0);
      const after = stored(me).servers[server.url];
      expect(after?.refreshToken).not.toBe(before?.refreshToken);
      expect(after?.accessToken).not.toBe(before?.accessToken);
      expect(Date.parse(after?.expiresAt as string)).toBeGreaterThan(Date.now() + 60_000);
      expect(statSync(file).mode & 0o777).toBe(0o600);

      // Two commands finding the token expiring at once: one refreshes, the other uses its result.
      // Both refreshing with the same token would be a replay, and the server would end the login.
      const expiring = stored(me);
      (expiring.servers[server.url] as { expiresAt: string }).expiresAt = new Date().toISOString();
      writeFileSync(file, JSON.stringify(expiring));
      const together = await Promise.all([gtcxJson(['whoami'], me), gtcxJson(['whoami'], me)]);
      expect(together.map((result) => result.exitCode)).toEqual([0, 0]);
      expect((await gtcxJson(['whoami'], me)).exitCode).toBe(0);
      expect(existsSync(`${file}.lock`)).toBe(false);

      // A refresh token the server no longer accepts ends the login: the entry goes, the hint says login.
      const dead = stored(me);
      Object.assign(dead.servers[server.url] as object, {
        refreshToken: 'gtcx_rt_not-a-real-refresh-token',
        expiresAt: new Date(0).toISOString(),
      });
      writeFileSync(file, JSON.stringify(dead));
      const expired = await gtcxJson(['whoami'], me);
      expect(expired.exitCode).toBe(77);
      expect(expired.json).toMatchObject({
        error: { code: 'unauthenticated', message: expect.stringContaining('expired or was revoked') },
      });
      expect(stored(me).servers[server.url]).toBeUndefined();
    });

    it('refuses a credentials file other users can read, naming the fix', async () => {
      const me = home();
      const path = writeCredentials(me, {
        [server.url]: {
          accessToken: alice.token,
          refreshToken: null,
          expiresAt: null,
          subject: 'alice',
          scopes: [],
          method: 'personalAccessToken',
          savedAt: new Date().toISOString(),
        },
      });
      chmodSync(path, 0o644);
      const result = await gtcxJson(['whoami', '--server', server.url], me);
      expect(result.exitCode).toBe(78);
      expect(result.json).toMatchObject({
        error: {
          code: 'config_invalid',
          message: expect.stringContaining('readable by other users (mode 0644)'),
        },
      });
      expect((result.json.error as { hint: string }).hint).toContain(`chmod 600 ${path}`);
      chmodSync(path, 0o600);
      const fixed = await gtcxJson(['whoami', '--server', server.url], me);
      expect(fixed.exitCode, fixed.stderr).toBe(0);
    });

    it('GTCX_TOKEN wins over stored credentials and works without any login', async () => {
      const me = home();
      const result = await gtcxJson(['whoami', '--server', server.url], me, {
        GTCX_TOKEN: server.adminToken,
      });
      expect(result.exitCode, result.stderr).toBe(0);
      expect(result.json).toMatchObject({ source: 'env', user: { subject: 'root-admin', admin: true } });
    });

    it('--with-token validates a token from stdin and stores it; a refused token stores nothing', async () => {
      const me = home();
      const pat = await gtcxJson(
        [
          'tokens',
          'create',
          '--server',
          server.url,
          '--name',
          'laptop',
          '--scope',
          'orgs:read',
          '--scope',
          'tokens:read',
        ],
        me,
        { GTCX_TOKEN: alice.token },
      );
      expect(pat.exitCode, pat.stderr).toBe(0);
      const secret = pat.json.secret as string;

      const bad = await execa(process.execPath, [binPath, 'login', '--server', server.url, '--with-token'], {
        input: 'gtcx_not_a_token_anyone_issued\n',
        env: me.env,
        extendEnv: false,
        reject: false,
      });
      expect(bad.exitCode).toBe(77);
      expect(bad.stderr).toMatch(/Error: cannot check the token with/);
      expect(existsSync(credentialsFile(me))).toBe(false);

      const good = await execa(
        process.execPath,
        [binPath, 'login', '--server', server.url, '--with-token', '--json'],
        {
          input: `${secret}\n`,
          env: me.env,
          extendEnv: false,
          reject: false,
        },
      );
      expect(good.exitCode, good.stderr).toBe(0);
      expect(JSON.parse(good.stdout)).toMatchObject({
        method: 'personalAccessToken',
        user: { subject: 'alice' },
      });
      expect(stored(me).servers[server.url]).toMatchObject({ accessToken: secret, refreshToken: null });
      const whoami = await gtcxJson(['whoami'], me);
      expect(whoami.json).toMatchObject({
        user: { subject: 'alice', authMethod: 'personalAccessToken', scopes: ['orgs:read', 'tokens:read'] },
      });

      const logout = await gtcx(['logout'], me);
      expect(logout.exitCode).toBe(0);
      expect(logout.stdout).toContain('still works');
    });

    it('the remote backend of other commands sends the stored login', async () => {
      const me = home();
      const login = await startLogin(me, ['--server', server.url]);
      await decideDevice(server.url, alice.token, login.userCode);
      expect((await login.done).exitCode).toBe(0);
      const templates = await gtcxJson(['templates', 'list'], me);
      expect(templates.exitCode, templates.stderr).toBe(0);
      expect(Array.isArray(templates.json.templates)).toBe(true);
      // Listing templates needs templates:read: without the login the same command is refused.
      const anonymous = await gtcxJson(['templates', 'list'], home(), { GTCX_SERVER: server.url });
      expect(anonymous.exitCode).toBe(77);
    });
  },
  180_000,
);

describe('gtcx login, whoami and logout without a server', () => {
  it('not logged in: whoami exits 77 and names gtcx login and GTCX_TOKEN', async () => {
    const me = tempHome();
    try {
      const result = await gtcx(['whoami', '--server', 'http://127.0.0.1:9'], me);
      expect(result.exitCode).toBe(77);
      expect(result.stderr).toBe(
        'Error: not logged in to http://127.0.0.1:9\nHint: run gtcx login --server http://127.0.0.1:9, or set GTCX_TOKEN to a token (or GTCX_CLIENT_ID and GTCX_CLIENT_SECRET for a service account)',
      );
      const none = await gtcxJson(['whoami'], me);
      expect(none.exitCode).toBe(2);
      expect(none.json).toMatchObject({ error: { message: 'no gtcx server is configured' } });
    } finally {
      me.cleanup();
    }
  });

  it('server down: login and whoami fail with exit 69; logout still forgets the login and warns', async () => {
    const me = tempHome();
    try {
      const url = `http://127.0.0.1:${await freePort()}`;
      const login = await gtcxJson(['login', '--server', url], me);
      expect(login.exitCode).toBe(69);
      expect(login.json).toMatchObject({ error: { code: 'server_unreachable' } });

      const whoami = await gtcxJson(['whoami', '--server', url], me, { GTCX_TOKEN: 'gtcx_whatever_token' });
      expect(whoami.exitCode).toBe(69);

      writeCredentials(me, {
        [url]: {
          accessToken: 'an-access-token',
          refreshToken: 'a-refresh-token',
          expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
          subject: 'alice',
          scopes: [],
          method: 'device',
          savedAt: new Date().toISOString(),
        },
      });
      const logout = await gtcxJson(['logout', '--server', url], me);
      expect(logout.exitCode, logout.stderr).toBe(0);
      expect(logout.json).toEqual({ server: url, loggedOut: true, subject: 'alice', revoked: false });
      expect(logout.stderr).toMatch(/^Warning: cannot revoke the login at .* unreachable/);
      expect(stored(me).servers[url]).toBeUndefined();
    } finally {
      me.cleanup();
    }
  });

  it('--with-token refuses a terminal-less empty stdin with a clear error', async () => {
    const me = tempHome();
    try {
      const result = await execa(
        process.execPath,
        [binPath, 'login', '--server', 'http://127.0.0.1:9', '--with-token'],
        {
          input: '\n',
          env: me.env,
          extendEnv: false,
          reject: false,
        },
      );
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toMatch(/standard input held no token/);
    } finally {
      me.cleanup();
    }
  });
});
