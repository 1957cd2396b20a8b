import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveServerConfig } from '../../server/src/config.js';
import { type RunningServer, startServer } from '../../server/src/main.js';
import { createTestStore, type TestStore } from '../../server/test/support/stores.js';
import { createClient, GtcxApiError, unwrap } from '../src/index.js';

/**
 * What a script does with identity through the SDK, against a real server on both stores: sign in,
 * a device login approved by another client, personal access tokens, orgs, the audit log, and a
 * getToken that refreshes when the server says the token expired.
 */
const admin = { username: 'sdk-root', password: 'sdk-root-password-0123' };

describe.each(['sqlite', 'postgres'] as const)('identity through @gtcx/sdk (%s)', (dialect) => {
  let testStore: TestStore;
  let server: RunningServer;
  let session: { accessToken: string; refreshToken: string };

  beforeAll(async () => {
    testStore = await createTestStore(dialect);
    const config = resolveServerConfig(
      {
        port: 0,
        grpcPort: 0,
        dataDir: testStore.dataDir,
        databaseUrl: testStore.databaseUrl,
        logLevel: 'silent',
        adminUsername: admin.username,
        adminPassword: admin.password,
      },
      { GTCX_RATE_LIMIT_SIGN_IN: '0' },
    );
    server = await startServer(config, { logger: false });
    const anonymous = createClient({ baseUrl: server.url });
    session = unwrap(await anonymous.POST('/v1/sessions', { body: admin }));
  });

  afterAll(async () => {
    await server?.close();
    await testStore?.dispose();
  });

  it('signs in, says who the caller is, and refuses a wrong password with a typed error', async () => {
    const gtcx = createClient({ baseUrl: server.url, token: session.accessToken });
    const me = unwrap(await gtcx.GET('/v1/user'));
    expect(me).toMatchObject({
      subject: admin.username,
      kind: 'user',
      admin: true,
      authMethod: 'accessToken',
    });

    const anonymous = createClient({ baseUrl: server.url });
    const wrong = await anonymous.POST('/v1/sessions', { body: { ...admin, password: 'not-the-password' } });
    expect(wrong.data).toBeUndefined();
    expect(wrong.error).toMatchObject({ status: 401, code: 'unauthenticated' });
    expect(() => unwrap(wrong)).toThrow(GtcxApiError);
  });

  it('runs a device login: one client starts it, another approves, the first gets tokens', async () => {
    const device = createClient({ baseUrl: server.url });
    const started = unwrap(
      await device.POST('/oauth/device_authorization', {
        body: { client_id: 'gtcx-cli' },
        bodySerializer: (body) => new URLSearchParams(body as Record<string, string>).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
    );
    const poll = () =>
      device.POST('/oauth/token', {
        body: {
          grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
          device_code: started.device_code,
          client_id: 'gtcx-cli',
        },
        bodySerializer: (body) => new URLSearchParams(body as Record<string, string>).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
    const pending = await poll();
    expect(pending.error).toMatchObject({ error: 'authorization_pending' });

    const approver = createClient({ baseUrl: server.url, token: session.accessToken });
    const approval = unwrap(
      await approver.POST('/v1/device-approvals', { body: { userCode: started.user_code, approve: true } }),
    );
    expect(approval.status).toBe('approved');

    // RFC 8628 asks clients to wait `interval` seconds between polls; the server answers slow_down otherwise.
    await new Promise((resolve) => setTimeout(resolve, started.interval * 1000));
    const granted = unwrap(await poll());
    expect(granted.token_type).toBe('Bearer');
    const me = unwrap(
      await createClient({ baseUrl: server.url, token: granted.access_token }).GET('/v1/user'),
    );
    expect(me.subject).toBe(admin.username);
  }, 30_000);

  it('creates, pages through and revokes personal access tokens; a revoked one is refused', async () => {
    const gtcx = createClient({ baseUrl: server.url, token: session.accessToken });
    const created = [];
    for (const name of ['ci-1', 'ci-2', 'ci-3']) {
      created.push(unwrap(await gtcx.POST('/v1/tokens', { body: { name, scopes: ['packs:read'] } })));
    }
    expect(created.every((token) => token.secret.startsWith('gtcx_'))).toBe(true);
    const names: string[] = [];
    for await (const token of gtcx.paginate('/v1/tokens', { params: { query: { limit: 2 } } })) {
      names.push(token.name);
    }
    expect(names).toEqual(expect.arrayContaining(['ci-1', 'ci-2', 'ci-3']));

    const pat = createClient({ baseUrl: server.url, token: created[0]?.secret });
    expect(unwrap(await pat.GET('/v1/user')).authMethod).toBe('personalAccessToken');
    const forbidden = await pat.POST('/v1/orgs', { body: { name: 'nope' } });
    expect(forbidden.error).toMatchObject({ status: 403, code: 'forbidden' });

    await gtcx.DELETE('/v1/tokens/{tokenId}', { params: { path: { tokenId: created[0]?.token.id ?? '' } } });
    const revoked = await pat.GET('/v1/user');
    expect(revoked.error).toMatchObject({ status: 401, code: 'unauthenticated' });
  });

  it('manages an org and reads its audit events', async () => {
    const gtcx = createClient({ baseUrl: server.url, token: session.accessToken });
    unwrap(await gtcx.POST('/v1/orgs', { body: { name: 'sdk-org' } }));
    const events = [];
    for await (const event of gtcx.paginate('/v1/audit', { params: { query: { org: 'sdk-org' } } })) {
      events.push(event);
    }
    expect(events.map((event) => event.action)).toContain('org.create');
    expect(events[0]).toMatchObject({ actor: admin.username, org: 'sdk-org', outcome: 'success' });
  });

  it('asks getToken again when the server refuses an expired token, and goes on with the fresh one', async () => {
    const asked: boolean[] = [];
    let current = 'gtcx_expired_000000000000000000000000000000000';
    const gtcx = createClient({
      baseUrl: server.url,
      getToken: async ({ expired }) => {
        asked.push(expired);
        if (expired) {
          const anonymous = createClient({ baseUrl: server.url });
          const refreshed = unwrap(
            await anonymous.POST('/oauth/token', {
              body: {
                grant_type: 'refresh_token',
                refresh_token: session.refreshToken,
              },
              bodySerializer: (body) => new URLSearchParams(body as Record<string, string>).toString(),
              headers: { 'content-type': 'application/x-www-form-urlencoded' },
            }),
          );
          current = refreshed.access_token;
          session = { accessToken: current, refreshToken: refreshed.refresh_token ?? session.refreshToken };
        }
        return current;
      },
    });
    const me = unwrap(await gtcx.GET('/v1/user'));
    expect(me.subject).toBe(admin.username);
    expect(asked).toEqual([false, true]);
  });
});
