import { randomBytes } from 'node:crypto';
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import type { ServerConfig } from '../src/config.js';
import { resolveRateLimitSettings } from '../src/http/rate-limit-settings.js';
import { listAuditEvents } from '../src/modules/compliance/index.js';
import { createUsersService } from '../src/modules/users/index.js';
import { createPacksTestStore, type PacksTestStore } from './packs-support.js';
import { auditRows, createUserWithToken } from './support/identity.js';
import { type CapturedLog, captureLog } from './support/log.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Served {
  url: string;
  app: FastifyInstance;
  testStore: PacksTestStore;
  log: CapturedLog;
}

/**
 * An app listening on 127.0.0.1 configured with the given GTCX_RATE_LIMIT_* variables and,
 * optionally, Redis.
 */
async function serve(
  limits: Record<string, string>,
  options: { redisUrl?: string; testStore?: PacksTestStore } = {},
): Promise<Served> {
  const testStore = options.testStore ?? (await createPacksTestStore('sqlite'));
  if (options.testStore === undefined) cleanups.push(() => testStore.dispose());
  const config: ServerConfig = {
    ...testStore.config,
    redisUrl: options.redisUrl,
    rateLimits: resolveRateLimitSettings(limits),
  };
  const log = captureLog('info');
  const app = await buildApp({ config, store: testStore.store, logger: log.logger });
  cleanups.push(() => app.close());
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return { url: `http://127.0.0.1:${address.port}`, app, testStore, log };
}

/** A port nothing listens on right now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** A TCP proxy in front of the test Redis, to take it away and bring it back. */
async function redisProxy(): Promise<{ port: number; start(): Promise<void>; stop(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  const start = async () => {
    const listening = createServer((client) => {
      const upstream = connect(6379, '127.0.0.1');
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
        socket.on('error', () => {});
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => listening.listen(port, '127.0.0.1', resolve));
    const address = listening.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    port = address.port;
    server = listening;
  };
  const stop = async () => {
    const closing = server;
    server = undefined;
    for (const socket of sockets) socket.destroy();
    if (closing !== undefined) await new Promise<void>((resolve) => closing.close(() => resolve()));
  };
  await start();
  return {
    get port() {
      return port;
    },
    start,
    stop,
  };
}

function signIn(url: string, username = 'alice') {
  return fetch(`${url}/v1/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'wrong-password' }),
  });
}

async function expectRateLimited(response: Response, policy: string): Promise<void> {
  expect(response.status).toBe(429);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const retryAfter = Number(response.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(response.headers.get('ratelimit-remaining')).toBe('0');
  expect(response.headers.get('ratelimit')).toBe(
    `"${policy}";r=0;t=${response.headers.get('ratelimit-reset')}`,
  );
  expect(response.headers.get('ratelimit-policy')).toMatch(new RegExp(`^"${policy}";q=\\d+;w=60$`));
  const problem = (await response.json()) as Record<string, unknown>;
  expect(problem).toMatchObject({
    status: 429,
    code: 'rate_limited',
    policy,
    retryAfterSeconds: retryAfter,
    detail: expect.stringMatching(/^Too many requests: the limit is \d+ .+ per minute per /),
    hint: expect.stringContaining(`Retry in ${retryAfter} second`),
  });
}

describe('rate limits, counted in this process', () => {
  it('limits anonymous callers per IP address, with RateLimit headers on every answer', async () => {
    const { url } = await serve({ GTCX_RATE_LIMIT_PER_IP: '3' });
    for (let i = 0; i < 3; i += 1) {
      const response = await fetch(`${url}/.well-known/oauth-authorization-server`);
      expect(response.status).not.toBe(429);
      expect(response.headers.get('ratelimit-limit')).toBe('3');
      expect(response.headers.get('ratelimit-remaining')).toBe(String(2 - i));
      expect(response.headers.get('ratelimit-policy')).toBe('"ip";q=3;w=60');
      await response.arrayBuffer();
    }
    // The count is per caller, not per operation.
    await expectRateLimited(await fetch(`${url}/.well-known/jwks.json`), 'ip');
    await expectRateLimited(await fetch(`${url}/openapi.yaml`), 'ip');
  });

  it('limits signed-in callers per user, apart from each other and from anonymous callers', async () => {
    const password = 'a long enough password 1';
    const testStore = await createPacksTestStore('sqlite');
    cleanups.push(() => testStore.dispose());
    const users = createUsersService({ store: testStore.store });
    for (const username of ['alice', 'bob']) await users.createUser({ username, password });
    const { url } = await serve(
      { GTCX_RATE_LIMIT_PER_TOKEN: '3', GTCX_RATE_LIMIT_PER_IP: '100' },
      { testStore },
    );
    const tokenOf = async (username: string) => {
      const response = await fetch(`${url}/v1/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
      expect(response.status).toBe(201);
      return ((await response.json()) as { accessToken: string }).accessToken;
    };
    const [alice, bob] = [await tokenOf('alice'), await tokenOf('bob')];
    const me = (token: string) => fetch(`${url}/v1/user`, { headers: { authorization: `Bearer ${token}` } });
    for (let i = 0; i < 3; i += 1) {
      const response = await me(alice);
      expect(response.status).toBe(200);
      expect(response.headers.get('ratelimit-policy')).toBe('"token";q=3;w=60');
      expect(response.headers.get('ratelimit-remaining')).toBe(String(2 - i));
      await response.arrayBuffer();
    }
    await expectRateLimited(await me(alice), 'token');
    // Another sign-in of the same user is the same caller.
    await expectRateLimited(await me(await tokenOf('alice')), 'token');
    const other = await me(bob);
    expect(other.status).toBe(200);
    await other.arrayBuffer();
    const anonymous = await fetch(`${url}/.well-known/jwks.json`);
    expect(anonymous.status).toBe(200);
    expect(anonymous.headers.get('ratelimit-policy')).toBe('"ip";q=100;w=60');
  });

  it('never limits the probes', async () => {
    const { url } = await serve({ GTCX_RATE_LIMIT_PER_IP: '1' });
    for (const path of ['/healthz', '/readyz', '/metrics', '/healthz', '/readyz', '/metrics']) {
      const response = await fetch(`${url}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('ratelimit-limit')).toBeNull();
      await response.arrayBuffer();
    }
  });

  it('stops a brute force against sign-in per IP, audits it once per window, and keeps other counters apart', async () => {
    const { url, testStore } = await serve({ GTCX_RATE_LIMIT_SIGN_IN: '3' });
    for (let i = 0; i < 3; i += 1) {
      const response = await signIn(url);
      expect(response.status).not.toBe(429);
      await response.arrayBuffer();
    }
    for (let i = 0; i < 5; i += 1) await expectRateLimited(await signIn(url, `user${i}`), 'sign-in');

    const audited = await listAuditEvents(testStore.store.db, { action: 'auth.rate_limited' });
    expect(audited.items).toHaveLength(1);
    expect(audited.items[0]).toMatchObject({
      actor: null,
      actorType: 'anonymous',
      outcome: 'failure',
      ip: '127.0.0.1',
      details: { operation: 'createSession', policy: 'sign-in', limit: 3, windowSeconds: 60 },
    });

    // Starting a device login has a counter of its own.
    const device = await fetch(`${url}/oauth/device_authorization`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'client_id=gtcx-cli',
    });
    expect(device.status).not.toBe(429);
    expect(device.headers.get('ratelimit-policy')).toBe('"sign-in";q=3;w=60');
  });

  it('limits sign-in per username across addresses', async () => {
    const { app, testStore } = await serve({ GTCX_RATE_LIMIT_SIGN_IN: '3' });
    const attempt = (remoteAddress: string, username = 'alice') =>
      app.inject({
        method: 'POST',
        url: '/v1/sessions',
        remoteAddress,
        payload: { username, password: 'wrong-password' },
      });
    for (const address of ['10.0.0.1', '10.0.0.2', '10.0.0.3']) {
      expect((await attempt(address)).statusCode).not.toBe(429);
    }
    const refused = await attempt('10.0.0.4');
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ code: 'rate_limited', policy: 'sign-in-user' });
    expect(refused.json().detail).toContain('3 sign-in attempts per minute per username');
    // Usernames are lowercase: the spelling does not open a new counter.
    expect((await attempt('10.0.0.5', 'ALICE')).statusCode).toBe(429);
    // Another account is not affected.
    expect((await attempt('10.0.0.6', 'bob')).statusCode).not.toBe(429);

    // Audited once per counter and window, whichever address the later refusals came from.
    const audited = await listAuditEvents(testStore.store.db, { action: 'auth.rate_limited' });
    expect(audited.items.map((item) => [item.target, item.ip, item.details.policy])).toEqual([
      ['user:alice', '10.0.0.4', 'sign-in-user'],
    ]);
  });

  it('answers the OAuth endpoints per contract: problem+json 429 with Retry-After', async () => {
    const { url } = await serve({ GTCX_RATE_LIMIT_OAUTH: '2' });
    const token = () =>
      fetch(`${url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=refresh_token&refresh_token=gtcx_rt_nonsense',
      });
    for (let i = 0; i < 2; i += 1) {
      const response = await token();
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: expect.any(String) });
    }
    await expectRateLimited(await token(), 'oauth');
  });

  it('counts requests the auth gate refuses per IP, answering 429 past the limit, audited once', async () => {
    const { app, testStore } = await serve({ GTCX_RATE_LIMIT_AUTH_FAILURES: '5' });
    const { store } = testStore;
    const alice = await createUserWithToken(store, { username: 'alice', scopes: ['packs:read'] });
    const me = (remoteAddress: string, authorization: string) =>
      app.inject({ method: 'GET', url: '/v1/user', remoteAddress, headers: { authorization } });
    const refusedBefore = (await auditRows(store, 'auth.refused')).length;
    for (let i = 0; i < 5; i += 1) {
      const guess = await me('10.1.0.1', `Bearer gtcx_guess${i}`);
      expect(guess.statusCode).toBe(401);
      expect(guess.json()).toMatchObject({ code: 'unauthenticated' });
    }
    for (let i = 5; i < 20; i += 1) {
      const guess = await me('10.1.0.1', `Bearer gtcx_guess${i}`);
      expect(guess.statusCode).toBe(429);
      expect(guess.headers['content-type']).toMatch(/^application\/problem\+json/);
      const retryAfter = Number(guess.headers['retry-after']);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(guess.headers['ratelimit-policy']).toBe('"auth-failures";q=5;w=60');
      expect(guess.headers.ratelimit).toBe(`"auth-failures";r=0;t=${guess.headers['ratelimit-reset']}`);
      expect(guess.headers['www-authenticate']).toBeUndefined();
      expect(guess.json()).toMatchObject({
        status: 429,
        code: 'rate_limited',
        policy: 'auth-failures',
        retryAfterSeconds: retryAfter,
        detail:
          'Too many requests: the limit is 5 refused requests (missing, invalid or insufficient credentials) per minute per IP address',
      });
    }
    // Anonymous and under-scoped requests are refusals too.
    expect((await app.inject({ method: 'GET', url: '/v1/user', remoteAddress: '10.1.0.1' })).statusCode).toBe(
      429,
    );
    // Past the limit credentials are not checked: a right guess answers like a wrong one.
    expect((await me('10.1.0.1', `Bearer ${alice.token}`)).statusCode).toBe(429);
    // Another address is not held back by this one's failures.
    const elsewhere = await me('10.1.0.2', `Bearer ${alice.token}`);
    expect(elsewhere.statusCode).toBe(200);
    expect(elsewhere.headers['ratelimit-policy']).toBe('"token";q=600;w=60');

    // Each refusal under the limit was audited; past it, one event for the window.
    expect(await auditRows(store, 'auth.refused')).toHaveLength(refusedBefore + 5);
    const limited = await auditRows(store, 'auth.rate_limited');
    expect(limited).toHaveLength(1);
    expect(limited[0]).toMatchObject({
      actor: null,
      ip: '10.1.0.1',
      outcome: 'failure',
      details: {
        operation: 'getCurrentUser',
        transport: 'http',
        policy: 'auth-failures',
        limit: 5,
        windowSeconds: 60,
      },
    });
  });

  it('holds 330 guessed tokens from one address to the default of 300 refusals', async () => {
    const { app, testStore } = await serve({});
    const statuses = new Map<number, number>();
    for (let i = 0; i < 330; i += 1) {
      const response = await app.inject({
        method: 'GET',
        url: '/v1/user',
        remoteAddress: '10.2.0.1',
        headers: { authorization: `Bearer gtcx_guess${i}` },
      });
      statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
    }
    expect(Object.fromEntries(statuses)).toEqual({ 401: 300, 429: 30 });
    expect(await auditRows(testStore.store, 'auth.refused')).toHaveLength(300);
    expect(await auditRows(testStore.store, 'auth.rate_limited')).toHaveLength(1);
  });

  it('turns a policy off with 0', async () => {
    const { url } = await serve({ GTCX_RATE_LIMIT_PER_IP: '0', GTCX_RATE_LIMIT_AUTH_FAILURES: '0' });
    for (let i = 0; i < 5; i += 1) {
      const response = await fetch(`${url}/.well-known/jwks.json`);
      expect(response.status).toBe(200);
      expect(response.headers.get('ratelimit-limit')).toBeNull();
      await response.arrayBuffer();
    }
    for (let i = 0; i < 400; i += 1) {
      const response = await fetch(`${url}/v1/user`, { headers: { authorization: `Bearer gtcx_guess${i}` } });
      expect(response.status).toBe(401);
      await response.arrayBuffer();
    }
  });

  it('refuses to start with an invalid limit, naming the variable', async () => {
    await expect(serve({ GTCX_RATE_LIMIT_SIGN_IN: 'ten' })).rejects.toMatchObject({
      code: 'config_invalid',
      message: expect.stringContaining('GTCX_RATE_LIMIT_SIGN_IN'),
      hint: expect.stringContaining('requests allowed per minute'),
    });
    await expect(serve({ GTCX_RATE_LIMIT_AUTH_FAILURES: '-1' })).rejects.toMatchObject({
      code: 'config_invalid',
      message: expect.stringContaining('GTCX_RATE_LIMIT_AUTH_FAILURES'),
    });
  });
});

describe('rate limits in Redis', () => {
  const redisUrl = 'redis://127.0.0.1:6379';

  it('enforces one limit across two apps sharing Redis', async () => {
    const namespace = `gtcx-test:${randomBytes(6).toString('hex')}:`;
    const limits = { GTCX_RATE_LIMIT_SIGN_IN: '4', GTCX_RATE_LIMIT_NAMESPACE: namespace };
    const first = await serve(limits, { redisUrl });
    const second = await serve(limits, { redisUrl, testStore: first.testStore });
    const statuses: number[] = [];
    for (let i = 0; i < 10; i += 1) {
      const response = await signIn(i % 2 === 0 ? first.url : second.url);
      statuses.push(response.status);
      await response.arrayBuffer();
    }
    expect(statuses.filter((status) => status !== 429)).toHaveLength(4);
    expect(statuses.slice(4)).toEqual(Array(6).fill(429));
  });

  it('counts refused credentials across two apps sharing Redis', async () => {
    const namespace = `gtcx-test:${randomBytes(6).toString('hex')}:`;
    const limits = { GTCX_RATE_LIMIT_AUTH_FAILURES: '3', GTCX_RATE_LIMIT_NAMESPACE: namespace };
    const first = await serve(limits, { redisUrl });
    const second = await serve(limits, { redisUrl, testStore: first.testStore });
    const statuses: number[] = [];
    for (let i = 0; i < 8; i += 1) {
      const response = await fetch(`${(i % 2 === 0 ? first : second).url}/v1/user`, {
        headers: { authorization: `Bearer gtcx_guess${i}` },
      });
      statuses.push(response.status);
      await response.arrayBuffer();
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429, 429, 429, 429]);
  });

  it('serves every request, uncounted, while Redis is down, and logs it', async () => {
    const down = `redis://127.0.0.1:${await freePort()}`;
    const { url, log } = await serve(
      { GTCX_RATE_LIMIT_PER_IP: '2', GTCX_RATE_LIMIT_SIGN_IN: '1' },
      { redisUrl: down },
    );
    for (let i = 0; i < 5; i += 1) {
      const response = await fetch(`${url}/.well-known/jwks.json`);
      expect(response.status).toBe(200);
      expect(response.headers.get('ratelimit-limit')).toBeNull();
      await response.arrayBuffer();
      const session = await signIn(url);
      expect(session.status).not.toBe(429);
      await session.arrayBuffer();
    }
    const warnings = log.lines.filter((line) => String(line.msg).includes('Redis does not answer'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ level: 40, redis: down });
  });
  it('keeps serving when Redis goes away mid-run, and counts again once it is back', async () => {
    const proxy = await redisProxy();
    cleanups.push(() => proxy.stop());
    const namespace = `gtcx-test:${randomBytes(6).toString('hex')}:`;
    const { url, log } = await serve(
      { GTCX_RATE_LIMIT_PER_IP: '1000', GTCX_RATE_LIMIT_NAMESPACE: namespace },
      { redisUrl: `redis://127.0.0.1:${proxy.port}` },
    );
    const remaining = async () => {
      const response = await fetch(`${url}/.well-known/jwks.json`);
      expect(response.status).toBe(200);
      await response.arrayBuffer();
      return response.headers.get('ratelimit-remaining');
    };
    expect(await remaining()).toBe('999');

    await proxy.stop();
    for (let i = 0; i < 3; i += 1) expect(await remaining()).toBeNull();

    await proxy.start();
    let counted: string | null = null;
    for (let attempt = 0; attempt < 100 && counted === null; attempt += 1) {
      counted = await remaining();
      if (counted === null) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // The count went on where it was: the uncounted requests are not in it.
    expect(counted).toBe('998');
    const messages = log.lines
      .map((line) => String(line.msg))
      .filter((msg) => msg.startsWith('rate limiting'));
    expect(messages).toEqual([
      'rate limiting: Redis does not answer; requests are served without rate limits until it does',
      'rate limiting: Redis answers again; counting resumed',
    ]);
  });
});
