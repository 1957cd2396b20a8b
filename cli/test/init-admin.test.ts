import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../core/test/support/postgres.js';
import { openServerStore, resolveServerConfig } from '../../server/src/index.js';
import { createUsersService } from '../../server/src/modules/users/index.js';
import { binPath, type TempHome, tempHome } from './support/cli.js';
import { gtcxOnPty, hasScript, keys } from './support/pty.js';

const password = 'correct horse battery staple';

let home: TempHome;
beforeEach(() => {
  home = tempHome();
});
afterEach(() => home.cleanup());

/** The built CLI with standard input piped from `input` (or closed, as in a CI job). */
function initAdmin(args: string[], input = '') {
  return execa(process.execPath, [binPath, 'server', 'init-admin', ...args], {
    reject: false,
    extendEnv: false,
    env: home.env,
    cwd: home.root,
    input,
    timeout: 60_000,
  });
}

/** Signs in through the users service against the store the command wrote to. */
async function signIn(
  location: { dataDir?: string; databaseUrl?: string },
  username: string,
  secret: string,
) {
  const config = resolveServerConfig({ ...location, logLevel: 'silent' }, {});
  const store = await openServerStore(config);
  try {
    const users = createUsersService({ store });
    return { user: await users.verifyPassword(username, secret), admins: await users.countAdmins() };
  } finally {
    await store.close();
  }
}

describe('gtcx server init-admin', () => {
  it('creates the first admin from a password on standard input, who can then sign in', async () => {
    const dataDir = join(home.root, 'server');
    const result = await initAdmin(
      [
        '--username',
        'admin',
        '--email',
        'admin@example.com',
        '--password-stdin',
        '--data-dir',
        dataDir,
        '--json',
      ],
      `${password}\n`,
    );
    expect(result.exitCode, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      username: 'admin',
      email: 'admin@example.com',
      admin: true,
      location: join(dataDir, 'server.db'),
    });
    expect(result.stdout + result.stderr).not.toContain(password);
    const { user, admins } = await signIn({ dataDir }, 'admin', password);
    expect(user).toMatchObject({ username: 'admin', admin: true, email: 'admin@example.com' });
    expect(admins).toBe(1);
    expect((await signIn({ dataDir }, 'admin', 'not the password at all')).user).toBeNull();
  });

  it('refuses once the server has an admin, without reading a password', async () => {
    const dataDir = join(home.root, 'server');
    expect(
      (await initAdmin(['--username', 'admin', '--password-stdin', '--data-dir', dataDir], password))
        .exitCode,
    ).toBe(0);
    const again = await initAdmin(['--username', 'other', '--data-dir', dataDir]);
    expect(again.exitCode).toBe(65);
    expect(again.stderr).toContain('Error: this server already has an admin');
    expect(again.stderr).toContain('Hint: sign in as an admin and create users');
    const json = await initAdmin(['--username', 'other', '--data-dir', dataDir, '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ error: { code: 'conflict' } });
    expect((await signIn({ dataDir }, 'other', password)).user).toBeNull();
  });

  it('never asks where nobody can answer, and names --password-stdin', async () => {
    const dataDir = join(home.root, 'server');
    const result = await initAdmin(['--username', 'admin', '--data-dir', dataDir]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('Error: no password: standard input is not a terminal to ask for one on');
    expect(result.stderr).toContain('--password-stdin');
    expect((await signIn({ dataDir }, 'admin', password)).admins).toBe(0);
  });

  it('refuses a short password and a bad username, creating nothing', async () => {
    const dataDir = join(home.root, 'server');
    const short = await initAdmin(
      ['--username', 'admin', '--password-stdin', '--data-dir', dataDir],
      'too short\n',
    );
    expect(short.exitCode).toBe(2);
    expect(short.stderr).toContain(
      'the password read from standard input has 9 characters; it needs at least 12',
    );
    const badName = await initAdmin(
      ['--username', 'Admin User', '--password-stdin', '--data-dir', dataDir],
      password,
    );
    expect(badName.exitCode).toBe(2);
    expect(badName.stderr).toContain(
      'username "Admin User" must be 1..39 lowercase letters, digits or inner hyphens',
    );
    expect((await signIn({ dataDir }, 'admin', password)).admins).toBe(0);
  });

  it('works against PostgreSQL with --database-url', async () => {
    const database = await createTestDatabase();
    try {
      const result = await initAdmin(
        ['--username', 'pgadmin', '--password-stdin', '--database-url', database.url],
        `${password}\r\n`,
      );
      expect(result.exitCode, result.stderr).toBe(0);
      expect(result.stdout).toContain('Created the first admin, pgadmin, in postgres://');
      expect((await signIn({ databaseUrl: database.url }, 'pgadmin', password)).user?.admin).toBe(true);
    } finally {
      await database.drop();
    }
  });

  describe.skipIf(!hasScript)('on a terminal', () => {
    it('asks twice at a hidden prompt and never shows the password', async () => {
      const dataDir = join(home.root, 'server');
      const session = gtcxOnPty(['server', 'init-admin', '--username', 'admin', '--data-dir', dataDir], home);
      await session.waitFor(/Password for admin \(at least 12 characters\):/);
      session.write(`${password}${keys.enter}`);
      await session.waitFor(/Repeat the password:/);
      session.write(`${password}${keys.enter}`);
      const result = await session.done;
      expect(result.exitCode, session.screen()).toBe(0);
      expect(session.screen()).toContain('Created the first admin, admin');
      expect(session.screen()).not.toContain(password);
      expect((await signIn({ dataDir }, 'admin', password)).user?.username).toBe('admin');
    });

    it('refuses two different passwords', async () => {
      const dataDir = join(home.root, 'server');
      const session = gtcxOnPty(['server', 'init-admin', '--username', 'admin', '--data-dir', dataDir], home);
      await session.waitFor(/Password for admin/);
      session.write(`${password}${keys.enter}`);
      await session.waitFor(/Repeat the password:/);
      session.write(`${password}!${keys.enter}`);
      const result = await session.done;
      expect(result.exitCode).toBe(2);
      expect(session.screen()).toContain('the two passwords differ: no admin was created');
      expect((await signIn({ dataDir }, 'admin', password)).admins).toBe(0);
    });
  });
});
