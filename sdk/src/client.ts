import createFetchClient, {
  type Client,
  type ClientPathsWithMethod,
  type FetchResponse,
  type MaybeOptionalInit,
} from 'openapi-fetch';
import { authMiddleware, type TokenContext, type TokenSource } from './auth.js';
import { GtcxSdkError } from './errors.js';
import type { paths } from './generated/openapi.js';
import { checkedRetry, checkedTimeout } from './options.js';
import {
  type ListArgs,
  type ListItem,
  type ListPage,
  type ListPath,
  listItems,
  listPages,
} from './paginate.js';
import { problemMiddleware } from './problem.js';
import {
  type CallOptions,
  createTransport,
  failureAfterAnswer,
  type Logger,
  type RetryOptions,
} from './transport.js';
import { sdkVersion } from './version.js';

export interface ClientOptions {
  /** The server's root URL, e.g. `https://gtcx.example.com` (paths such as `/v1/packs` are appended). */
  baseUrl: string;
  /**
   * A `gtcx_` personal access token or a JWT access token, sent as `Authorization: Bearer`; or a
   * function answering the current one before each request (see {@link TokenContext} for refresh).
   */
  token?: TokenSource;
  /** Same as a `token` function; give one of the two. */
  getToken?: (context: TokenContext) => string | undefined | Promise<string | undefined>;
  /** A fetch implementation (a proxy agent, instrumentation); defaults to the global fetch. */
  fetch?: (request: Request) => Promise<Response>;
  /** Retry policy (see {@link RetryOptions}); `false` sends every request once. */
  retry?: RetryOptions | false;
  /**
   * Milliseconds each attempt may take, from sending the request to the last byte of the answer's
   * body; 0 waits forever. Default 30 000.
   */
  timeoutMs?: number;
  /** Identifies the calling script; sent before the SDK's own `gtcx-sdk/<version>` in `User-Agent`. */
  userAgent?: string;
  /** Where retries are reported; `console` by default. */
  logger?: Logger;
}

type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';
type MediaType = `${string}/${string}`;
type PathsWith<Method extends HttpMethod> = ClientPathsWithMethod<Client<paths>, Method>;
type Operation<
  Path extends keyof paths,
  Method extends HttpMethod,
> = paths[Path][Method] extends infer Found extends Record<string | number, unknown> ? Found : never;

/** The keys an init must have (as openapi-fetch reckons them), to make the init itself required. */
// biome-ignore lint/complexity/noBannedTypes: `{}` is the empty object a Pick of optional keys accepts.
type RequiredKeysOf<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? never : K }[keyof T];

/**
 * A call's init: openapi-fetch's (params, body, headers, parseAs, signal, ...) plus the SDK's
 * {@link CallOptions}, typed, so `{ timeoutMs: 'soon' }` does not compile. Other keys pass through to
 * middleware as openapi-fetch allows.
 */
type CallInit<Init> = Init & CallOptions & { [key: string]: unknown };
type CallInitParam<Init> = [RequiredKeysOf<Init>] extends [never]
  ? [init?: CallInit<Init>]
  : [init: CallInit<Init>];

/** `GET`, `POST`, ...: openapi-fetch's method, with {@link CallOptions} in its init. */
export type GtcxClientMethod<Method extends HttpMethod> = <
  Path extends PathsWith<Method>,
  Init extends MaybeOptionalInit<paths[Path], Method>,
>(
  url: Path,
  ...init: CallInitParam<Init>
) => Promise<FetchResponse<Operation<Path, Method>, Init, MediaType>>;

/** `request(method, path, init)`, with {@link CallOptions} in its init. */
export type GtcxClientRequest = <
  Method extends HttpMethod,
  Path extends PathsWith<Method>,
  Init extends MaybeOptionalInit<paths[Path], Method>,
>(
  method: Method,
  url: Path,
  ...init: CallInitParam<Init>
) => Promise<FetchResponse<Operation<Path, Method>, Init, MediaType>>;

/**
 * The typed REST client: openapi-fetch's `{ data, error, response }` calls over openapi.yaml
 * (`GET`, `POST`, `PUT`, `PATCH`, `DELETE`, ...), each taking {@link CallOptions} (`timeoutMs`,
 * `retry`) in its init, with pagination over every list operation.
 */
export interface GtcxClient extends Omit<Client<paths>, Uppercase<HttpMethod> | 'request'> {
  request: GtcxClientRequest;
  GET: GtcxClientMethod<'get'>;
  PUT: GtcxClientMethod<'put'>;
  POST: GtcxClientMethod<'post'>;
  DELETE: GtcxClientMethod<'delete'>;
  OPTIONS: GtcxClientMethod<'options'>;
  HEAD: GtcxClientMethod<'head'>;
  PATCH: GtcxClientMethod<'patch'>;
  TRACE: GtcxClientMethod<'trace'>;
  /** The server root the client talks to, without a trailing slash. */
  readonly baseUrl: string;
  /**
   * Every item of a list operation, fetching pages as the loop asks for them.
   *
   * @example
   * for await (const pack of gtcx.paginate('/v1/packs', { params: { query: { keyword: 'web' } } })) {
   *   console.log(pack.name);
   * }
   */
  paginate<P extends ListPath>(path: P, ...init: ListArgs<P>): AsyncGenerator<ListItem<P>, void, undefined>;
  /** The pages of a list operation (`{ items, nextCursor }`), first to last. */
  pages<P extends ListPath>(path: P, ...init: ListArgs<P>): AsyncGenerator<ListPage<P>, void, undefined>;
}

const defaultTimeoutMs = 30_000;
const methods = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'] as const;

/**
 * A client for a gtcx server's REST API.
 *
 * Requests carry the bearer token, are retried with backoff when it is safe (see
 * {@link RetryOptions}) and time out per attempt. Calls answer `{ data, error, response }`; `error` is
 * always a problem document with `status` and `code`, even when a proxy answered with HTML. A
 * request that gets no answer (unreachable, timed out, aborted through `signal`) rejects with a
 * {@link GtcxApiError}. Use {@link unwrap} to turn errors into exceptions.
 *
 * @example
 * const gtcx = createClient({ baseUrl: 'https://gtcx.example.com', token: process.env.GTCX_TOKEN });
 * const { data, error } = await gtcx.GET('/v1/packs/{packName}', { params: { path: { packName: '@acme/web' } } });
 */
export function createClient(options: ClientOptions): GtcxClient {
  const baseUrl = checkedBaseUrl(options.baseUrl);
  const token = tokenSource(options);
  const transport = createTransport({
    fetch: options.fetch,
    retry: options.retry === undefined ? {} : checkedRetry(options.retry, 'createClient'),
    timeoutMs:
      options.timeoutMs === undefined ? defaultTimeoutMs : checkedTimeout(options.timeoutMs, 'createClient'),
    logger: options.logger ?? console,
  });
  const base = createFetchClient<paths>({
    baseUrl,
    fetch: transport,
    headers: { 'user-agent': userAgent(options.userAgent) },
  });
  // onResponse runs in reverse order: a 401 is retried with a fresh token before it becomes a problem.
  base.use(problemMiddleware());
  if (token !== undefined) base.use(authMiddleware(token));
  const client = Object.create(base) as GtcxClient;
  for (const method of methods) {
    const call = base[method] as (url: string, init?: { signal?: AbortSignal }) => Promise<unknown>;
    Object.defineProperty(client, method, {
      value: (url: string, init?: { signal?: AbortSignal }) =>
        call(url, init).catch((error: unknown) => {
          throw typed(error, { method, url: `${baseUrl}${url}`, signal: init?.signal });
        }),
    });
  }
  const request = base.request as (
    method: string,
    url: string,
    init?: { signal?: AbortSignal },
  ) => Promise<unknown>;
  Object.defineProperties(client, {
    request: {
      value: (method: string, url: string, init?: { signal?: AbortSignal }) =>
        request(method, url, init).catch((error: unknown) => {
          throw typed(error, { method: method.toUpperCase(), url: `${baseUrl}${url}`, signal: init?.signal });
        }),
    },
    baseUrl: { value: baseUrl, enumerable: true },
    paginate: { value: (path: ListPath, init?: never) => listItems(client, path, init) },
    pages: { value: (path: ListPath, init?: never) => listPages(client, path, init) },
  });
  return client;
}

/** What escaped a call after the transport: a body that is not JSON, cut off, or aborted mid-read. */
function typed(error: unknown, call: { method: string; url: string; signal?: AbortSignal | undefined }) {
  if (error instanceof GtcxSdkError) return error;
  if (call.signal?.aborted || error instanceof SyntaxError || isNetworkFailure(error)) {
    return failureAfterAnswer(call, error);
  }
  return error;
}

function isNetworkFailure(error: unknown): boolean {
  return error instanceof TypeError && (error.message === 'terminated' || error.cause !== undefined);
}

function tokenSource(options: ClientOptions): TokenSource | undefined {
  if (options.token !== undefined && options.getToken !== undefined) {
    throw new GtcxSdkError('config_invalid', 'createClient takes token or getToken, not both', {
      hint: 'pass a fixed token as token, or a function as getToken (or as token)',
    });
  }
  return options.getToken ?? options.token;
}

function userAgent(caller: string | undefined): string {
  const own = `gtcx-sdk/${sdkVersion} node/${process.version}`;
  return caller ? `${caller} ${own}` : own;
}

function checkedBaseUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new GtcxSdkError(
      'config_invalid',
      `baseUrl "${baseUrl}" is not a URL; pass the server's root, e.g. http://127.0.0.1:8080`,
      { details: { baseUrl } },
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new GtcxSdkError('config_invalid', `baseUrl "${baseUrl}" must use http: or https:`, {
      hint: 'write the scheme too, e.g. http://127.0.0.1:8080 or https://gtcx.example.com',
      details: { baseUrl },
    });
  }
  if (url.username !== '' || url.password !== '') {
    throw new GtcxSdkError('config_invalid', 'baseUrl must not carry credentials', {
      hint: 'pass the token as createClient({ token }) instead of user:password@ in the URL',
    });
  }
  if (url.search !== '' || url.hash !== '') {
    throw new GtcxSdkError('config_invalid', `baseUrl "${baseUrl}" must not have a query or fragment`, {
      hint: "pass the server's root, e.g. https://gtcx.example.com",
      details: { baseUrl },
    });
  }
  return baseUrl.replace(/\/+$/, '');
}
