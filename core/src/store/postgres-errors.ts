import { GtcxError } from '../errors.js';
import type { PostgresTarget } from './postgres.js';

const urlHint = 'or fix DATABASE_URL / --database-url';

/** Turns a failed first connection into one line naming the problem and a hint naming the fix. */
export function postgresUnreachable(target: PostgresTarget, error: unknown, timeoutMs: number): GtcxError {
  const { host, port, database, user, location } = target;
  const at = `${host}:${port}`;
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  const fail = (text: string, hint: string) =>
    new GtcxError('store_unreachable', text, { hint, details: { location, code }, cause: error });

  switch (code) {
    case 'ECONNREFUSED':
      return fail(`PostgreSQL at ${at} refused the connection`, `start PostgreSQL on ${at}, ${urlHint}`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return fail(`PostgreSQL host ${host} is unknown (DNS lookup failed)`, `fix the host name, ${urlHint}`);
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return fail(
        `PostgreSQL at ${at} cannot be reached (${code})`,
        `check the network and host, ${urlHint}`,
      );
    case '3D000':
      return fail(
        `PostgreSQL database "${database}" does not exist on ${at}`,
        `create it (createdb -h ${host} -p ${port} ${database}), ${urlHint}`,
      );
    case '28P01':
    case '28000':
      return fail(
        `PostgreSQL at ${at} refused user ${user}: ${message}`,
        `check the user and password in DATABASE_URL, or the server's pg_hba.conf`,
      );
    default:
      if (/timeout/i.test(message)) {
        return fail(
          `PostgreSQL at ${at} did not answer within ${timeoutMs / 1000} s`,
          `check that PostgreSQL is running and reachable, ${urlHint}`,
        );
      }
      return fail(
        `cannot connect to PostgreSQL at ${at}: ${oneLine(message)}`,
        `check PostgreSQL, ${urlHint}`,
      );
  }
}

/** Node reports a refused dual-stack connect as an AggregateError whose parts carry the code. */
function errorCode(error: unknown): string | undefined {
  const own = (error as { code?: unknown }).code;
  if (typeof own === 'string') return own;
  const parts = (error as { errors?: unknown[] }).errors;
  const first = Array.isArray(parts) ? (parts[0] as { code?: unknown } | undefined)?.code : undefined;
  return typeof first === 'string' ? first : undefined;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
