import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClientOptions, createClient, GtcxSdkError } from '../src/index.js';
import { recordingLogger, type ScriptedServer, startScriptedServer } from './support/scripted-server.js';

const health = JSON.stringify({ status: 'ok', version: '0.1.0', uptimeSeconds: 1 });
const baseUrl = 'http://127.0.0.1:8080';

/** What createClient throws for these options (JavaScript callers can pass anything). */
function refusal(options: Record<string, unknown>): GtcxSdkError {
  try {
    createClient({ baseUrl, ...options } as ClientOptions);
  } catch (error) {
    if (error instanceof GtcxSdkError) return error;
    throw error;
  }
  throw new Error(`createClient accepted ${JSON.stringify(options)}`);
}

describe('createClient checks its retry and timeout options', () => {
  it.each([
    [{ retry: { retries: Number.NaN } }, 'retry.retries is NaN'],
    [{ retry: { retries: Number.POSITIVE_INFINITY } }, 'retry.retries is Infinity'],
    [{ retry: { retries: -1 } }, 'retry.retries is -1'],
    [{ retry: { retries: 1.5 } }, 'retry.retries is 1.5'],
    [{ retry: { retries: '3' } }, 'retry.retries is "3"'],
    [{ retry: { retries: 11 } }, 'retry.retries is 11, more than the 10'],
    [{ retry: { minDelayMs: Number.NaN } }, 'retry.minDelayMs is NaN'],
    [{ retry: { minDelayMs: -5 } }, 'retry.minDelayMs is -5'],
    [{ retry: { maxDelayMs: Number.POSITIVE_INFINITY } }, 'retry.maxDelayMs is Infinity'],
    [{ retry: { maxRetryAfterMs: 2 ** 31 } }, 'retry.maxRetryAfterMs is 2147483648'],
    [{ retry: { statuses: [200, 503] } }, 'retry.statuses is [200,503]'],
    [{ retry: { statuses: '503' } }, 'retry.statuses is "503"'],
    [{ retry: { retires: 3 } }, 'retry has unknown option retires'],
    [{ retry: 3 }, 'retry is 3'],
    [{ retry: true }, 'retry is true'],
    [{ retry: null }, 'retry is null'],
    [{ timeoutMs: Number.NaN }, 'timeoutMs is NaN'],
    [{ timeoutMs: Number.POSITIVE_INFINITY }, 'timeoutMs is Infinity'],
    [{ timeoutMs: -1 }, 'timeoutMs is -1'],
    [{ timeoutMs: '5000' }, 'timeoutMs is "5000"'],
    [{ timeoutMs: 2 ** 31 }, 'timeoutMs is 2147483648'],
  ])('refuses %o: config_invalid naming the option and the fix', (options, message) => {
    const error = refusal(options);
    expect(error).toMatchObject({ name: 'GtcxSdkError', code: 'config_invalid' });
    expect(error.message).toContain(`createClient: ${message}`);
    expect(error.hint).toMatch(/pass|the retry options are/);
    expect(error.details?.option).toMatch(/^(retry|timeoutMs)/);
  });

  it('accepts the edges: 0 and 10 retries, 0 delays, timeoutMs 0 (wait forever), retry false', () => {
    for (const options of [
      { retry: { retries: 0 } },
      { retry: { retries: 10, minDelayMs: 0, maxDelayMs: 0, maxRetryAfterMs: 0, statuses: [429] } },
      { retry: { retries: undefined } },
      { retry: false as const },
      { timeoutMs: 0 },
      { timeoutMs: 2 ** 31 - 1 },
    ]) {
      expect(() => createClient({ baseUrl, ...options })).not.toThrow();
    }
  });
});

describe('per-call retry and timeout options are checked before anything is sent', () => {
  let server: ScriptedServer;

  beforeAll(async () => {
    server = await startScriptedServer(() => ({ body: health }));
  });

  afterAll(async () => {
    await server.close();
  });

  it.each([
    [{ retry: { retries: Number.NaN } }, 'GET /healthz: retry.retries is NaN'],
    [{ retry: { retries: Number.POSITIVE_INFINITY } }, 'GET /healthz: retry.retries is Infinity'],
    [{ retry: { minDelayMs: Number.NaN } }, 'GET /healthz: retry.minDelayMs is NaN'],
    [{ timeoutMs: Number.NaN }, 'GET /healthz: timeoutMs is NaN'],
    [{ timeoutMs: 'soon' }, 'GET /healthz: timeoutMs is "soon"'],
  ])('refuses %o on one call', async (init, message) => {
    const before = server.seen.length;
    const gtcx = createClient({ baseUrl: server.url, logger: recordingLogger() });
    const failure = await gtcx.GET('/healthz', init as never).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GtcxSdkError);
    expect(failure).toMatchObject({ code: 'config_invalid', message: expect.stringContaining(message) });
    expect(server.seen).toHaveLength(before);
  });

  it('refuses them in paginate and request() too, and accepts valid ones', async () => {
    const gtcx = createClient({ baseUrl: server.url, logger: recordingLogger() });
    const before = server.seen.length;
    await expect(gtcx.paginate('/v1/packs', { timeoutMs: Number.NaN }).next()).rejects.toMatchObject({
      code: 'config_invalid',
      message: expect.stringContaining('timeoutMs is NaN'),
    });
    await expect(gtcx.request('get', '/healthz', { retry: { retries: -1 } })).rejects.toMatchObject({
      code: 'config_invalid',
      message: expect.stringContaining('retry.retries is -1'),
    });
    expect(server.seen).toHaveLength(before);
    const { data } = await gtcx.GET('/healthz', { timeoutMs: 0, retry: { retries: 0 } });
    expect(data?.status).toBe('ok');
  });
});
