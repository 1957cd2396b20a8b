import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { buildSamplePack } from './packs-support.js';
import { adminAuthorization } from './support/config.js';
import {
  auditRows,
  createServerTestStore,
  createUserWithToken,
  type ServerTestStore,
  type TestIdentity,
} from './support/identity.js';

/** Orgs own the pack scope of their name: `@acme/*` is published by members of org acme only. */
describe.each(['sqlite', 'postgres'] as const)("publishing is limited to the scope's org (%s)", (dialect) => {
  let testStore: ServerTestStore;
  let app: FastifyInstance;
  const people: Record<string, TestIdentity> = {};

  beforeAll(async () => {
    testStore = await createServerTestStore(dialect);
    app = await buildApp({ config: testStore.config, store: testStore.store, logger: false });
    for (const username of ['alice', 'bob', 'carol', 'dave', 'erin']) {
      people[username] = await createUserWithToken(testStore.store, { username });
    }
    people.narrow = await createUserWithToken(testStore.store, {
      username: 'nora',
      scopes: ['packs:read', 'packs:publish'],
      packScopes: ['@beta'],
    });
    expect((await as('alice', 'POST', '/v1/orgs', { name: 'acme' })).statusCode).toBe(201);
    for (const [username, role] of [
      ['bob', 'member'],
      ['carol', 'viewer'],
      ['erin', 'maintainer'],
    ] as const) {
      const added = await as('alice', 'PUT', `/v1/orgs/acme/members/${username}`, { role });
      expect(added.statusCode, added.body).toBeLessThan(300);
    }
    expect((await as('nora', 'POST', '/v1/orgs', { name: 'beta' }, people.narrow)).statusCode).toBe(403);
  });

  afterAll(async () => {
    await app?.close();
    await testStore?.dispose();
  });

  function as(
    username: string,
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    payload?: unknown,
    identity: TestIdentity | undefined = people[username],
  ) {
    return app.inject({
      method,
      url,
      headers: identity?.authorization ?? {},
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
  }

  async function publish(identity: { authorization: string } | undefined, name: string, version: string) {
    const { tarball } = await buildSamplePack({ name, version });
    return app.inject({
      method: 'PUT',
      url: `/v1/packs/${encodeURIComponent(name)}/versions/${version}`,
      headers: { ...(identity ?? {}), 'content-type': 'application/gzip' },
      payload: tarball,
    });
  }

  it('lets the org owner and members publish, and records who in the audit log with the org', async () => {
    const first = await publish(people.alice?.authorization, '@acme/kit', '1.0.0');
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().publishedBy).toBe('alice');
    const second = await publish(people.bob?.authorization, '@acme/kit', '1.1.0');
    expect(second.statusCode, second.body).toBe(201);

    const events = await auditRows(testStore.store, 'pack.publish');
    expect(events.map((event) => [event.actor, event.target, event.org, event.outcome])).toEqual(
      expect.arrayContaining([
        ['alice', '@acme/kit@1.0.0', 'acme', 'success'],
        ['bob', '@acme/kit@1.1.0', 'acme', 'success'],
      ]),
    );
  });

  it('refuses a viewer and an outsider, naming the org and the fix, and records nothing', async () => {
    const before = (await auditRows(testStore.store, 'pack.publish')).length;
    const viewer = await publish(people.carol?.authorization, '@acme/kit', '2.0.0');
    expect(viewer.statusCode).toBe(403);
    expect(viewer.json().detail).toContain('viewer of acme');
    const outsider = await publish(people.dave?.authorization, '@acme/kit', '2.0.0');
    expect(outsider.statusCode).toBe(403);
    expect(outsider.json().detail).toContain('@acme belongs to the org acme, and dave is not in it');
    expect(outsider.json().hint).toContain('gtcx orgs members add acme dave');
    const packument = await app.inject({
      method: 'GET',
      url: `/v1/packs/${encodeURIComponent('@acme/kit')}`,
      headers: adminAuthorization,
    });
    expect(Object.keys(packument.json().versions)).not.toContain('2.0.0');
    expect((await auditRows(testStore.store, 'pack.publish')).length).toBe(before);
    // The refusals themselves are on record, with who tried and which org's pack it was.
    const denied = await auditRows(testStore.store, 'access.denied');
    expect(denied.map((event) => [event.actor, event.target, event.org, event.outcome])).toEqual(
      expect.arrayContaining([
        ['carol', 'operation:publishPackVersion', 'acme', 'failure'],
        ['dave', 'operation:publishPackVersion', 'acme', 'failure'],
      ]),
    );
  });

  it('refuses a scope no org owns to everyone but server admins', async () => {
    const unowned = await publish(people.dave?.authorization, '@nobody/kit', '1.0.0');
    expect(unowned.statusCode).toBe(403);
    expect(unowned.json().hint).toContain('gtcx orgs create nobody');
    const byAdmin = await publish(adminAuthorization, '@nobody/kit', '1.0.0');
    expect(byAdmin.statusCode, byAdmin.body).toBe(201);
  });

  it('keeps a token limited to pack scopes inside them', async () => {
    const outside = await publish(people.narrow?.authorization, '@acme/kit', '3.0.0');
    expect(outside.statusCode).toBe(403);
    expect(outside.json().detail).toContain('may publish only to @beta');
  });

  it('lets members deprecate and move dist-tags, but only maintainers and owners yank', async () => {
    const pack = encodeURIComponent('@acme/kit');
    const deprecate = await as('bob', 'PUT', `/v1/packs/${pack}/versions/1.0.0/deprecation`, {
      message: 'use 1.1',
    });
    expect(deprecate.statusCode, deprecate.body).toBe(200);
    const tag = await as('bob', 'PUT', `/v1/packs/${pack}/dist-tags/stable`, { version: '1.0.0' });
    expect(tag.statusCode, tag.body).toBe(200);
    const yankByMember = await as('bob', 'PUT', `/v1/packs/${pack}/versions/1.0.0/yank`, {
      reason: 'broken',
    });
    expect(yankByMember.statusCode).toBe(403);
    expect(yankByMember.json().hint).toContain('owner or maintainer');
    const yankByMaintainer = await as('erin', 'PUT', `/v1/packs/${pack}/versions/1.0.0/yank`, {
      reason: 'broken',
    });
    expect(yankByMaintainer.statusCode, yankByMaintainer.body).toBe(200);

    const actions = (await auditRows(testStore.store)).map((event) => `${event.actor} ${event.action}`);
    expect(actions).toEqual(
      expect.arrayContaining(['bob pack.deprecate', 'bob pack.dist_tag.set', 'erin pack.yank']),
    );
  });
});
