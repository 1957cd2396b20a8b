import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, gtcxJson, type IdentityServer, startIdentityServer } from './identity-support.js';
import { gtcx, type TempHome, tempHome } from './support/cli.js';

interface AuditEventJson {
  action: string;
  actor: string | null;
  org: string | null;
  occurredAt: string;
}

const scratch = mkdtempSync(join(tmpdir(), 'gtcx-audit-e2e-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function expectOneLineError(stderr: string, message: RegExp, hint: RegExp): void {
  const lines = stderr.trimEnd().split('\n');
  expect(lines, stderr).toHaveLength(2);
  expect(lines[0]).toMatch(/^Error: /);
  expect(lines[0]).toMatch(message);
  expect(lines[1]).toMatch(/^Hint: /);
  expect(lines[1]).toMatch(hint);
}

describe('gtcx audit list against a real server', () => {
  let server: IdentityServer;
  let home: TempHome;
  let asAdmin: NodeJS.ProcessEnv;
  let asCarol: NodeJS.ProcessEnv;
  let asDave: NodeJS.ProcessEnv;

  beforeAll(async () => {
    server = await startIdentityServer(join(scratch, 'server'));
    const [carol, dave] = [await server.createUser('carol'), await server.createUser('dave')];
    const created = await api(server.url, carol.token).POST('/v1/orgs', { body: { name: 'acme' } });
    expect(created.response.status).toBe(201);
    home = tempHome();
    asAdmin = { GTCX_SERVER: server.url, GTCX_TOKEN: server.adminToken };
    asCarol = { GTCX_SERVER: server.url, GTCX_TOKEN: carol.token };
    asDave = { GTCX_SERVER: server.url, GTCX_TOKEN: dave.token };
  });
  afterAll(async () => {
    await server?.close();
    home?.cleanup();
  });

  it('prints the events as a table, newest first', async () => {
    const result = await gtcx(['audit', 'list'], home, { env: asAdmin });
    expect(result.exitCode, result.stderr).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(/^TIME\s+ACTOR\s+ACTION\s+TARGET\s+ORG\s+OUTCOME\s+IP$/);
    // The org was the last change.
    expect(lines[1]).toMatch(
      /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z\s+carol\s+org\.create\s+\S+\s+acme\s+success\s+127\.0\.0\.1$/,
    );
    expect(result.stdout).toMatch(/root-admin\s+session\.create/);
  });

  it('filters, and answers --json with items and nextCursor', async () => {
    const sessions = await gtcxJson(
      ['audit', 'list', '--action', 'session.*', '--since', '1h'],
      home,
      asAdmin,
    );
    expect(sessions.exitCode, sessions.stderr).toBe(0);
    const items = sessions.json.items as AuditEventJson[];
    expect(items.length).toBeGreaterThanOrEqual(3);
    expect(items.every((item) => item.action.startsWith('session.'))).toBe(true);
    expect(sessions.json.nextCursor).toBeNull();

    const byCarol = await gtcxJson(['audit', 'list', '--actor', 'carol', '--org', 'acme'], home, asAdmin);
    expect((byCarol.json.items as AuditEventJson[]).map((item) => [item.actor, item.org])).toEqual([
      ['carol', 'acme'],
    ]);

    const none = await gtcx(['audit', 'list', '--until', '2000-01-01'], home, { env: asAdmin });
    expect(none.exitCode, none.stderr).toBe(0);
    expect(none.stdout.trim()).toBe('No audit events match.');
  });

  it('pages with --limit and --cursor, or follows every page with --all', async () => {
    const first = await gtcxJson(['audit', 'list', '--limit', '2'], home, asAdmin);
    expect(first.json.items).toHaveLength(2);
    expect(first.json.nextCursor).toEqual(expect.any(String));
    const second = await gtcxJson(
      ['audit', 'list', '--limit', '2', '--cursor', String(first.json.nextCursor)],
      home,
      asAdmin,
    );
    expect(second.exitCode, second.stderr).toBe(0);

    const all = await gtcxJson(['audit', 'list', '--all', '--limit', '2'], home, asAdmin);
    const everything = all.json.items as AuditEventJson[];
    expect(all.json.nextCursor).toBeNull();
    expect(everything.length).toBeGreaterThan(4);
    expect(everything.slice(0, 4)).toEqual([
      ...(first.json.items as AuditEventJson[]),
      ...(second.json.items as AuditEventJson[]),
    ]);

    const table = await gtcx(['audit', 'list', '--limit', '1'], home, { env: asAdmin });
    expect(table.stdout).toMatch(/\nMore: --cursor [A-Za-z0-9_-]+ \(or --all\)$/);
  });

  it("lets an org's owner read that org's events, and nobody else", async () => {
    const owner = await gtcxJson(['audit', 'list', '--org', 'acme'], home, asCarol);
    expect(owner.exitCode, owner.stderr).toBe(0);
    expect((owner.json.items as AuditEventJson[]).every((item) => item.org === 'acme')).toBe(true);

    const whole = await gtcx(['audit', 'list'], home, { env: asCarol });
    expect(whole.exitCode).not.toBe(0);
    expectOneLineError(whole.stderr, /cannot read the audit log: .*for server admins/, /--org/);

    const other = await gtcxJson(['audit', 'list', '--org', 'acme'], home, asDave);
    expect(other.exitCode).not.toBe(0);
    expect(other.json).toMatchObject({ error: { code: 'forbidden' } });
  });

  it('refuses a bad time, naming the flag, before asking the server', async () => {
    const result = await gtcx(['audit', 'list', '--since', 'last tuesday'], home, { env: asAdmin });
    expect(result.exitCode).not.toBe(0);
    expectOneLineError(result.stderr, /--since "last tuesday" is not a time/, /RFC 3339/);
  });

  it('says the audit log lives on a server when none is configured, or --offline is asked for', async () => {
    const offline = await gtcx(['audit', 'list'], home);
    expect(offline.exitCode).not.toBe(0);
    expectOneLineError(offline.stderr, /audit log lives on a gtcx server/, /--server URL.*gtcx login/);

    const asked = await gtcxJson(['audit', 'list', '--offline'], home, asAdmin);
    expect(asked.exitCode).not.toBe(0);
    expect(asked.json).toMatchObject({
      error: {
        message: expect.stringContaining('audit log lives on a gtcx server'),
        hint: expect.stringContaining('--offline'),
      },
    });
  });

  it('asks to log in when it has no token for the server', async () => {
    const result = await gtcx(['audit', 'list'], home, { env: { GTCX_SERVER: server.url } });
    expect(result.exitCode).not.toBe(0);
    expectOneLineError(result.stderr, /not logged in/, /gtcx login/);
  });
});
