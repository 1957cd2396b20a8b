import { GtcxApiError, pathOf } from './errors.js';
import { checkedRetry, checkedTimeout } from './options.js';

/** When and how often a failed request is sent again. */
export interface RetryOptions {
  /**
   * Retries after the first attempt: a whole number from 0 (no retrying) to 10. Default 2. Like every
   * retry option it is checked when given (to createClient or to one call): NaN, Infinity, a negative
   * or a string is a `config_invalid` error, not a retry storm.
   */
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
  /**
   * Milliseconds each attempt may take, from sending the request to the last byte of the answer's
   * body; 0 waits forever. A finite number up to 2 147 483 647, else `config_invalid`.
   */
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
 * retries are spent the last answer is returned (or its failure thrown) as it is. The answer's body
 * stays under its attempt's timeout until it has been read.
 */
export function createTransport(options: TransportOptions): FetchLike {
  return async (request) => {
    const extras = request as Request & CallOptions;
    const where = describe(request);
    const call = extras.retry === undefined ? undefined : checkedRetry(extras.retry, where);
    const policy = retryPolicy(options.retry, call);
    const timeoutMs =
      extras.timeoutMs === undefined ? options.timeoutMs : checkedTimeout(extras.timeoutMs, where);
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
      // The abandoned answer's body would otherwise hold its connection (and its attempt's timer).
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
  return { ...defaultRetry, ...definedOnly(base), ...definedOnly(call ?? {}) };
}

function definedOnly(options: RetryOptions): RetryOptions {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}

/**
 * One attempt. The original request is never sent itself when it has a body (a copy is), so its
 * body is still there for the next attempt. The attempt's clock runs from sending the request to
 * the last byte of the answer's body, so a server that sends headers and then stalls times out too.
 */
async function send(fetch: FetchLike | undefined, request: Request, timeoutMs: number): Promise<Attempt> {
  if (request.signal.aborted) return abortedAttempt(request);
  const outgoing = request.body === null ? request : request.clone();
  const clock = timeoutMs > 0 ? startClock(request, timeoutMs) : undefined;
  let response: Response;
  try {
    response = await fetchWith(fetch, outgoing, clock?.signal);
  } catch (error) {
    clock?.stop();
    if (request.signal.aborted) return abortedAttempt(request);
    if (clock?.expired) {
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
  }
  if (clock === undefined) return { response };
  return { response: timedBody(request, response, clock, timeoutMs) };
}

/**
 * An attempt's timer, and its link to the caller's signal: the attempt's own signal (the one fetch
 * gets) fires on the timeout and follows the caller's signal until `stop()`, which every attempt
 * calls once its answer is read, abandoned or failed, so no listener outlives its attempt.
 */
interface AttemptClock {
  readonly signal: AbortSignal;
  /** True once the timeout fired (not when the caller aborted). */
  readonly expired: boolean;
  /** Called once, when the timeout fires or the caller aborts, with what stopped the attempt. */
  onStop: ((cause: 'timeout' | 'aborted') => void) | undefined;
  /** After the headers: the timer alone should not keep the process alive for an answer no one reads. */
  unref(): void;
  stop(): void;
}

function startClock(request: Request, timeoutMs: number): AttemptClock {
  const controller = new AbortController();
  const onAbort = () => {
    controller.abort(request.signal.reason);
    clock.onStop?.('aborted');
  };
  const handle = setTimeout(() => {
    clock.expired = true;
    controller.abort();
    clock.onStop?.('timeout');
  }, timeoutMs);
  request.signal.addEventListener('abort', onAbort, { once: true });
  const clock = {
    signal: controller.signal,
    expired: false,
    onStop: undefined as AttemptClock['onStop'],
    unref: () => handle.unref(),
    stop() {
      clearTimeout(handle);
      request.signal.removeEventListener('abort', onAbort);
      clock.onStop = undefined;
    },
  };
  return clock;
}

/**
 * The answer with its body under the attempt's clock: reading it fails with a `timeout` (or
 * `aborted`) GtcxApiError when the clock runs out mid-body, even through a caller's fetch that
 * ignores signals, and the clock stops when the body ends, fails or is cancelled. An answer without
 * a body to read stops the clock at once.
 */
function timedBody(request: Request, response: Response, clock: AttemptClock, timeoutMs: number): Response {
  const empty =
    response.body === null ||
    request.method === 'HEAD' ||
    response.status === 204 ||
    response.status === 304 ||
    response.headers.get('content-length') === '0';
  if (empty) {
    clock.stop();
    return response;
  }
  clock.unref();
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  // Set once the clock errored the body: a read still pending then must not touch the stream.
  let failed = false;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      clock.onStop = (cause) => {
        failed = true;
        controller.error(
          cause === 'timeout' ? bodyTimeoutError(request, response, timeoutMs) : abortedError(request),
        );
        reader.cancel().catch(() => undefined);
      };
    },
    async pull(controller) {
      try {
        const chunk = await reader.read();
        if (failed) return;
        if (chunk.done) {
          clock.stop();
          controller.close();
        } else {
          controller.enqueue(chunk.value);
        }
      } catch (error) {
        clock.stop();
        if (!failed) controller.error(error);
      }
    },
    cancel(reason) {
      clock.stop();
      return reader.cancel(reason);
    },
  });
  const timed = new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  // A new Response has no URL; errors and callers read it from the answer.
  Object.defineProperties(timed, {
    url: { value: response.url },
    redirected: { value: response.redirected },
  });
  return timed;
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

function bodyTimeoutError(request: RequestLike, response: Response, timeoutMs: number): GtcxApiError {
  return new GtcxApiError(
    'timeout',
    `${describe(request)}: the answer from ${originOf(request)} (${response.status}) did not arrive in full within ${timeoutMs} ms`,
    {
      status: response.status,
      method: request.method,
      url: request.url,
      hint: 'the server stopped sending the body; raise timeoutMs (createClient or per call) if it is just slow',
      details: { timeoutMs },
      requestId: response.headers.get('x-request-id') ?? undefined,
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
