import { getEventListeners, once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient, downloadPack, GtcxApiError, renderTemplate } from '../src/index.js';
import { problem, recordingLogger, startScriptedServer } from './support/scripted-server.js';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * A real server whose handler may send headers and part of a body, then stall with the connection
 * open: the upstream a timeout must still end.
 */
async function withServer<T>(handler: Handler, run: (url: string) => Promise<T>): Promise<T> {
  const server = createServer(handler);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    return await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  }
}

/** Headers at once, then the first bytes of a body that never ends. */
function stallAfter(status: number, contentType: string, start: string): Handler {
  return (_request, response) => {
    response.writeHead(status, { 'content-type': contentType, 'x-request-id': 'req-stall' });
    response.write(start);
  };
}

async function elapsed<T>(work: Promise<T>): Promise<{ result: T | unknown; ms: number }> {
  const started = Date.now();
  const result = await work.catch((error: unknown) => error);
  return { result, ms: Date.now() - started };
}

const health = JSON.stringify({ status: 'ok', version: '0.1.0', uptimeSeconds: 1 });

describe('timeoutMs covers the body, not only the headers', () => {
  it('a JSON answer whose body stalls: a typed timeout within the bound, not retried', async () => {
    let requests = 0;
    const stall = stallAfter(200, 'application/json', '{"status":');
    await withServer(
      (request, response) => {
        requests += 1;
        stall(request, response);
      },
      async (url) => {
        const gtcx = createClient({ baseUrl: url, timeoutMs: 300, logger: recordingLogger() });
        const { result, ms } = await elapsed(gtcx.GET('/healthz'));
        expect(result).toBeInstanceOf(GtcxApiError);
        expect(result).toMatchObject({
          code: 'timeout',
          status: 200,
          method: 'GET',
          url: `${url}/healthz`,
          requestId: 'req-stall',
          details: { timeoutMs: 300 },
          message: expect.stringContaining('did not arrive in full within 300 ms'),
          hint: expect.stringContaining('timeoutMs'),
        });
        expect(ms).toBeGreaterThanOrEqual(250);
        expect(ms).toBeLessThan(3000);
        expect(requests).toBe(1);
      },
    );
  }, 15_000);

  it('an error answer whose problem body stalls: a timeout too', async () => {
    await withServer(stallAfter(404, 'application/problem+json', '{"type":"about:blank",'), async (url) => {
      const gtcx = createClient({ baseUrl: url, timeoutMs: 300, retry: false });
      const { result, ms } = await elapsed(
        gtcx.GET('/v1/packs/{packName}', { params: { path: { packName: '@acme/web' } } }),
      );
      expect(result).toMatchObject({ name: 'GtcxApiError', code: 'timeout', status: 404 });
      expect(ms).toBeLessThan(3000);
    });
  }, 15_000);

  it('a per-call timeoutMs bounds the body the same way', async () => {
    await withServer(stallAfter(200, 'application/json', '{"items":['), async (url) => {
      const gtcx = createClient({ baseUrl: url, logger: recordingLogger() });
      const { result, ms } = await elapsed(gtcx.GET('/v1/packs', { timeoutMs: 200 }));
      expect(result).toMatchObject({ code: 'timeout', details: { timeoutMs: 200 } });
      expect(ms).toBeLessThan(3000);
    });
  }, 15_000);

  it("the caller's signal still ends a stalled body: aborted", async () => {
    await withServer(stallAfter(200, 'application/json', '{"status":'), async (url) => {
      const gtcx = createClient({ baseUrl: url, timeoutMs: 10_000 });
      const controller = new AbortController();
      setTimeout(() => controller.abort(new Error('shutting down')), 200);
      const { result, ms } = await elapsed(gtcx.GET('/healthz', { signal: controller.signal }));
      expect(result).toMatchObject({ code: 'aborted', message: 'GET /healthz was aborted: shutting down' });
      expect(ms).toBeLessThan(3000);
    });
  }, 15_000);

  it('a body that arrives in pieces within the bound is read whole', async () => {
    await withServer(
      (_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        const parts = [health.slice(0, 5), health.slice(5, 20), health.slice(20)];
        parts.forEach((part, index) => {
          setTimeout(
            () => (index === parts.length - 1 ? response.end(part) : response.write(part)),
            index * 50,
          );
        });
      },
      async (url) => {
        const gtcx = createClient({ baseUrl: url, timeoutMs: 2000 });
        const { data, response } = await gtcx.GET('/healthz');
        expect(data).toEqual(JSON.parse(health));
        expect(response.url).toBe(`${url}/healthz`);
      },
    );
  });

  it('downloadPack takes a timeoutMs that covers the tarball bytes', async () => {
    const pack = { name: '@acme/slow', version: '1.0.0', dist: { integrity: 'sha512-x', signatures: [] } };
    await withServer(
      (request, response) => {
        if (request.url?.endsWith('/tarball')) {
          response.writeHead(200, { 'content-type': 'application/gzip', 'content-length': '4096' });
          response.write(Buffer.alloc(16));
          return;
        }
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(pack));
      },
      async (url) => {
        const gtcx = createClient({ baseUrl: url, logger: recordingLogger() });
        const { result, ms } = await elapsed(
          downloadPack(gtcx, { name: '@acme/slow', version: '1.0.0', timeoutMs: 300 }),
        );
        expect(result).toMatchObject({
          code: 'timeout',
          url: `${url}/v1/packs/%40acme%2Fslow/versions/1.0.0/tarball`,
        });
        expect(ms).toBeLessThan(3000);
      },
    );
  }, 15_000);

  it('renderTemplate takes a timeoutMs that covers the answer', async () => {
    await withServer(stallAfter(200, 'application/json', '{"template":"ts-lib","files":['), async (url) => {
      const gtcx = createClient({ baseUrl: url, logger: recordingLogger() });
      const { result, ms } = await elapsed(renderTemplate(gtcx, { template: 'ts-lib', timeoutMs: 300 }));
      expect(result).toMatchObject({ code: 'timeout', method: 'POST' });
      expect(ms).toBeLessThan(3000);
    });
  }, 15_000);
});

/** A client that keeps the Request each call sends (the one whose signal the transport follows). */
function recordingClient(options: Parameters<typeof createClient>[0]) {
  const gtcx = createClient(options);
  const sent: Request[] = [];
  gtcx.use({
    onRequest({ request }) {
      sent.push(request);
      return undefined;
    },
  });
  return { gtcx, sent };
}

function abortListeners(requests: Request[]): number[] {
  return requests.map((request) => getEventListeners(request.signal, 'abort').length);
}

describe('attempts leave no abort listeners behind', () => {
  const warnings: Error[] = [];
  const onWarning = (warning: Error) => warnings.push(warning);

  beforeEach(() => {
    warnings.length = 0;
    process.on('warning', onWarning);
  });

  afterEach(() => {
    process.off('warning', onWarning);
  });

  /** Warnings are emitted on a later tick than the listener that caused them. */
  async function emittedWarnings(): Promise<string[]> {
    await new Promise((resolve) => setImmediate(resolve));
    return warnings.map((warning) => `${warning.name}: ${warning.message}`);
  }

  it('the most retries allowed, with a signal: no MaxListenersExceededWarning, nothing left', async () => {
    const server = await startScriptedServer(() => ({
      status: 503,
      body: problem(503, 'unavailable', 'down'),
    }));
    try {
      const { gtcx, sent } = recordingClient({
        baseUrl: server.url,
        retry: { retries: 10, minDelayMs: 0, maxDelayMs: 0 },
        logger: recordingLogger(),
      });
      const controller = new AbortController();
      const { error } = await gtcx.GET('/healthz', { signal: controller.signal });
      expect(error).toMatchObject({ status: 503 });
      expect(server.seen).toHaveLength(11);
      expect(abortListeners(sent)).toEqual([0]);
      expect(await emittedWarnings()).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('each attempt stops its clock: after a read body, an empty answer, a timeout', async () => {
    const server = await startScriptedServer((_n, request) => {
      if (request.url === '/v1/packs') return { delayMs: 500, body: '{}' };
      if (request.url === '/v1/templates') return { status: 204 };
      return { body: health };
    });
    try {
      const { gtcx, sent } = recordingClient({ baseUrl: server.url, logger: recordingLogger() });
      const controller = new AbortController();
      const { data } = await gtcx.GET('/healthz', { signal: controller.signal });
      expect(data?.status).toBe('ok');
      const empty = await gtcx.GET('/v1/templates', { signal: controller.signal });
      expect(empty.response.status).toBe(204);
      await expect(
        gtcx.GET('/v1/packs', { signal: controller.signal, timeoutMs: 100, retry: false }),
      ).rejects.toMatchObject({ code: 'timeout' });
      expect(abortListeners(sent)).toEqual([0, 0, 0]);
      expect(await emittedWarnings()).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
