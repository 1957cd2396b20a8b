import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClient, GtcxApiError, unwrap } from '../src/index.js';
import {
  type Answer,
  problem,
  recordingLogger,
  type ScriptedServer,
  startScriptedServer,
} from './support/scripted-server.js';

const health = JSON.stringify({ status: 'ok', version: '0.1.0', uptimeSeconds: 1 });
const fast = { minDelayMs: 5, maxDelayMs: 20 };

/** Unhandled rejections would otherwise only show up as noise after the run. */
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(() => {
  process.on('unhandledRejection', onUnhandled);
});

afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
});

afterEach(() => {
  expect(unhandled).toEqual([]);
});

async function withServer<T>(
  script: (n: number) => Answer,
  run: (server: ScriptedServer) => Promise<T>,
): Promise<T> {
  const server = await startScriptedServer(script);
  try {
    return await run(server);
  } finally {
    await server.close();
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('retries', () => {
  it('honours Retry-After on a 503, then answers the data, and logs the retry', async () => {
    const logger = recordingLogger();
    await withServer(
      (n) =>
        n === 0
          ? { status: 503, headers: { 'retry-after': '1' }, body: problem(503, 'unavailable', 'draining') }
          : { body: health },
      async (server) => {
        const gtcx = createClient({ baseUrl: server.url, logger });
        const { data, error } = await gtcx.GET('/healthz');
        expect(error).toBeUndefined();
        expect(data?.status).toBe('ok');
        expect(server.seen).toHaveLength(2);
        const waited = (server.seen[1]?.at ?? 0) - (server.seen[0]?.at ?? 0);
        expect(waited).toBeGreaterThanOrEqual(950);
        expect(logger.lines).toEqual(['gtcx: GET /healthz answered 503; retry 1 of 2 in 1000 ms']);
      },
    );
  });

  it('retries a 429 even for a POST (the server did nothing), with an HTTP-date Retry-After', async () => {
    const logger = recordingLogger();
    await withServer(
      (n) =>
        n === 0
          ? {
              status: 429,
              headers: { 'retry-after': new Date(Date.now() + 1000).toUTCString() },
              body: problem(429, 'rate_limited', 'slow down'),
            }
          : {
              body: JSON.stringify({
                template: 'x',
                version: '1.0.0',
                dryRun: true,
                files: [],
                hooks: [],
                injections: [],
              }),
            },
      async (server) => {
        const gtcx = createClient({ baseUrl: server.url, logger });
        const { data } = await gtcx.POST('/v1/renders', {
          body: { template: 'x', dryRun: true, useDefaults: false },
        });
        expect(data).toMatchObject({ template: 'x' });
        expect(server.seen.map((request) => request.method)).toEqual(['POST', 'POST']);
        // Both attempts carried the same body: the original request was never consumed.
        expect(server.seen[1]?.body).toBe(server.seen[0]?.body);
        expect(logger.lines[0]).toMatch(/^gtcx: POST \/v1\/renders answered 429; retry 1 of 2 in \d+ ms$/);
      },
    );
  });

  it('does not retry a POST on 503 unless it carries an Idempotency-Key', async () => {
    await withServer(
      () => ({ status: 503, body: problem(503, 'unavailable', 'down') }),
      async (server) => {
        const gtcx = createClient({ baseUrl: server.url, retry: fast, logger: recordingLogger() });
        const plain = await gtcx.POST('/v1/renders', {
          body: { template: 'x', dryRun: false, useDefaults: false },
        });
        expect(plain.error).toMatchObject({ status: 503, code: 'unavailable' });
        expect(server.seen).toHaveLength(1);
        await gtcx.POST('/v1/renders', {
          body: { template: 'x', dryRun: false, useDefaults: false },
          headers: { 'idempotency-key': 'k-1' },
        });
        expect(server.seen).toHaveLength(4);
      },
    );
  });

  it('stops after the configured retries and answers the last error (no retry storm)', async () => {
    const logger = recordingLogger();
    await withServer(
      () => ({
        status: 502,
        headers: { 'content-type': 'text/html' },
        body: '<html><h1>502 Bad Gateway</h1></html>',
      }),
      async (server) => {
        const gtcx = createClient({ baseUrl: server.url, retry: { ...fast, retries: 3 }, logger });
        const { data, error, response } = await gtcx.GET('/v1/packs/{packName}', {
          params: { path: { packName: '@acme/web' } },
        });
        expect(data).toBeUndefined();
        expect(response.status).toBe(502);
        expect(server.seen).toHaveLength(4);
        expect(logger.lines).toHaveLength(3);
        // A proxy's HTML page still comes back as a problem with a code.
        expect(error).toMatchObject({ status: 502, code: 'server_unreachable' });
        expect(error?.detail).toContain(
          'answered 502 with text/html, not problem+json: "<html><h1>502 Bad Gateway</h1></html>"',
        );
      },
    );
  });

  it('does not wait for a Retry-After beyond maxRetryAfterMs', async () => {
    const logger = recordingLogger();
    await withServer(
      () => ({
        status: 429,
        headers: { 'retry-after': '3600' },
        body: problem(429, 'rate_limited', 'quota spent'),
      }),
      async (server) => {
        const gtcx = createClient({ baseUrl: server.url, logger });
        const result = await gtcx.GET('/healthz');
        expect(server.seen).toHaveLength(1);
        expect(() => unwrap(result)).toThrow(GtcxApiError);
        expect(logger.lines[0]).toContain(
          'Retry-After 3600 s, longer than maxRetryAfterMs (60000 ms); not retrying',
        );
      },
    );
  });

  it('sends once with retry: false, on the client or on one call', async () => {
    await withServer(
      () => ({ status: 503, body: problem(503, 'unavailable', 'down') }),
      async (server) => {
        await createClient({ baseUrl: server.url, retry: false }).GET('/healthz');
        expect(server.seen).toHaveLength(1);
        await createClient({ baseUrl: server.url, retry: fast, logger: recordingLogger() }).GET('/healthz', {
          retry: false,
        });
        expect(server.seen).toHaveLength(2);
      },
    );
  });

  it('retries a dropped connection for an idempotent request', async () => {
    const logger = recordingLogger();
    await withServer(
      (n) => (n === 0 ? { hangUp: true } : { body: health }),
      async (server) => {
        const gtcx = createClient({ baseUrl: server.url, retry: fast, logger });
        const { data } = await gtcx.GET('/healthz');
        expect(data?.status).toBe('ok');
        expect(logger.lines[0]).toMatch(/^gtcx: GET \/healthz failed \(.+\); retry 1 of 2 in \d+ ms$/);
      },
    );
  });
});

describe('failures without an answer are typed', () => {
  it('a server that is down: server_unreachable after the bounded retries, naming the URL', async () => {
    const port = await freePort();
    const logger = recordingLogger();
    const gtcx = createClient({ baseUrl: `http://127.0.0.1:${port}`, retry: fast, logger });
    const failure = await gtcx.GET('/healthz').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GtcxApiError);
    expect(failure).toMatchObject({
      code: 'server_unreachable',
      status: undefined,
      method: 'GET',
      url: `http://127.0.0.1:${port}/healthz`,
      message: expect.stringContaining(
        `cannot reach the gtcx server at http://127.0.0.1:${port}: connect ECONNREFUSED`,
      ),
      hint: expect.stringContaining('baseUrl'),
    });
    expect(((failure as Error).cause as Error).message).toContain('ECONNREFUSED');
    await expect(gtcx.request('get', '/healthz', { retry: false })).rejects.toMatchObject({
      name: 'GtcxApiError',
      code: 'server_unreachable',
    });
    expect(logger.lines).toHaveLength(2);
    expect(logger.lines[0]).toMatch(
      /^gtcx: GET \/healthz failed \(connect ECONNREFUSED 127\.0\.0\.1:\d+\); retry 1 of 2 in \d+ ms$/,
    );
  });

  it('a host that does not resolve is not retried', async () => {
    const logger = recordingLogger();
    const gtcx = createClient({ baseUrl: 'http://gtcx.invalid', retry: fast, logger });
    await expect(gtcx.GET('/healthz')).rejects.toMatchObject({ code: 'server_unreachable' });
    expect(logger.lines).toEqual([]);
  });

  it('a slow server: timeout per attempt, retried, then a timeout error', async () => {
    await withServer(
      () => ({ delayMs: 400, body: health }),
      async (server) => {
        const logger = recordingLogger();
        const gtcx = createClient({
          baseUrl: server.url,
          timeoutMs: 100,
          retry: { ...fast, retries: 1 },
          logger,
        });
        await expect(gtcx.GET('/healthz')).rejects.toMatchObject({
          name: 'GtcxApiError',
          code: 'timeout',
          message: expect.stringContaining('got no answer from'),
          details: { timeoutMs: 100 },
        });
        expect(logger.lines).toHaveLength(1);
        // A call can give itself longer.
        const { data } = await gtcx.GET('/healthz', { timeoutMs: 2000 });
        expect(data?.status).toBe('ok');
      },
    );
  });

  it('a request aborted midway rejects with aborted, and so does one aborted during a backoff', async () => {
    const server = await startScriptedServer((_n, request) =>
      request.url === '/healthz'
        ? { delayMs: 2000, body: health }
        : { status: 503, headers: { 'retry-after': '5' }, body: '{}' },
    );
    try {
      {
        const gtcx = createClient({ baseUrl: server.url, logger: recordingLogger() });
        const controller = new AbortController();
        setTimeout(() => controller.abort(new Error('user pressed ^C')), 50);
        await expect(gtcx.GET('/healthz', { signal: controller.signal })).rejects.toMatchObject({
          code: 'aborted',
          message: 'GET /healthz was aborted: user pressed ^C',
        });
        const late = new AbortController();
        const started = Date.now();
        const pending = gtcx.GET('/v1/templates', { signal: late.signal, timeoutMs: 5000 });
        // Let the 503 arrive so the client is waiting out Retry-After: 5 when the abort comes.
        while (!server.seen.some((request) => request.url.startsWith('/v1/templates'))) {
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        late.abort();
        await expect(pending).rejects.toMatchObject({ code: 'aborted' });
        expect(Date.now() - started).toBeLessThan(4000);
      }
    } finally {
      await server.close();
    }
  });

  it('a base URL that answers HTML instead of the API: invalid_response with a hint about baseUrl', async () => {
    await withServer(
      () => ({ headers: { 'content-type': 'text/html' }, body: '<!doctype html><title>Welcome</title>' }),
      async (server) => {
        const gtcx = createClient({ baseUrl: server.url });
        await expect(gtcx.GET('/v1/packs')).rejects.toMatchObject({
          code: 'invalid_response',
          hint: expect.stringContaining('baseUrl'),
        });
      },
    );
  });

  it('a 404 page from something that is not a gtcx server: a problem naming the content type', async () => {
    await withServer(
      () => ({ status: 404, headers: { 'content-type': 'text/plain' }, body: 'Cannot GET /v1/packs' }),
      async (server) => {
        const gtcx = createClient({ baseUrl: server.url });
        const result = await gtcx.GET('/v1/packs');
        expect(result.error).toMatchObject({
          status: 404,
          code: 'not_found',
          hint: expect.stringContaining('baseUrl'),
        });
        const thrown = (() => {
          try {
            unwrap(result);
          } catch (error) {
            return error as GtcxApiError;
          }
        })();
        expect(thrown).toMatchObject({
          code: 'not_found',
          status: 404,
          method: 'GET',
          url: `${server.url}/v1/packs`,
        });
      },
    );
  });
});
