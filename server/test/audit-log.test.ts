import type { Store } from '@gtcx/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuditEventInput, listAuditEvents, recordAuditEvent } from '../src/modules/compliance/index.js';
import { createPacksTestStore, type PacksTestStore } from './packs-support.js';

function event(overrides: Partial<AuditEventInput> & Pick<AuditEventInput, 'action'>): AuditEventInput {
  return {
    actor: { kind: 'user', subject: 'alice' },
    target: null,
    org: null,
    outcome: 'success',
    ip: '127.0.0.1',
    requestId: 'req-1',
    ...overrides,
  };
}

describe.each(['sqlite', 'postgres'] as const)('the audit log on %s', (dialect) => {
  let testStore: PacksTestStore;
  let store: Store;

  beforeAll(async () => {
    testStore = await createPacksTestStore(dialect);
    store = testStore.store;
    const at = (minute: number) => new Date(Date.UTC(2025, 0, 31, 12, minute));
    await recordAuditEvent(store.db, event({ action: 'token.create', target: 'token:t1' }), at(0));
    await recordAuditEvent(
      store.db,
      event({ action: 'pack.publish', target: '@acme/web@1.0.0', org: 'acme', details: { size: 10 } }),
      at(1),
    );
    await recordAuditEvent(
      store.db,
      event({ action: 'session.create', actor: null, outcome: 'failure', target: 'user:bob', ip: null }),
      at(2),
    );
    await recordAuditEvent(
      store.db,
      event({
        action: 'token.revoke',
        target: 'token:t1',
        actor: { kind: 'serviceAccount', subject: 'sa-acme-ci' },
      }),
      at(3),
    );
    await recordAuditEvent(
      store.db,
      event({ action: 'org.member.set', org: 'acme', target: 'user:bob' }),
      at(4),
    );
    await recordAuditEvent(store.db, event({ action: 'tokenx.create' }), at(5));
    await recordAuditEvent(
      store.db,
      event({ action: 'org.member.set', org: 'globex', target: 'user:carol' }),
      at(6),
    );
  });

  afterAll(async () => {
    await testStore?.dispose();
  });

  it('lists events newest first, every field as the contract names it', async () => {
    const page = await listAuditEvents(store.db, {});
    expect(page.nextCursor).toBeNull();
    expect(page.items.map((item) => item.action)).toEqual([
      'org.member.set',
      'tokenx.create',
      'org.member.set',
      'token.revoke',
      'session.create',
      'pack.publish',
      'token.create',
    ]);
    const publish = page.items.find((item) => item.action === 'pack.publish');
    expect(publish).toEqual({
      id: expect.any(String),
      occurredAt: '2025-01-31T12:01:00.000Z',
      actor: 'alice',
      actorType: 'user',
      action: 'pack.publish',
      target: '@acme/web@1.0.0',
      org: 'acme',
      outcome: 'success',
      ip: '127.0.0.1',
      requestId: 'req-1',
      details: { size: 10 },
    });
    expect(page.items.find((item) => item.action === 'session.create')).toMatchObject({
      actor: null,
      actorType: 'anonymous',
      outcome: 'failure',
      ip: null,
    });
  });

  it('filters by actor, exact action, action prefix, target and org, all at once too', async () => {
    const actions = async (filters: Parameters<typeof listAuditEvents>[1]) =>
      (await listAuditEvents(store.db, filters)).items.map((item) => item.action);
    expect(await actions({ actor: 'sa-acme-ci' })).toEqual(['token.revoke']);
    expect(await actions({ action: 'token.create' })).toEqual(['token.create']);
    // A prefix covers the actions under it, not those that merely start with the same letters.
    expect(await actions({ action: 'token.*' })).toEqual(['token.revoke', 'token.create']);
    expect(await actions({ action: 'org.*' })).toEqual(['org.member.set', 'org.member.set']);
    expect(await actions({ action: 'org.member.*' })).toEqual(['org.member.set', 'org.member.set']);
    expect(await actions({ target: 'token:t1' })).toEqual(['token.revoke', 'token.create']);
    expect(await actions({ org: 'acme' })).toEqual(['org.member.set', 'pack.publish']);
    expect(await actions({ org: 'acme', action: 'pack.*', actor: 'alice' })).toEqual(['pack.publish']);
    expect(await actions({ org: 'nobody' })).toEqual([]);
  });

  it('escapes LIKE wildcards in an action prefix', async () => {
    // `_` would match any one character if it were not escaped: `token_` must not match `tokenx`.
    expect((await listAuditEvents(store.db, { action: 'token_.*' })).items).toEqual([]);
  });

  it('filters by time: since inclusive, until exclusive, in any RFC 3339 offset', async () => {
    const actions = async (filters: Parameters<typeof listAuditEvents>[1]) =>
      (await listAuditEvents(store.db, filters)).items.map((item) => item.action);
    expect(await actions({ since: '2025-01-31T12:05:00Z' })).toEqual(['org.member.set', 'tokenx.create']);
    expect(await actions({ until: '2025-01-31T12:01:00Z' })).toEqual(['token.create']);
    expect(await actions({ since: '2025-01-31T13:02:00+01:00', until: '2025-01-31T12:04:00.000Z' })).toEqual([
      'token.revoke',
      'session.create',
    ]);
    await expect(listAuditEvents(store.db, { since: 'yesterday' })).rejects.toMatchObject({
      code: 'validation_failed',
      details: { errors: [{ field: 'since' }] },
    });
  });

  it('pages newest first with opaque cursors until nextCursor is null', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listAuditEvents(store.db, {}, { limit: 3, ...(cursor ? { cursor } : {}) });
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor ?? undefined;
      if (cursor !== undefined) expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      pages += 1;
    } while (cursor !== undefined);
    expect(pages).toBe(3);
    const all = (await listAuditEvents(store.db, {})).items.map((item) => item.id);
    expect(seen).toEqual(all);

    // Exactly one page's worth: no empty page after it.
    const acme = await listAuditEvents(store.db, { org: 'acme' }, { limit: 2 });
    expect(acme.items).toHaveLength(2);
    expect(acme.nextCursor).toBeNull();

    // Filters apply on every page.
    const first = await listAuditEvents(store.db, { action: 'token.*' }, { limit: 1 });
    const second = await listAuditEvents(
      store.db,
      { action: 'token.*' },
      { limit: 1, cursor: first.nextCursor ?? '' },
    );
    expect([...first.items, ...second.items].map((item) => item.action)).toEqual([
      'token.revoke',
      'token.create',
    ]);
    expect(second.nextCursor).toBeNull();
  });

  it('refuses a cursor it did not issue, naming the field', async () => {
    for (const cursor of ['not-a-cursor', 'c2VxOjA', Buffer.from('seq:-1').toString('base64url'), '!!']) {
      await expect(listAuditEvents(store.db, {}, { cursor })).rejects.toMatchObject({
        code: 'validation_failed',
        details: { errors: [{ field: 'cursor', message: 'is not a cursor this server issued' }] },
      });
    }
  });
});
