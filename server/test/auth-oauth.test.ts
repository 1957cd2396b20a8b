import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store } from '@gtcx/core';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase } from '../../core/test/support/postgres.js';
import { buildApp } from '../src/app.js';
import { resolveServerConfig } from '../src/config.js';
import { openServerStore } from '../src/main.js';
import { createUsersService } from '../src/modules/users/index.js';

/**
 * The OAuth 2.0 endpoints over HTTP, on both stores: password sign-in, refresh-token rotation and
 * reuse detection, the device flow end to end (with a clock the test controls), and revocation.
 * Every error is checked in the RFC's own shape, and every token issued is used on a secured
 * operation to show it really works.
 */

// Rate limits are another suite's subject; here they would only cut the flows short.
const unlimited = {
  GTCX_RATE_LIMIT_PER_TOKEN: '0',
  GTCX_RATE_LIMIT_PER_IP: '0',
  GTCX_RATE_LIMIT_SIGN_IN: '0',
  GTCX_RATE_LIMIT_OAUTH: '0',
};

const alice = { username: 'alice', password: 'alice-password-0123' };
const root = { username: 'root', password: 'root-password-01234' };
const formType = { 'content-type': 'application/x-www-form-urlencoded' };
const deviceGrant = 'urn:ietf:params:oauth:grant-type:device_code';

interface Harness {
  app: FastifyInstance;
  store: Store;
  dispose(): Promise<void>;
}

async function startHarness(dialect: 'sqlite' | 'postgres'): Promise<Harness> {
  const dataDir = await mkdtemp(join(tmpdir(), 'gtcx-oauth-test-'));
  const database = dialect === 'postgres' ? await createTestDatabase() : undefined;
  const config = resolveServerConfig(
    { port: 0, grpcPort: 0, dataDir, databaseUrl: database?.url, logLevel: 'silent' },
    unlimited,
  );
  const store = await openServerStore(config);
  await store.migrate();
  const users = createUsersService({ store });
  await users.createUser(alice);
  await users.createUser({ ...root, admin: true });
  const app = await buildApp({ config, store, logger: false });
  return {
    app,
    store,
    async dispose() {
      await app.close();
      await store.close();
      await database?.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`OAuth 2.0 over HTTP (${dialect})`, () => {
    let h: Harness;
    const post = (url: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
      h.app.inject({
        method: 'POST',
        url,
        headers: { ...formType, ...headers },
        payload: new URLSearchParams(fields).toString(),
      });
    const token = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
      post('/oauth/token', fields, headers);
    const signIn = async (credentials: { username: string; password: string }, scopes?: string[]) => {
      const response = await h.app.inject({
        method: 'POST',
        url: '/v1/sessions',
        payload: { ...credentials, ...(scopes === undefined ? {} : { scopes }) },
      });
      expect(response.statusCode, response.body).toBe(201);
      return response.json() as {
        accessToken: string;
        refreshToken: string;
        scopes: string[];
        expiresIn: number;
      };
    };
    const bearer = (accessToken: string) => ({ authorization: `Bearer ${accessToken}` });
    const getTemplates = (accessToken: string) =>
      h.app.inject({ method: 'GET', url: '/v1/templates', headers: bearer(accessToken) });
    const audit = (action: string) =>
      h.store.db
        .selectFrom('audit_events')
        .selectAll()
        .where('action', '=', action)
        .orderBy('seq')
        .execute() as Promise<
        Array<{ actor: string | null; outcome: string; details: string; target: string | null }>
      >;

    beforeAll(async () => {
      h = await startHarness(dialect);
    });

    afterAll(async () => {
      await h?.dispose();
    });

    afterEach(() => {
      vi.useRealTimers();
    });

    describe('POST /v1/sessions', () => {
      it('signs in with a password: a token pair whose access token works on secured operations', async () => {
        const response = await h.app.inject({ method: 'POST', url: '/v1/sessions', payload: alice });
        expect(response.statusCode, response.body).toBe(201);
        expect(response.headers['cache-control']).toBe('no-store');
        const pair = response.json();
        expect(pair).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
        expect(pair.refreshToken).toMatch(/^gtcx_rt_/);
        expect(pair.scopes).not.toContain('admin');
        expect(pair.scopes).toContain('templates:read');
        expect((await getTemplates(pair.accessToken)).statusCode).toBe(200);

        const events = await audit('session.create');
        const success = events.find((event) => event.outcome === 'success' && event.actor === 'alice');
        expect(success?.target).toBe('user:alice');
        expect(success?.details).not.toContain('password');
      });

      it('answers a wrong password and an unknown user with the same 401, audited without an actor', async () => {
        const wrong = await h.app.inject({
          method: 'POST',
          url: '/v1/sessions',
          payload: { username: 'alice', password: 'not-the-password' },
        });
        const unknown = await h.app.inject({
          method: 'POST',
          url: '/v1/sessions',
          payload: { username: 'nobody', password: 'not-the-password' },
        });
        for (const response of [wrong, unknown]) {
          expect(response.statusCode).toBe(401);
          expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        }
        const comparable = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });
        expect(comparable(wrong.json())).toEqual(comparable(unknown.json()));
        expect(wrong.json()).toMatchObject({
          code: 'unauthenticated',
          detail: 'The username or password is wrong',
        });

        const failures = (await audit('session.create')).filter((event) => event.outcome === 'failure');
        expect(failures.map((event) => event.actor)).toEqual([null, null]);
        expect(failures.map((event) => JSON.parse(event.details).username)).toEqual(['alice', 'nobody']);
        expect(failures.map((event) => event.details).join()).not.toContain('not-the-password');
      });

      it('takes no longer to refuse an unknown user than a wrong password', async () => {
        const time = async (username: string) => {
          const started = process.hrtime.bigint();
          await h.app.inject({
            method: 'POST',
            url: '/v1/sessions',
            payload: { username, password: 'wrong-password-1' },
          });
          return Number(process.hrtime.bigint() - started) / 1e6;
        };
        const known: number[] = [];
        const unknown: number[] = [];
        for (let i = 0; i < 3; i++) {
          known.push(await time('alice'));
          unknown.push(await time(`ghost-${i}`));
        }
        const median = (values: number[]) => [...values].sort((a, b) => a - b)[1] as number;
        // Both spend one scrypt derivation (tens of milliseconds); without the dummy hash the unknown
        // user would answer in about a millisecond.
        expect(median(unknown)).toBeGreaterThan(median(known) * 0.5);
      });

      it('narrows to the requested scopes and refuses scopes the user may not hold', async () => {
        const narrow = await signIn(alice, ['templates:read']);
        expect(narrow.scopes).toEqual(['templates:read']);
        expect((await getTemplates(narrow.accessToken)).statusCode).toBe(200);
        const tokens = await h.app.inject({
          method: 'GET',
          url: '/v1/tokens',
          headers: bearer(narrow.accessToken),
        });
        expect(tokens.statusCode).toBe(403);

        const admin = await h.app.inject({
          method: 'POST',
          url: '/v1/sessions',
          payload: { ...alice, scopes: ['admin'] },
        });
        expect(admin.statusCode).toBe(403);
        expect(admin.json()).toMatchObject({ code: 'forbidden', detail: 'alice may not hold admin' });
        expect((await signIn(root)).scopes).toContain('admin');
      });

      it('refuses a malformed body with the fields named', async () => {
        const response = await h.app.inject({
          method: 'POST',
          url: '/v1/sessions',
          payload: { username: 'alice' },
        });
        expect(response.statusCode).toBe(400);
        expect(response.json().errors).toEqual([{ field: 'body.password', message: expect.any(String) }]);
      });
    });

    describe('grant_type=refresh_token', () => {
      it('rotates: each use answers a new refresh token of the same family', async () => {
        const pair = await signIn(alice);
        const first = await token({ grant_type: 'refresh_token', refresh_token: pair.refreshToken });
        expect(first.statusCode, first.body).toBe(200);
        expect(first.headers['cache-control']).toBe('no-store');
        const body = first.json();
        expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 900 });
        expect(body.refresh_token).toMatch(/^gtcx_rt_/);
        expect(body.refresh_token).not.toBe(pair.refreshToken);
        expect(body.scope.split(' ').sort()).toEqual([...pair.scopes].sort());
        expect((await getTemplates(body.access_token)).statusCode).toBe(200);

        const second = await token({ grant_type: 'refresh_token', refresh_token: body.refresh_token });
        expect(second.statusCode, second.body).toBe(200);
      });

      it('revokes the whole family when a used refresh token comes back', async () => {
        const pair = await signIn(alice);
        const rotated = (
          await token({ grant_type: 'refresh_token', refresh_token: pair.refreshToken })
        ).json();

        const replay = await token({ grant_type: 'refresh_token', refresh_token: pair.refreshToken });
        expect(replay.statusCode).toBe(400);
        expect(replay.headers['cache-control']).toBe('no-store');
        expect(replay.json()).toEqual({
          error: 'invalid_grant',
          error_description: expect.stringContaining('already used'),
        });
        // The legitimate holder's newer token went down with the family.
        const newer = await token({ grant_type: 'refresh_token', refresh_token: rotated.refresh_token });
        expect(newer.json().error).toBe('invalid_grant');

        const reuse = (await audit('oauth.token')).find((event) =>
          JSON.parse(event.details).reason?.includes('reused'),
        );
        expect(reuse).toMatchObject({ outcome: 'failure', target: 'user:alice' });
        expect(JSON.parse(reuse?.details ?? '{}').revoked).toBeGreaterThanOrEqual(1);
      });

      it('narrows the access token on request, never widens, and keeps the family usable', async () => {
        const pair = await signIn(alice, ['templates:read', 'packs:read']);
        const wider = await token({
          grant_type: 'refresh_token',
          refresh_token: pair.refreshToken,
          scope: 'tokens:read',
        });
        expect(wider.statusCode).toBe(400);
        expect(wider.json().error).toBe('invalid_scope');
        const unknown = await token({
          grant_type: 'refresh_token',
          refresh_token: pair.refreshToken,
          scope: 'root',
        });
        expect(unknown.json().error).toBe('invalid_scope');

        const narrowed = await token({
          grant_type: 'refresh_token',
          refresh_token: pair.refreshToken,
          scope: 'templates:read',
        });
        expect(narrowed.statusCode, narrowed.body).toBe(200);
        expect(narrowed.json().scope).toBe('templates:read');
        // The family keeps its scopes: the next refresh may ask for packs:read again.
        const again = await token({
          grant_type: 'refresh_token',
          refresh_token: narrowed.json().refresh_token,
          scope: 'packs:read',
        });
        expect(again.json().scope).toBe('packs:read');
      });

      it('refuses expired, unknown and malformed refresh requests in the RFC 6749 shape', async () => {
        const pair = await signIn(alice);
        vi.useFakeTimers({ toFake: ['Date'] });
        vi.setSystemTime(Date.now() + 31 * 24 * 60 * 60 * 1000);
        const expired = await token({ grant_type: 'refresh_token', refresh_token: pair.refreshToken });
        expect(expired.json()).toEqual({
          error: 'invalid_grant',
          error_description: expect.stringContaining('expired'),
        });
        vi.useRealTimers();

        const unknown = await token({ grant_type: 'refresh_token', refresh_token: 'gtcx_rt_nope' });
        expect(unknown.json()).toEqual({
          error: 'invalid_grant',
          error_description: 'unknown refresh_token',
        });

        const missing = await token({ grant_type: 'refresh_token' });
        expect(missing.statusCode).toBe(400);
        expect(missing.json()).toEqual({
          error: 'invalid_request',
          error_description: 'refresh_token is required',
        });

        const twice = await h.app.inject({
          method: 'POST',
          url: '/oauth/token',
          headers: formType,
          payload: 'grant_type=refresh_token&refresh_token=a&refresh_token=b',
        });
        expect(twice.json().error).toBe('invalid_request');
        // The contract (one string per field) refuses it before the grant runs.
        expect(twice.json().error_description).toContain('refresh_token');

        const noGrant = await token({ refresh_token: 'x' });
        expect(noGrant.statusCode).toBe(400);
        expect(noGrant.json().error).toBe('invalid_request');

        const password = await token({ grant_type: 'password', username: 'alice', password: alice.password });
        expect(password.statusCode).toBe(400);
        // RFC 6749 5.2: a grant type the server does not support has its own error.
        expect(password.json().error).toBe('unsupported_grant_type');
        expect(password.headers['content-type']).toMatch(/^application\/json/);
      });

      it('refuses a refresh token presented by another client', async () => {
        const pair = await signIn(alice);
        const response = await token({
          grant_type: 'refresh_token',
          refresh_token: pair.refreshToken,
          client_id: 'gtcx-cli',
        });
        expect(response.json()).toEqual({
          error: 'invalid_grant',
          error_description: 'the refresh_token was issued to another client',
        });
        // Refused, not consumed: its own holder can still use it.
        expect(
          (await token({ grant_type: 'refresh_token', refresh_token: pair.refreshToken })).statusCode,
        ).toBe(200);
      });
    });

    describe('device authorization (RFC 8628)', () => {
      const start = (fields: Record<string, string> = {}) =>
        post('/oauth/device_authorization', { client_id: 'gtcx-cli', ...fields });
      const poll = (deviceCode: string) =>
        token({ grant_type: deviceGrant, device_code: deviceCode, client_id: 'gtcx-cli' });
      const approve = (
        accessToken: string,
        userCode: string,
        approveIt = true,
        headers: Record<string, string> = {},
      ) =>
        h.app.inject({
          method: 'POST',
          url: '/v1/device-approvals',
          headers: { ...bearer(accessToken), ...headers },
          payload: { userCode, approve: approveIt },
        });

      it('runs end to end: pending, slow_down, approval, tokens once', async () => {
        vi.useFakeTimers({ toFake: ['Date'] });
        const started = await start();
        expect(started.statusCode, started.body).toBe(200);
        expect(started.headers['cache-control']).toBe('no-store');
        const device = started.json();
        expect(device).toMatchObject({ expires_in: 600, interval: 5 });
        expect(device.device_code).toMatch(/^gtcx_dc_/);
        expect(device.user_code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
        expect(device.verification_uri).toMatch(/^http:\/\/[^/]+\/device$/);
        expect(device.verification_uri_complete).toBe(
          `${device.verification_uri}?user_code=${device.user_code}`,
        );

        const pending = await poll(device.device_code);
        expect(pending.statusCode).toBe(400);
        expect(pending.json().error).toBe('authorization_pending');
        const tooSoon = await poll(device.device_code);
        expect(tooSoon.json()).toEqual({
          error: 'slow_down',
          error_description: expect.stringContaining('10 seconds'),
        });
        vi.advanceTimersByTime(10_000);
        expect((await poll(device.device_code)).json().error).toBe('authorization_pending');

        const session = await signIn(alice);
        // Case and the dash do not matter when typing the code.
        const key = { 'idempotency-key': `approve-${dialect}` };
        const approved = await approve(
          session.accessToken,
          device.user_code.replace('-', '').toLowerCase(),
          true,
          key,
        );
        expect(approved.statusCode, approved.body).toBe(201);
        expect(approved.json()).toMatchObject({
          userCode: device.user_code,
          clientId: 'gtcx-cli',
          status: 'approved',
        });
        expect(approved.json().scopes).toEqual(session.scopes);
        // A retry of the same decision is answered again; a second decision is a conflict.
        const retried = await approve(session.accessToken, device.user_code, true, key);
        expect(retried.statusCode, retried.body).toBe(201);
        expect(retried.json()).toEqual(approved.json());
        const twice = await approve(session.accessToken, device.user_code);
        expect(twice.statusCode).toBe(409);
        expect(twice.json().code).toBe('conflict');
        const reversed = await approve(session.accessToken, device.user_code, false, key);
        expect(reversed.statusCode).toBe(409);

        vi.advanceTimersByTime(10_000);
        const granted = await poll(device.device_code);
        expect(granted.statusCode, granted.body).toBe(200);
        const tokens = granted.json();
        expect(tokens.refresh_token).toMatch(/^gtcx_rt_/);
        expect(tokens.scope.split(' ')).toEqual(session.scopes);
        expect((await getTemplates(tokens.access_token)).statusCode).toBe(200);
        // The refresh token belongs to the CLI's client, which presents its id when refreshing.
        const refreshed = await token({
          grant_type: 'refresh_token',
          refresh_token: tokens.refresh_token,
          client_id: 'gtcx-cli',
        });
        expect(refreshed.statusCode, refreshed.body).toBe(200);

        vi.advanceTimersByTime(10_000);
        const consumed = await poll(device.device_code);
        expect(consumed.json().error).toBe('invalid_grant');
        expect((await approve(session.accessToken, device.user_code)).statusCode).toBe(404);

        const approvals = await audit('device.approve');
        expect(approvals.at(-1)).toMatchObject({
          actor: 'alice',
          outcome: 'success',
          target: `device:${device.user_code}`,
        });
        const issued = (await audit('oauth.token')).filter((event) => event.outcome === 'success');
        expect(JSON.parse(issued.at(-2)?.details ?? '{}')).toMatchObject({
          grantType: deviceGrant,
          clientId: 'gtcx-cli',
        });
      });

      it('answers access_denied once the user denies', async () => {
        const device = (await start()).json();
        const session = await signIn(alice);
        const denied = await approve(session.accessToken, device.user_code, false);
        expect(denied.statusCode, denied.body).toBe(201);
        expect(denied.json().status).toBe('denied');
        const response = await poll(device.device_code);
        expect(response.json()).toEqual({ error: 'access_denied', error_description: expect.any(String) });
        expect((await audit('device.deny')).at(-1)).toMatchObject({ actor: 'alice', outcome: 'success' });
      });

      it('answers expired_token after ten minutes, and the code can no longer be approved', async () => {
        vi.useFakeTimers({ toFake: ['Date'] });
        const device = (await start()).json();
        vi.advanceTimersByTime(600_000);
        const session = await signIn(alice);
        const late = await approve(session.accessToken, device.user_code);
        expect(late.statusCode).toBe(404);
        expect(late.json().hint).toContain('expire');
        expect((await poll(device.device_code)).json().error).toBe('expired_token');
      });

      it('grants only scopes the approving user may hold and their token carries', async () => {
        const asked = (await start({ scope: 'admin packs:read templates:read' })).json();
        const alices = await signIn(alice);
        const approved = await approve(alices.accessToken, asked.user_code);
        expect(approved.json().scopes).toEqual(['packs:read', 'templates:read']);

        const adminOnly = (await start({ scope: 'admin' })).json();
        const refused = await approve(alices.accessToken, adminOnly.user_code);
        expect(refused.statusCode).toBe(403);
        const roots = await signIn(root);
        const byAdmin = await approve(roots.accessToken, adminOnly.user_code);
        expect(byAdmin.json().scopes).toEqual(['admin']);

        // A token limited to tokens:write passes on no more than that.
        const everything = (await start()).json();
        const limited = await signIn(alice, ['tokens:write']);
        expect((await approve(limited.accessToken, everything.user_code)).json().scopes).toEqual([
          'tokens:write',
        ]);
      });

      it('refuses unknown clients, unknown scopes and codes that do not exist', async () => {
        const unknownClient = await post('/oauth/device_authorization', { client_id: 'evil-cli' });
        expect(unknownClient.statusCode).toBe(401);
        expect(unknownClient.json().error).toBe('invalid_client');
        expect(unknownClient.headers['www-authenticate']).toBeUndefined();

        const noClient = await post('/oauth/device_authorization', { scope: 'packs:read' });
        expect(noClient.statusCode).toBe(400);
        expect(noClient.json().error).toBe('invalid_request');

        const badScope = await start({ scope: 'packs:read everything' });
        expect(badScope.statusCode).toBe(400);
        expect(badScope.json()).toEqual({
          error: 'invalid_scope',
          error_description: expect.stringContaining('"everything"'),
        });

        const session = await signIn(alice);
        expect((await approve(session.accessToken, 'BCDF-GHJK')).statusCode).toBe(404);
        const malformed = await approve(session.accessToken, 'not a code');
        expect(malformed.statusCode).toBe(400);

        expect((await poll('gtcx_dc_unknown')).json().error).toBe('invalid_grant');
        const anonymous = await token({ grant_type: deviceGrant, device_code: 'gtcx_dc_unknown' });
        expect(anonymous.json()).toEqual({
          error: 'invalid_request',
          error_description: 'client_id is required with the device_code grant',
        });
      });

      it('needs a signed-in person with tokens:write to approve', async () => {
        const device = (await start()).json();
        const anonymous = await h.app.inject({
          method: 'POST',
          url: '/v1/device-approvals',
          payload: { userCode: device.user_code },
        });
        expect(anonymous.statusCode).toBe(401);
        const reader = await signIn(alice, ['templates:read']);
        expect((await approve(reader.accessToken, device.user_code)).statusCode).toBe(403);
        expect((await poll(device.device_code)).json().error).toBe('authorization_pending');
      });
    });

    describe('POST /oauth/revoke (RFC 7009)', () => {
      const revoke = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
        post('/oauth/revoke', fields, headers);

      it('revokes a refresh token with its whole family', async () => {
        const pair = await signIn(alice);
        const rotated = (
          await token({ grant_type: 'refresh_token', refresh_token: pair.refreshToken })
        ).json();
        const response = await revoke({ token: rotated.refresh_token, token_type_hint: 'refresh_token' });
        expect(response.statusCode).toBe(200);
        expect(response.body).toBe('');
        const after = await token({ grant_type: 'refresh_token', refresh_token: rotated.refresh_token });
        expect(after.json()).toEqual({
          error: 'invalid_grant',
          error_description: expect.stringContaining('revoked'),
        });
        const revokedEvent = (await audit('oauth.revoke')).at(-1);
        expect(revokedEvent).toMatchObject({ actor: 'alice', outcome: 'success' });
        expect(JSON.parse(revokedEvent?.details ?? '{}').tokenType).toBe('refresh_token');
      });

      it('revokes an access token: it stops working at once', async () => {
        const pair = await signIn(alice);
        expect((await getTemplates(pair.accessToken)).statusCode).toBe(200);
        expect((await revoke({ token: pair.accessToken })).statusCode).toBe(200);
        const refused = await getTemplates(pair.accessToken);
        expect(refused.statusCode).toBe(401);
        expect(refused.json().detail).toContain('revoked');
        // Revoking it again, and revoking what never existed, is answered the same.
        expect((await revoke({ token: pair.accessToken, token_type_hint: 'access_token' })).statusCode).toBe(
          200,
        );
        expect((await revoke({ token: 'gtcx_rt_never-issued' })).statusCode).toBe(200);
        expect((await revoke({ token: 'eyJhbGciOiJub25lIn0.e30.' })).statusCode).toBe(200);
      });

      it('points personal access tokens to their own endpoint and refuses bad client credentials', async () => {
        const pat = await revoke({ token: 'gtcx_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG' });
        expect(pat.statusCode).toBe(400);
        expect(pat.json().error).toBe('unsupported_token_type');

        const basic = `Basic ${Buffer.from('sa-nobody-ci:wrong').toString('base64')}`;
        const badClient = await revoke({ token: 'gtcx_rt_x' }, { authorization: basic });
        expect(badClient.statusCode).toBe(401);
        expect(badClient.json().error).toBe('invalid_client');
        expect(badClient.headers['www-authenticate']).toBe('Basic realm="gtcx", charset="UTF-8"');

        const noToken = await revoke({});
        expect(noToken.statusCode).toBe(400);
        expect(noToken.json().error).toBe('invalid_request');
      });
    });
  });
}
