import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, GtcxSdkError, sdkVersion } from '../src/index.js';

interface Seen {
  url: string | undefined;
  headers: IncomingHttpHeaders;
}

describe('createClient', () => {
  let server: Server;
  let baseUrl: string;
  const seen: Seen[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      seen.push({ url: request.url, headers: request.headers });
      if (request.url?.startsWith('/v1/packs/')) {
        response.writeHead(404, { 'content-type': 'application/problem+json' });
        response.end(
          JSON.stringify({ type: 'about:blank', title: 'Not Found', status: 404, code: 'not_found' }),
        );
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ status: 'ok', version: '0.1.0', uptimeSeconds: 1 }));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });

  afterAll(async () => {
    server.close();
    await once(server, 'close');
  });

  it('answers typed data and sends the token as a bearer header', async () => {
    const client = createClient({ baseUrl, token: 'gtcx_secret' });
    const { data, error } = await client.GET('/healthz');
    expect(error).toBeUndefined();
    expect(data).toEqual({ status: 'ok', version: '0.1.0', uptimeSeconds: 1 });
    expect(seen.at(-1)).toMatchObject({ url: '/healthz', headers: { authorization: 'Bearer gtcx_secret' } });
  });

  it('encodes a scoped pack name as one path segment and answers problem+json as error', async () => {
    const client = createClient({ baseUrl, token: async () => 'jwt-from-refresh' });
    const { data, error, response } = await client.GET('/v1/packs/{packName}', {
      params: { path: { packName: '@acme/web' } },
    });
    expect(data).toBeUndefined();
    expect(response.status).toBe(404);
    expect(error).toMatchObject({ status: 404, code: 'not_found' });
    expect(seen.at(-1)).toMatchObject({
      url: '/v1/packs/%40acme%2Fweb',
      headers: { authorization: 'Bearer jwt-from-refresh' },
    });
  });

  it('sends no Authorization header without a token', async () => {
    await createClient({ baseUrl }).GET('/healthz');
    expect(seen.at(-1)?.headers.authorization).toBeUndefined();
  });

  it('uses the fetch it is given', async () => {
    const urls: string[] = [];
    const client = createClient({
      baseUrl,
      fetch: (request) => {
        urls.push(request.url);
        return fetch(request);
      },
    });
    await client.GET('/healthz');
    expect(urls).toEqual([`${baseUrl}healthz`]);
  });

  it('refuses a base URL that is not http(s), naming it', () => {
    expect(() => createClient({ baseUrl: 'localhost:8080' })).toThrow(
      'baseUrl "localhost:8080" must use http: or https:',
    );
    expect(() => createClient({ baseUrl: 'not a url' })).toThrow(
      'baseUrl "not a url" is not a URL; pass the server\'s root, e.g. http://127.0.0.1:8080',
    );
    expect(() => createClient({ baseUrl: 'https://admin:hunter2@gtcx.example.com' })).toThrow(
      'baseUrl must not carry credentials',
    );
    expect(() => createClient({ baseUrl: 'https://gtcx.example.com/?x=1' })).toThrow(GtcxSdkError);
  });

  it('sends a User-Agent naming the caller, the SDK version and node', async () => {
    await createClient({ baseUrl, userAgent: 'release-bot/2.1' }).GET('/healthz');
    expect(seen.at(-1)?.headers['user-agent']).toBe(
      `release-bot/2.1 gtcx-sdk/${sdkVersion} node/${process.version}`,
    );
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect(sdkVersion).toBe(manifest.version);
  });

  it('takes getToken as the token function, lets a call set its own Authorization, and trims tokens', async () => {
    const client = createClient({ baseUrl, getToken: () => 'gtcx_from_vault\n' });
    await client.GET('/healthz');
    expect(seen.at(-1)?.headers.authorization).toBe('Bearer gtcx_from_vault');
    await client.GET('/healthz', { headers: { authorization: 'Bearer gtcx_other' } });
    expect(seen.at(-1)?.headers.authorization).toBe('Bearer gtcx_other');
    expect(() => createClient({ baseUrl, token: 'a', getToken: () => 'b' })).toThrow(
      'createClient takes token or getToken, not both',
    );
  });

  it('refuses a token a header cannot carry, and reports a failing token function, before sending', async () => {
    const before = seen.length;
    await expect(createClient({ baseUrl, token: 'gtcx_two\nlines' }).GET('/healthz')).rejects.toMatchObject({
      code: 'config_invalid',
      message: 'the token contains characters an HTTP header cannot carry',
    });
    const failing = createClient({
      baseUrl,
      token: () => {
        throw new Error('vault sealed');
      },
    });
    await expect(failing.GET('/healthz')).rejects.toMatchObject({
      name: 'GtcxSdkError',
      code: 'unauthenticated',
      message: 'the token function failed: vault sealed',
    });
    expect(seen).toHaveLength(before);
  });
});
