import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type BootstrapLog, bootstrapAdmin } from '../src/modules/users/bootstrap.js';
import { auditEvents, createUsersTestStore, testPassword, type UsersTestStore } from './users-support.js';

interface Line {
  level: 'info' | 'warn';
  details: Record<string, unknown>;
  message: string;
}

function recordingLog(): BootstrapLog & { lines: Line[] } {
  const lines: Line[] = [];
  return {
    lines,
    info: (details, message) => lines.push({ level: 'info', details, message }),
    warn: (details, message) => lines.push({ level: 'warn', details, message }),
  };
}

const firstAdmin = { username: 'root', password: testPassword, email: 'root@example.com' };

describe.each(['sqlite', 'postgres'] as const)('first admin bootstrap on %s', (dialect) => {
  let t: UsersTestStore;

  beforeEach(async () => {
    t = await createUsersTestStore(dialect);
  });

  afterEach(async () => {
    await t?.dispose();
  });

  it('warns on every start without an admin, saying how to create one', async () => {
    for (let start = 0; start < 2; start++) {
      const log = recordingLog();
      expect(await bootstrapAdmin({ store: t.store, admin: undefined, log })).toBe('absent');
      expect(log.lines).toHaveLength(1);
      expect(log.lines[0]?.level).toBe('warn');
      expect(log.lines[0]?.message).toContain('this server has no admin yet');
      expect(log.lines[0]?.message).toContain('gtcx server init-admin');
      expect(log.lines[0]?.message).toContain('GTCX_ADMIN_USERNAME and GTCX_ADMIN_PASSWORD');
    }
    expect(await t.service.countAdmins()).toBe(0);
  });

  it('creates the configured admin once, who can sign in, then says the variables are ignored', async () => {
    const log = recordingLog();
    expect(await bootstrapAdmin({ store: t.store, admin: firstAdmin, log })).toBe('created');
    expect(log.lines).toEqual([
      {
        level: 'info',
        details: { username: 'root' },
        message: 'created the first admin, "root", from the GTCX_ADMIN_* settings',
      },
    ]);
    expect(JSON.stringify(log.lines)).not.toContain(testPassword);
    const admin = await t.service.verifyPassword('root', testPassword);
    expect(admin).toMatchObject({ username: 'root', admin: true, email: 'root@example.com' });
    const [event] = await auditEvents(t.store, 'user.create');
    expect(event).toMatchObject({ actor: null, actor_type: 'anonymous', target: 'user:root' });

    const next = recordingLog();
    const changed = { ...firstAdmin, password: 'another password entirely' };
    expect(await bootstrapAdmin({ store: t.store, admin: changed, log: next })).toBe('present');
    expect(next.lines[0]?.message).toContain(
      'the GTCX_ADMIN_* settings are ignored: this server already has an admin',
    );
    expect(await t.service.verifyPassword('root', 'another password entirely')).toBeNull();
    expect(await t.service.countAdmins()).toBe(1);
  });

  it('makes one admin when two replicas start at the same moment', async () => {
    const logs = [recordingLog(), recordingLog()];
    const outcomes = await Promise.all(
      logs.map((log) => bootstrapAdmin({ store: t.store, admin: firstAdmin, log })),
    );
    expect(outcomes.sort()).toEqual(['created', 'present']);
    expect(await t.service.countAdmins()).toBe(1);
  });

  it('does not turn an existing ordinary user into an admin', async () => {
    await t.service.createUser({ username: 'root', password: 'the ordinary one' });
    const log = recordingLog();
    expect(await bootstrapAdmin({ store: t.store, admin: firstAdmin, log })).toBe('absent');
    expect(log.lines[0]?.level).toBe('warn');
    expect(log.lines[0]?.message).toContain('names the existing user "root", who is not an admin');
    expect(await t.service.countAdmins()).toBe(0);
  });

  it('refuses a configured admin whose name breaks the username rules', async () => {
    const log = recordingLog();
    const outcome = bootstrapAdmin({ store: t.store, admin: { ...firstAdmin, username: 'Root Admin' }, log });
    await expect(outcome).rejects.toMatchObject({ code: 'validation_failed' });
    expect(await t.service.countAdmins()).toBe(0);
  });
});
