import { errorCodes, GtcxError, type GtcxErrorCode } from '@gtcx/core';

/** What a gtcx server answers when a request fails: problem+json with gtcx's code and hint. */
export interface Problem {
  status?: number;
  title?: string;
  detail?: string;
  code?: string;
  hint?: string;
}

/** The server's problem as a GtcxError with its code, message and hint (and sensible ones otherwise). */
export function fromProblem(raw: unknown, status: number, server: string, doing: string): GtcxError {
  const problem = (typeof raw === 'object' && raw !== null ? raw : {}) as Problem;
  const code: GtcxErrorCode =
    problem.code !== undefined && problem.code in errorCodes
      ? (problem.code as GtcxErrorCode)
      : codeFor(status);
  const reason = problem.detail ?? problem.title ?? `HTTP ${status}`;
  const hint =
    problem.hint ??
    (status === 401 || status === 403
      ? 'sign in with gtcx login (or set GTCX_TOKEN to a token the server accepts for this operation)'
      : status === 404
        ? 'check the name (gtcx pack search <text>) and the server (--server, GTCX_SERVER)'
        : undefined);
  return new GtcxError(code, `cannot ${doing}: ${reason}`, {
    ...(hint === undefined ? {} : { hint }),
    details: { status, server },
  });
}

export function unreachable(server: string, doing: string, cause: unknown): GtcxError {
  const reason = cause instanceof Error ? ((cause.cause as Error | undefined)?.message ?? cause.message) : '';
  return new GtcxError(
    'server_unreachable',
    `cannot ${doing}: the gtcx server at ${server} is unreachable${reason ? ` (${reason})` : ''}`,
    {
      hint: 'check --server / GTCX_SERVER (or `gtcx config get server`); installs from the cache work with --offline',
      details: { server },
      cause,
    },
  );
}

function codeFor(status: number): GtcxErrorCode {
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 412) return 'precondition_failed';
  if (status === 413) return 'payload_too_large';
  if (status === 429) return 'rate_limited';
  if (status >= 400 && status < 500) return 'bad_request';
  return 'unavailable';
}
