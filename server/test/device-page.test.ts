import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { testConfig } from './support/config.js';
import { createTestStore, type TestStore } from './support/stores.js';

describe('the device login page (the verification URI gtcx login prints)', () => {
  let testStore: TestStore;
  let app: FastifyInstance;

  beforeAll(async () => {
    testStore = await createTestStore('sqlite');
    app = await buildApp({ config: testConfig(testStore), store: testStore.store, logger: false });
  });

  afterAll(async () => {
    await app?.close();
    await testStore?.dispose();
  });

  it('is the verification_uri of a device authorization, and serves a page there', async () => {
    const started = await app.inject({
      method: 'POST',
      url: '/oauth/device_authorization',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'client_id=gtcx-cli',
    });
    expect(started.statusCode, started.body).toBe(200);
    const { verification_uri, verification_uri_complete } = started.json();
    expect(new URL(verification_uri).pathname).toBe('/device');
    expect(new URL(verification_uri_complete).searchParams.get('user_code')).toBe(started.json().user_code);

    const page = await app.inject({ method: 'GET', url: '/device' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('name="userCode"');
    expect(page.body).toContain('<script src="/device/page.js"></script>');
  });

  it('cannot be framed, runs only its own script and is never cached', async () => {
    const page = await app.inject({ method: 'GET', url: '/device' });
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['cache-control']).toBe('no-store');
  });

  it('signs in, records the decision and ends its sign-in through the public API only', async () => {
    const script = await app.inject({ method: 'GET', url: '/device/page.js' });
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toMatch(/^text\/javascript/);
    expect(script.body).toContain("fetch('/v1/sessions'");
    expect(script.body).toContain("fetch('/v1/device-approvals'");
    // The page's sign-in served one decision: its refresh token family is revoked, approved or not.
    expect(script.body).toContain("fetch('/oauth/revoke'");
    expect(script.body).toContain("token_type_hint: 'refresh_token'");
    expect(script.body).toMatch(/finally \{[\s\S]*endSession\(refreshToken\)/);
    expect(script.body).not.toMatch(/localStorage|sessionStorage|document\.cookie/);
    const style = await app.inject({ method: 'GET', url: '/device/page.css' });
    expect(style.headers['content-type']).toMatch(/^text\/css/);
  });
});
