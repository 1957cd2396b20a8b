import { createHash, timingSafeEqual } from 'node:crypto';
import { GtcxError } from '@gtcx/core';

/**
 * Interim authentication, until users and tokens exist: one admin token from the server's
 * configuration satisfies every scope. HTTP and gRPC both ask authenticate(), so replacing this
 * file with real identity changes both transports at once.
 */
export interface Principal {
  kind: 'admin';
}

export interface AuthFailure {
  error: GtcxError;
  /** The RFC 6750 `WWW-Authenticate` challenge for HTTP answers. */
  challenge: string;
}

export type AuthOutcome = { principal: Principal } | { failure: AuthFailure };

const realm = 'Bearer realm="gtcx"';

/** Checks an `Authorization` header (or gRPC `authorization` metadata) value against the admin token. */
export function authenticate(authorization: string | undefined, adminToken: string | undefined): AuthOutcome {
  if (adminToken === undefined) {
    return fail(
      'This server accepts no credentials yet: it has no admin token configured',
      'set GTCX_ADMIN_TOKEN on the server (at least 16 characters), then send it as Authorization: Bearer <token>',
      realm,
    );
  }
  if (authorization === undefined || authorization.trim() === '') {
    return fail(
      'This operation requires credentials: no Authorization header was sent',
      "send Authorization: Bearer <token> with the server's admin token (GTCX_TOKEN for the gtcx CLI)",
      realm,
    );
  }
  const match = /^Bearer +(\S+) *$/i.exec(authorization);
  if (match?.[1] === undefined) {
    return fail(
      'The Authorization header is not a bearer token',
      'send it as Authorization: Bearer <token>',
      `${realm}, error="invalid_request"`,
    );
  }
  if (!sameSecret(match[1], adminToken)) {
    return fail(
      'The bearer token is not valid for this server',
      "send the server's admin token (GTCX_ADMIN_TOKEN on the server)",
      `${realm}, error="invalid_token"`,
    );
  }
  return { principal: { kind: 'admin' } };
}

/** Digests first so the comparison takes the same time whatever the lengths. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function fail(message: string, hint: string, challenge: string): { failure: AuthFailure } {
  return { failure: { error: new GtcxError('unauthenticated', message, { hint }), challenge } };
}
