import { errorCodes, GtcxError, type GtcxErrorCode } from '@gtcx/core/errors';

/** A gtcx server's problem+json: the stable code, the detail, a hint and the offending fields. */
interface Problem {
  title?: string;
  detail?: string;
  code?: string;
  hint?: string;
  errors?: Array<{ field: string; message: string }>;
}

function codeFor(status: number): GtcxErrorCode {
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 410) return 'gone';
  if (status === 412) return 'precondition_failed';
  if (status === 429) return 'rate_limited';
  if (status >= 400 && status < 500) return 'bad_request';
  return 'unavailable';
}

/** What to do about a refusal when the server gave no hint of its own. */
function fallbackHint(status: number, server: string): string | undefined {
  if (status === 401) return `run gtcx login --server ${server}, or set GTCX_TOKEN to a valid token`;
  if (status === 403) return 'gtcx whoami shows the scopes of your token and the roles you hold';
  if (status === 429) return 'wait a moment and try again';
  if (status >= 500)
    return `the server at ${server} failed; try again, or ask its operator to check its logs`;
  return undefined;
}

/** Hints a command knows better than the server, e.g. where to look up the name it could not find. */
export interface CallHints {
  notFound?: string;
}

/** A failed call to a gtcx server as one GtcxError: its code, "cannot <doing>: <detail>", its hint. */
export function problemError(
  raw: unknown,
  status: number,
  server: string,
  doing: string,
  hints: CallHints = {},
): GtcxError {
  const problem = (typeof raw === 'object' && raw !== null ? raw : {}) as Problem;
  const code =
    problem.code !== undefined && problem.code in errorCodes
      ? (problem.code as GtcxErrorCode)
      : codeFor(status);
  const fields = Array.isArray(problem.errors) ? problem.errors : [];
  const fieldText = fields.map((error) => `${error.field} ${error.message}`).join('; ');
  const reason = problem.detail ?? problem.title ?? `HTTP ${status}`;
  const message = `cannot ${doing}: ${reason}${fieldText && !reason.includes(fieldText) ? ` (${fieldText})` : ''}`;
  // A missing name is best looked up with the CLI's own list command, which the server cannot name.
  const hint = (status === 404 ? hints.notFound : undefined) ?? problem.hint ?? fallbackHint(status, server);
  return new GtcxError(code, message, {
    ...(hint === undefined ? {} : { hint }),
    details: { status, server, ...(fields.length > 0 ? { errors: fields } : {}) },
  });
}

export function unreachableError(server: string, doing: string, cause: unknown): GtcxError {
  const reason = cause instanceof Error ? ((cause.cause as Error | undefined)?.message ?? cause.message) : '';
  return new GtcxError(
    'server_unreachable',
    `cannot ${doing}: the gtcx server at ${server} is unreachable${reason ? ` (${reason})` : ''}`,
    {
      hint: 'check --server / GTCX_SERVER (or gtcx config get server) and that the server is running',
      details: { server },
      cause,
    },
  );
}

/** The call, or the error naming what could not be done: unreachable, or the server's problem. */
export async function callServer<R extends { data?: unknown; error?: unknown; response: Response }>(
  server: string,
  doing: string,
  request: () => Promise<R>,
  hints: CallHints = {},
): Promise<Exclude<R['data'], undefined>> {
  let result: R;
  try {
    result = await request();
  } catch (error) {
    if (error instanceof GtcxError) throw error;
    throw unreachableError(server, doing, error);
  }
  if (!result.response.ok) throw problemError(result.error, result.response.status, server, doing, hints);
  return result.data as Exclude<R['data'], undefined>;
}
