import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import {
  createServerTestStore,
  createTokenFor,
  createUserWithToken,
  type ServerTestStore,
  type TestIdentity,
} from './support/identity.js';

/** A limited token cannot shed its limits by minting another token or approving a device login. */
describe.each(['sqlite', 'postgres'] as const)(
  'limits carry over to what a token creates (%s)',
  (dialect) => {
    let testStore: ServerTestStore;
    let app: FastifyInstance;
    let alice: TestIdentity;
    const tenDays = new Date(Date.now() + 10 * 86_400_000);

    beforeAll(async () => {
      testStore = await createServerTestStore(dialect);
      app = await buildApp({ config: testStore.config, store: testStore.store, logger: false });
      alice = await createUserWithToken(testStore.store, { username: 'alice' });
    });

    afterAll(async () => {
      await app?.close();
      await testStore?.dispose();
    });

    const createToken = (authorization: { authorization: string }, payload: Record<string, unknown>) =>
      app.inject({ method: 'POST', url: '/v1/tokens', headers: authorization, payload });

    it('gives a new token the networks and expiry of the network-limited token that made it', async () => {
      const limited = await createTokenFor(testStore.store, alice, {
        scopes: ['tokens:write', 'packs:read'],
        cidrAllowlist: ['127.0.0.0/8'],
        expiresAt: tenDays,
      });
      const inherited = await createToken(limited.authorization, { name: 'child', scopes: ['packs:read'] });
      expect(inherited.statusCode, inherited.body).toBe(201);
      expect(inherited.json().token).toMatchObject({
        cidrAllowlist: ['127.0.0.0/8'],
        expiresAt: tenDays.toISOString(),
      });

      const wider = await createToken(limited.authorization, {
        name: 'everywhere',
        scopes: ['packs:read'],
        cidrAllowlist: ['0.0.0.0/0'],
      });
      expect(wider.statusCode).toBe(403);
      expect(wider.json().detail).toContain('cannot allow 0.0.0.0/0');

      const longer = await createToken(limited.authorization, {
        name: 'longer',
        scopes: ['packs:read'],
        expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      });
      expect(longer.statusCode).toBe(403);
      expect(longer.json().hint).toContain('leave expiresAt out');
    });

    it('lets only an unlimited token approve a device login', async () => {
      const start = async () =>
        (
          await app.inject({
            method: 'POST',
            url: '/oauth/device_authorization',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            payload: 'client_id=gtcx-cli',
          })
        ).json().user_code as string;
      const approve = (authorization: { authorization: string }, userCode: string) =>
        app.inject({
          method: 'POST',
          url: '/v1/device-approvals',
          headers: authorization,
          payload: { userCode },
        });

      const packLimited = await createTokenFor(testStore.store, alice, {
        scopes: ['tokens:write', 'packs:publish'],
        packScopes: ['@beta'],
      });
      const netLimited = await createTokenFor(testStore.store, alice, {
        scopes: ['tokens:write', 'packs:publish'],
        cidrAllowlist: ['127.0.0.0/8'],
      });
      for (const limited of [packLimited, netLimited]) {
        const refused = await approve(limited.authorization, await start());
        expect(refused.statusCode, refused.body).toBe(403);
        expect(refused.json().detail).toContain('cannot approve a device login');
      }
      const approved = await approve(alice.authorization, await start());
      expect(approved.statusCode, approved.body).toBe(201);
    });
  },
);
