import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { createUsersService } from '../src/modules/users/index.js';
import { createPacksTestStore, type PacksTestStore } from './packs-support.js';

const password = 'a long enough password 1';
const auditScopes = ['audit:read', 'orgs:read', 'orgs:write'];

interface AuditEventBody {
  action: string;
  actor: string | null;
  org: string | null;
  target: string | null;
}

describe.each(['sqlite', 'postgres'] as const)('GET /v1/audit on %s', (dialect) => {
  let testStore: PacksTestStore;
  let app: FastifyInstance;
  const tokens: Record<string, string> = {};

  const signIn = async (username: string, scopes = auditScopes) => {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/sessions',
      payload: { username, password, scopes },
    });
    expect(response.statusCode, response.body).toBe(201);
    return (response.json() as { accessToken: string }).accessToken;
  };
  const as = (username: string) => ({ authorization: `Bearer ${tokens[username]}` });
  const audit = (username: string, query: Record<string, string | number> = {}) =>
    app.inject({
      method: 'GET',
      url: '/v1/audit',
      query: Object.fromEntries(Object.entries(query).map(([key, value]) => [key, String(value)])),
      headers: as(username),
    });

  beforeAll(async () => {
    testStore = await createPacksTestStore(dialect);
    const users = createUsersService({ store: testStore.store });
    await users.createUser({ username: 'root', password, admin: true });
    for (const username of ['alice', 'bob', 'carol']) await users.createUser({ username, password });
    app = await buildApp({ config: testStore.config, store: testStore.store, logger: false });
    tokens.root = await signIn('root', ['admin']);
    for (const username of ['alice', 'bob', 'carol']) tokens[username] = await signIn(username);
    // alice owns acme, where bob is a member; carol owns globex.
    for (const [owner, org] of [
      ['alice', 'acme'],
      ['carol', 'globex'],
    ] as const) {
      const created = await app.inject({
        method: 'POST',
        url: '/v1/orgs',
        headers: as(owner),
        payload: { name: org },
      });
      expect(created.statusCode, created.body).toBe(201);
    }
    const member = await app.inject({
      method: 'PUT',
      url: '/v1/orgs/acme/members/bob',
      headers: as('alice'),
      payload: { role: 'member' },
    });
    expect(member.statusCode, member.body).toBeLessThan(300);
  });

  afterAll(async () => {
    await app?.close();
    await testStore?.dispose();
  });

  it('shows a server admin every event, newest first, on contract', async () => {
    const response = await audit('root', { limit: 100 });
    expect(response.statusCode, response.body).toBe(200);
    const { items, nextCursor } = response.json() as { items: AuditEventBody[]; nextCursor: string | null };
    expect(nextCursor).toBeNull();
    const orgs = new Set(items.map((item) => item.org));
    expect(orgs).toContain('acme');
    expect(orgs).toContain('globex');
    expect(items.map((item) => item.action)).toContain('session.create');
    // Newest first: the last change (bob joining acme) leads.
    expect(items[0]).toMatchObject({
      actor: 'alice',
      org: 'acme',
      action: expect.stringMatching(/^org\.member\./),
    });
  });

  it("shows an org's owner that org's events only, and filters them", async () => {
    const response = await audit('alice', { org: 'acme' });
    expect(response.statusCode, response.body).toBe(200);
    const { items } = response.json() as { items: AuditEventBody[] };
    expect(items.length).toBeGreaterThanOrEqual(2);
    expect(items.every((item) => item.org === 'acme')).toBe(true);

    const members = await audit('alice', { org: 'acme', action: 'org.member.*', actor: 'alice' });
    expect(members.statusCode, members.body).toBe(200);
    const memberItems = (members.json() as { items: AuditEventBody[] }).items;
    expect(memberItems.length).toBeGreaterThanOrEqual(1);
    expect(memberItems.every((item) => item.action.startsWith('org.member.'))).toBe(true);

    const future = await audit('alice', { org: 'acme', since: '2999-01-01T00:00:00Z' });
    expect((future.json() as { items: unknown[] }).items).toEqual([]);
  });

  it('pages with opaque cursors that carry the filters through', async () => {
    const seen: AuditEventBody[] = [];
    let cursor: string | undefined;
    do {
      const response = await audit('root', { limit: 2, ...(cursor ? { cursor } : {}) });
      expect(response.statusCode, response.body).toBe(200);
      const page = response.json() as { items: AuditEventBody[]; nextCursor: string | null };
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    const all = (await audit('root', { limit: 100 })).json() as { items: AuditEventBody[] };
    expect(seen).toEqual(all.items);
  });

  it('refuses everyone else with 403 and a hint, whether or not the org exists', async () => {
    const cases: Array<[string, Record<string, string>, RegExp]> = [
      ['alice', {}, /whole audit log is for server admins/],
      ['bob', { org: 'acme' }, /Only owners of org "acme"/],
      ['carol', { org: 'acme' }, /Only owners of org "acme"/],
      ['alice', { org: 'globex' }, /Only owners of org "globex"/],
      ['alice', { org: 'no-such-org' }, /Only owners of org "no-such-org"/],
    ];
    for (const [username, query, detail] of cases) {
      const response = await audit(username, query);
      expect(response.statusCode, `${username} ${JSON.stringify(query)}`).toBe(403);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json()).toMatchObject({ code: 'forbidden', detail: expect.stringMatching(detail) });
      expect(response.json().hint).toBeTruthy();
    }
  });

  it('refuses a caller without credentials or without audit:read', async () => {
    const anonymous = await app.inject({ method: 'GET', url: '/v1/audit?org=acme' });
    expect(anonymous.statusCode).toBe(401);
    const narrow = await signIn('alice', ['orgs:read']);
    const response = await app.inject({
      method: 'GET',
      url: '/v1/audit?org=acme',
      headers: { authorization: `Bearer ${narrow}` },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('forbidden');
  });

  it('answers 400 naming the field for a bad cursor, action or time', async () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ cursor: 'bm90LWEtY3Vyc29y' }, 'querystring.cursor'],
      [{ action: 'Token.*' }, 'querystring.action'],
      [{ action: 'token.**' }, 'querystring.action'],
      [{ since: 'yesterday' }, 'querystring.since'],
      [{ limit: '0' }, 'querystring.limit'],
    ];
    for (const [query, field] of cases) {
      const response = await audit('root', query);
      expect(response.statusCode, JSON.stringify(query)).toBe(400);
      expect(response.json()).toMatchObject({ code: 'validation_failed', errors: [{ field }] });
    }
  });
});
