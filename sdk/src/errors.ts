import type { components } from './generated/openapi.js';

/** An RFC 9457 problem document as a gtcx server answers it: `code` is the stable GtcxError code. */
export type Problem = components['schemas']['Problem'];

/** The request each error answer (as the client normalised it) came from: errors name the method and URL. */
export const answeredRequests = new WeakMap<Response, { method: string; url: string }>();

export interface GtcxSdkErrorOptions {
  /** How to fix it, in one line. */
  hint?: string | undefined;
  /** Machine-readable specifics (the pack, the path, the cursor of a failed page, ...). */
  details?: Record<string, unknown> | undefined;
  cause?: unknown;
}

/**
 * Everything the SDK throws is a GtcxSdkError: `code` is stable (branch on it, not on the message),
 * the message says what went wrong and `hint` how to fix it. Failures of a request to the server are
 * the subclass {@link GtcxApiError}; failures on this machine (a tarball whose integrity does not
 * match, a pack without a valid signature, an unsafe path) are GtcxSdkError itself.
 *
 * Codes on this machine: `integrity_mismatch`, `signature_invalid`, `unsafe_path`, `conflict`,
 * `validation_failed`, `not_found`, `config_invalid`, `dependency_missing`.
 */
export class GtcxSdkError extends Error {
  override readonly name: string = 'GtcxSdkError';
  readonly code: string;
  readonly hint: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, message: string, options: GtcxSdkErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.hint = options.hint;
    this.details = options.details;
  }

  toJSON(): {
    name: string;
    code: string;
    message: string;
    hint?: string;
    details?: Record<string, unknown>;
  } {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      ...(this.hint === undefined ? {} : { hint: this.hint }),
      ...(this.details === undefined ? {} : { details: this.details }),
    };
  }
}

export interface GtcxApiErrorOptions extends GtcxSdkErrorOptions {
  /** The HTTP status; undefined when no answer came (unreachable, timed out, aborted). */
  status?: number | undefined;
  method: string;
  url: string;
  problem?: Problem | undefined;
  requestId?: string | undefined;
}

/**
 * A request that failed: the server answered an error (`status`, and the problem+json it sent as
 * `problem`), or no answer came. Codes with an answer are the server's (`not_found`,
 * `unauthenticated`, `rate_limited`, ...); without one they are `server_unreachable`, `timeout` and
 * `aborted`; `invalid_response` is an answer that is not what the contract says (e.g. HTML from a
 * base URL that is not a gtcx server).
 */
export class GtcxApiError extends GtcxSdkError {
  override readonly name: string = 'GtcxApiError';
  readonly status: number | undefined;
  readonly method: string;
  /** The request URL (never carries credentials: tokens travel in a header). */
  readonly url: string;
  /** The problem document the server sent, normalised (always has status and code). */
  readonly problem: Problem | undefined;
  /** The server's request id (`x-request-id`): quote it when reporting a failure. */
  readonly requestId: string | undefined;

  constructor(code: string, message: string, options: GtcxApiErrorOptions) {
    super(code, message, options);
    this.status = options.status;
    this.method = options.method;
    this.url = options.url;
    this.problem = options.problem;
    this.requestId = options.requestId ?? options.problem?.requestId;
  }

  /** The problem's `detail` (what went wrong in this occurrence), when the server sent one. */
  get detail(): string | undefined {
    return this.problem?.detail;
  }

  /** Builds the error from a failed `{ data, error, response }` result of any client call. */
  static fromResult(
    result: { error?: unknown; response: Response },
    details?: Record<string, unknown>,
  ): GtcxApiError {
    const { response } = result;
    const request = answeredRequests.get(response);
    const method = request?.method ?? 'GET';
    const url = request?.url ?? response.url;
    const problem = asProblem(result.error, response);
    const where = `${method} ${pathOf(url)}`;
    const message = `${problem.detail ?? problem.title} (${where} answered ${response.status} ${problem.code})`;
    return new GtcxApiError(problem.code, message, {
      status: response.status,
      method,
      url,
      problem,
      requestId: problem.requestId ?? response.headers.get('x-request-id') ?? undefined,
      hint: problem.hint ?? hintForStatus(response.status),
      details,
    });
  }

  override toJSON(): ReturnType<GtcxSdkError['toJSON']> & {
    status?: number;
    method: string;
    url: string;
    requestId?: string;
  } {
    return {
      ...super.toJSON(),
      ...(this.status === undefined ? {} : { status: this.status }),
      method: this.method,
      url: this.url,
      ...(this.requestId === undefined ? {} : { requestId: this.requestId }),
    };
  }
}

/** True for any error the SDK threw (GtcxApiError included). */
export function isGtcxSdkError(value: unknown): value is GtcxSdkError {
  return value instanceof GtcxSdkError;
}

/**
 * The data of a successful call, or a thrown {@link GtcxApiError}: for callers who prefer exceptions
 * to `{ data, error }`. A 304 (a conditional read that matched) is not a success here: check
 * `response.status` before unwrapping conditional reads.
 *
 * @example
 * const pack = unwrap(await gtcx.GET('/v1/packs/{packName}', { params: { path: { packName } } }));
 */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.response.ok) return result.data as T;
  throw GtcxApiError.fromResult(result);
}

/** The stable code a status stands for when the body does not carry one. */
export function codeForStatus(status: number): string {
  const codes: Record<number, string> = {
    400: 'bad_request',
    401: 'unauthenticated',
    403: 'forbidden',
    404: 'not_found',
    405: 'method_not_allowed',
    406: 'not_acceptable',
    409: 'conflict',
    410: 'gone',
    412: 'precondition_failed',
    413: 'payload_too_large',
    415: 'unsupported_media_type',
    429: 'rate_limited',
    501: 'not_implemented',
    502: 'server_unreachable',
    503: 'unavailable',
    504: 'timeout',
  };
  return codes[status] ?? (status >= 500 ? 'internal' : 'bad_request');
}

function hintForStatus(status: number): string | undefined {
  if (status === 401)
    return 'pass a valid token (createClient({ token })): a gtcx_ personal access token or a JWT';
  if (status === 403) return 'the token lacks the scope this operation needs; create one with that scope';
  if (status === 429) return 'slow down: the server rate-limits this caller (see the Retry-After header)';
  return undefined;
}

/** Whatever came as the error body, as a Problem (the client normalises bodies; this is the fallback). */
function asProblem(error: unknown, response: Response): Problem {
  const body = typeof error === 'object' && error !== null ? (error as Partial<Problem>) : {};
  const status = typeof body.status === 'number' ? body.status : response.status;
  return {
    ...body,
    type: body.type ?? 'about:blank',
    title: body.title ?? (response.statusText || `HTTP ${status}`),
    status,
    code: typeof body.code === 'string' && body.code !== '' ? body.code : codeForStatus(status),
  };
}

export function pathOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.pathname}${parsed.search}`;
  } catch {
    return url;
  }
}
