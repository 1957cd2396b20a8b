import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expiryOf,
  oauthClient,
  pollDeviceToken,
  startDeviceAuthorization,
} from '../src/credentials/oauth.js';
import { resolveCredentials } from '../src/credentials/resolve.js';
import { saveCredentials } from '../src/credentials/store.js';
import { decideDevice, type IdentityServer, startIdentityServer, tryRefresh } from './identity-support.js';

const scratch = mkdtempSync(join(tmpdir(), 'gtcx-login-tokens-'));
let server: IdentityServer;
let alice: { username: string; token: string };

beforeAll(async () => {
  server = await startIdentityServer(join(scratch, 'server'));
  alice = await server.createUser('alice');
});
afterAll(async () => {
  await server.close();
  rmSync(scratch, { recursive: true, force: true });
});

// The device flow's waits, driven against the real token endpoint with the clock in the test's hands.
describe('polling the token endpoint for a device login', () => {
  it('waits the interval, and five seconds more after each slow_down, until the code is approved', async () => {
    const client = oauthClient(server.url);
    const device = await startDeviceAuthorization(client, server.url, []);
    const waits: number[] = [];
    // Polling without really waiting: the server answers slow_down to every poll after the first.
    const sleep = async (ms: number) => {
      waits.push(ms);
      if (waits.length === 4) await decideDevice(server.url, alice.token, device.user_code);
    };
    const tokens = await pollDeviceToken(client, server.url, device, { sleep });
    expect(tokens).toMatchObject({ token_type: 'Bearer', access_token: expect.any(String) });
    const first = device.interval * 1000;
    expect(waits).toEqual([first, first, first + 5000, first + 10_000]);
  });

  it('gives up once the code has expired, naming the fix', async () => {
    const client = oauthClient(server.url);
    const device = await startDeviceAuthorization(client, server.url, []);
    let now = Date.now();
    const sleep = async (ms: number) => {
      now += ms + device.expires_in * 1000;
    };
    await expect(
      pollDeviceToken(client, server.url, device, { sleep, now: () => now }),
    ).rejects.toMatchObject({
      code: 'gone',
      message: `the login code ${device.user_code} expired before it was approved`,
      hint: expect.stringContaining('run gtcx login again'),
    });
  });
});

describe('refreshing a stored login', () => {
  it('refreshes once when several commands find the access token expiring at the same moment', async () => {
    const client = oauthClient(server.url);
    const device = await startDeviceAuthorization(client, server.url, []);
    await decideDevice(server.url, alice.token, device.user_code);
    const tokens = await pollDeviceToken(client, server.url, device, { sleep: async () => {} });
    const env = { GTCX_CONFIG_DIR: join(scratch, 'config') };
    await saveCredentials(
      server.url,
      {
        accessToken: tokens.access_token,
        refreshToken: tokens.refresh_token ?? null,
        // Expiring now: every resolution below wants a refresh.
        expiresAt: new Date().toISOString(),
        subject: 'alice',
        scopes: [],
        method: 'device',
        savedAt: new Date().toISOString(),
      },
      env,
    );
    // Without the lock, each would present the same refresh token: a replay that ends the login.
    const resolved = await Promise.all(
      Array.from({ length: 4 }, () => resolveCredentials({ serverUrl: server.url, env })),
    );
    const accessTokens = new Set(resolved.map((entry) => entry?.token));
    expect(accessTokens.size).toBe(1);
    expect(accessTokens.has(tokens.access_token)).toBe(false);
    const stored = resolved[0]?.credentials;
    expect(Date.parse(stored?.expiresAt as string)).toBeGreaterThan(Date.parse(expiryOf(tokens)) - 60_000);
    // The family is intact: the stored (rotated) refresh token still works.
    expect((await tryRefresh(server.url, stored?.refreshToken as string)).status).toBe(200);
  });
});
