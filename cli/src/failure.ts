import { errorCodes, type GtcxErrorCode } from '@gtcx/core/errors';

/** What the CLI prints for any error: one line, one hint, a stable code and exit status. */
export interface Failure {
  code: string;
  message: string;
  hint?: string;
  details?: Record<string, unknown>;
  exitCode: number;
}

interface GtcxErrorLike {
  code: GtcxErrorCode;
  message: string;
  hint?: string | undefined;
  details?: Record<string, unknown> | undefined;
  exitCode: number;
}

interface OclifParseErrorLike {
  message: string;
  parse: unknown;
  oclif?: { exit?: number };
}

// Duck-typed rather than instanceof: a plugin or a second copy of @gtcx/core in node_modules throws
// errors that are GtcxErrors in every way but identity.
function isGtcxErrorLike(error: unknown): error is GtcxErrorLike {
  if (typeof error !== 'object' || error === null) return false;
  const candidate = error as Partial<GtcxErrorLike> & { name?: unknown };
  return candidate.name === 'GtcxError' && typeof candidate.code === 'string' && candidate.code in errorCodes;
}

function isParseError(error: unknown): error is OclifParseErrorLike {
  return typeof error === 'object' && error !== null && 'parse' in error && 'message' in error;
}

/**
 * oclif's parser messages span lines ("Missing 1 required arg:\nkey  the config key\nSee more help
 * with --help"); fold them into one line and drop the help pointer, which the hint replaces.
 */
function oneLine(message: string): string {
  const lines = message
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('See more help') && !line.startsWith('Note:'));
  const [first = '', ...rest] = lines;
  if (rest.length === 0) return first;
  const items = rest.map((line) => line.split(/\s{2,}/)[0]);
  return first.endsWith(':') ? `${first} ${items.join(', ')}` : `${first}: ${items.join(', ')}`;
}

export function toFailure(error: unknown, commandLine: string): Failure {
  if (isGtcxErrorLike(error)) {
    return {
      code: error.code,
      message: error.message,
      ...(error.hint === undefined ? {} : { hint: error.hint }),
      ...(error.details === undefined ? {} : { details: error.details }),
      exitCode: error.exitCode,
    };
  }
  if (isParseError(error)) {
    return {
      code: 'bad_request',
      message: oneLine(error.message),
      hint: `Run ${commandLine} --help for its arguments and flags`,
      exitCode: errorCodes.bad_request.exit,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    code: 'internal',
    message: oneLine(message) || 'unexpected error',
    hint: 'This is a bug in gtcx; rerun with DEBUG=gtcx* for the stack trace and report it',
    exitCode: errorCodes.internal.exit,
  };
}

export function failureJson(failure: Failure): { error: Omit<Failure, 'exitCode'> } {
  const { exitCode: _exitCode, ...error } = failure;
  return { error };
}
