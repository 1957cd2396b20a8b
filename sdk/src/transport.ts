import { GtcxApiError, pathOf } from './errors.js';

/** When and how often a failed request is sent again. */
export interface RetryOptions {
  /** Retries after the first attempt; 0 turns retrying off. Default 2. */
  retries?: number;
  /** The first backoff delay; it doubles with each retry and is jittered by up to half. Default 300 ms. */
  minDelayMs?: number;
  /** The longest backoff delay. Default 10 000 ms. */
  maxDelayMs?: number;
  /**
   * A `Retry-After` longer than this is not waited for: the 429 or 503 is answered as it is.
   * Default 60 000 ms.
   */
  maxRetryAfterMs?: number;
  /** The statuses that are retried. Default 429, 502, 503 and 504. */
  statuses?: readonly number[];
}

/** Where the client reports retries; `console` by default. */
export interface Logger {
  warn(message: string): void;
}

/** Per-call overrides, passed in the init of any call: `gtcx.GET(path, { timeoutMs: 5000, retry: false })`. */
export interface CallOptions {
  /** Milliseconds to wait for the response headers of each attempt; 0 waits forever. */
  timeoutMs?: number;
  /** `false` sends the request once; an object overrides the client's retry options. */
  retry?: RetryOptions | false;
}

export type FetchLike = (request: Request) => Promise<Response>;

export interface TransportOptions {
  /** The caller's fetch; the global one when undefined. */
  fetch: FetchLike | undefined;
  retry: RetryOptions | false;
  timeoutMs: number;
  logger: Logger;
}

const defaultRetry: Required<RetryOptions> = {
  retries: 2,
  minDelayMs: 300,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 60_000,
  statuses: [429, 502, 503, 504],
};

/** Methods that mean the same when sent twice (RFC 9110 §9.2.2). */
const idempotentMethods = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']);

/**
 * Connection failures worth another try: the server restarting, a reset keep-alive socket, a
 * network blip. An unknown host or a TLS failure will fail the same way again, so they are not.
 */
const transientNetworkCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ENETDOWN',
  'EHOSTDOWN',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
]);

type Attempt = { response: Response } | { failure: GtcxApiError; transient: boolean; reason: string };

/**
 * The fetch the openapi-fetch client sends through: one attempt per try, each with its own timeout
 * and the caller's AbortSignal, retried with exponential backoff and jitter (or as long as
 * `Retry-After` says) while the policy allows. Idempotent requests (and requests carrying an
 * `Idempotency-Key`) are retried on connection failures, timeouts and the retry statuses; any request
 * is retried on 429, which the server answers before doing anything. Each retry is logged; when the
 * retries are spent the last answer is returned (or its failure thrown) as it is.
 */
export function createTransport(options: TransportOptions): FetchLike {
  return async (request) => {
    const extras = request as Request & CallOptions;
    const policy = retryPolicy(options.retry, extras.retry);
    const timeoutMs = extras.timeoutMs ?? options.timeoutMs;
    const repeatable = idempotentMethods.has(request.method) || request.headers.has('idempotency-key');
    for (let attempt = 0; ; attempt += 1) {
      const outcome = await send(options.fetch, request, timeoutMs);
      const left = policy.retries - attempt;
      if ('failure' in outcome) {
        if (left <= 0 || !outcome.transient || !repeatable) throw outcome.failure;
        const delay = backoff(policy, attempt);
        options.logger.warn(
          `gtcx: ${describe(request)} failed (${outcome.reason}); retry ${attempt + 1} of ${policy.retries} in ${delay} ms`,
        );
        await sleep(delay, request);
        continue;
      }
      const { response } = outcome;
      const retryable = policy.statuses.includes(response.status) && (repeatable || response.status === 429);
      if (left <= 0 || !retryable) return response;
      const asked = retryAfterMs(response.headers.get('retry-after'));
      if (asked !== undefined && asked > policy.maxRetryAfterMs) {
        options.logger.warn(
          `gtcx: ${describe(request)} answered ${response.status} with Retry-After ${Math.ceil(asked / 1000)} s, longer than maxRetryAfterMs (${policy.maxRetryAfterMs} ms); not retrying`,
        );
        return response;
      }
      const delay = asked ?? backoff(policy, attempt);
      options.logger.warn(
        `gtcx: ${describe(request)} answered ${response.status}; retry ${attempt + 1} of ${policy.retries} in ${delay} ms`,
      );
      // The abandoned answer's body would otherwise hold its connection.
      await response.body?.cancel().catch(() => undefined);
      await sleep(delay, request);
    }
  };
}

function retryPolicy(
  base: RetryOptions | false,
  call: RetryOptions | false | undefined,
): Required<RetryOptions> {
  if (base === false || call === false) return { ...defaultRetry, retries: 0 };
  const merged = { ...defaultRetry, ...definedOnly(base), ...definedOnly(call ?? {}) };
  return { ...merged, retries: Math.max(0, Math.floor(merged.retries)) };
}

function definedOnly(options: RetryOptions): RetryOptions {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}

/**
 * One attempt. The original request is never sent itself when it has a body (a copy is), so its
 * body is still there for the next attempt. The attempt's own signal fires on the timeout and
 * follows the caller's signal, which keeps covering the body after the timeout is cleared.
 */
async function send(fetch: FetchLike | undefined, request: Request, timeoutMs: number): Promise<Attempt> {
  if (request.signal.aborted) return abortedAttempt(request);
  const outgoing = request.body === null ? request : request.clone();
  const timer = timeoutMs > 0 ? new AbortController() : undefined;
  let handle: ReturnType<typeof setTimeout> | undefined;
  if (timer !== undefined) {
    request.signal.addEventListener('abort', () => timer.abort(request.signal.reason), { once: true });
    handle = setTimeout(() => timer.abort(), timeoutMs);
  }
  try {
    return { response: await fetchWith(fetch, outgoing, timer?.signal) };
  } catch (error) {
    if (request.signal.aborted) return abortedAttempt(request);
    if (timer?.signal.aborted) {
      return {
        failure: timeoutError(request, timeoutMs, error),
        transient: true,
        reason: `no answer within ${timeoutMs} ms`,
      };
    }
    const root = rootCause(error);
    return {
      failure: unreachableError(request, error, root),
      transient: transientNetworkCodes.has(String((root as { code?: unknown }).code)),
      reason: reasonOf(root),
    };
  } finally {
    // The timeout covers the wait for the answer's headers; the caller's signal still covers the body.
    clearTimeout(handle);
  }
}

function abortedAttempt(request: Request): Attempt {
  return { failure: abortedError(request), transient: false, reason: 'aborted' };
}

/** The global fetch takes the signal as init (one Request less to build); a caller's fetch gets a Request. */
function fetchWith(fetch: FetchLike | undefined, request: Request, signal: AbortSignal | undefined) {
  if (fetch === undefined) return globalThis.fetch(request, signal === undefined ? undefined : { signal });
  return fetch(signal === undefined ? request : new Request(request, { signal }));
}

/** Exponential backoff with jitter: min * 2^attempt, capped, then between half of it and all of it. */
function backoff(policy: Required<RetryOptions>, attempt: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.minDelayMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

/** `Retry-After` as milliseconds from now: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function sleep(ms: number, request: Request): Promise<void> {
  const signal = request.signal;
  if (signal.aborted) return Promise.reject(abortedError(request));
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(handle);
      reject(abortedError(request));
    };
    const handle = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** What the errors name: a Request, or the method and URL of a call whose Request is not at hand. */
export interface RequestLike {
  method: string;
  url: string;
  signal?: AbortSignal | null | undefined;
}

function describe(request: RequestLike): string {
  return `${request.method} ${pathOf(request.url)}`;
}

function originOf(request: RequestLike): string {
  try {
    return new URL(request.url).origin;
  } catch {
    return request.url;
  }
}

/** The error at the bottom of a cause chain: undici's TypeError('fetch failed') wraps the socket error. */
function rootCause(error: unknown): unknown {
  let current = error;
  for (let depth = 0; depth < 8; depth += 1) {
    const next = (current as { cause?: unknown } | undefined)?.cause;
    if (next === undefined || next === null) break;
    current = next;
  }
  if (current instanceof AggregateError && current.errors.length > 0) return current.errors[0];
  return current;
}

function reasonOf(error: unknown): string {
  if (error instanceof Error)
    return error.message || String((error as { code?: unknown }).code ?? error.name);
  return String(error);
}

function unreachableError(request: RequestLike, error: unknown, root: unknown): GtcxApiError {
  return new GtcxApiError(
    'server_unreachable',
    `cannot reach the gtcx server at ${originOf(request)}: ${reasonOf(root)} (${describe(request)})`,
    {
      method: request.method,
      url: request.url,
      hint: 'check baseUrl and that the server is running and reachable from here',
      // The socket error, so `error.cause.message` says what the network said.
      cause: root ?? error,
    },
  );
}

function timeoutError(request: RequestLike, timeoutMs: number, error: unknown): GtcxApiError {
  return new GtcxApiError(
    'timeout',
    `${describe(request)} got no answer from ${originOf(request)} within ${timeoutMs} ms`,
    {
      method: request.method,
      url: request.url,
      hint: 'the server is slow or unreachable; raise timeoutMs (createClient or per call) if it is just slow',
      details: { timeoutMs },
      cause: error,
    },
  );
}

function abortedError(request: RequestLike): GtcxApiError {
  const reason: unknown = request.signal?.reason;
  const why =
    reason instanceof Error ? `: ${reason.message}` : reason === undefined ? '' : `: ${String(reason)}`;
  return new GtcxApiError('aborted', `${describe(request)} was aborted${why}`, {
    method: request.method,
    url: request.url,
    hint: 'the caller aborted the request through its AbortSignal',
    cause: reason,
  });
}

/** For errors raised after the answer arrived (a body cut off or not JSON), in the same terms. */
export function failureAfterAnswer(request: RequestLike, error: unknown): GtcxApiError {
  if (error instanceof GtcxApiError) return error;
  if (request.signal?.aborted) return abortedError(request);
  if (error instanceof SyntaxError) {
    return new GtcxApiError(
      'invalid_response',
      `${describe(request)}: the answer from ${originOf(request)} is not valid JSON (${error.message})`,
      {
        method: request.method,
        url: request.url,
        hint: 'check baseUrl: it must be the root of a gtcx server, not a web page or another API',
        cause: error,
      },
    );
  }
  return unreachableError(request, error, rootCause(error));
}
