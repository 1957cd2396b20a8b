import type { FastifyReply } from 'fastify';

/** The RFC 6749 (section 5.2), RFC 8628 (section 3.5) and RFC 7009 error codes the contract declares. */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'authorization_pending'
  | 'slow_down'
  | 'access_denied'
  | 'expired_token'
  | 'unsupported_token_type';

/**
 * A refusal from an OAuth endpoint. It is answered in the RFC's own JSON shape, not problem+json,
 * because OAuth clients parse nothing else; `invalid_client` is a 401 and, when the client tried
 * HTTP Basic, carries a Basic challenge (RFC 6749 section 5.2).
 */
export class OAuthError extends Error {
  override readonly name = 'OAuthError';
  constructor(
    readonly error: OAuthErrorCode,
    readonly description: string,
    readonly options: {
      basicChallenge?: boolean;
      /** The refusal changed something (a revoked family) and recorded its own audit event with it. */
      audited?: boolean;
    } = {},
  ) {
    super(description);
  }

  get status(): 400 | 401 {
    return this.error === 'invalid_client' ? 401 : 400;
  }
}

export function isOAuthError(value: unknown): value is OAuthError {
  return value instanceof OAuthError;
}

export function sendOAuthError(reply: FastifyReply, error: OAuthError): FastifyReply {
  reply.code(error.status).header('cache-control', 'no-store').header('pragma', 'no-cache');
  if (error.status === 401 && error.options.basicChallenge === true) {
    reply.header('www-authenticate', 'Basic realm="gtcx", charset="UTF-8"');
  }
  return reply.type('application/json').send({ error: error.error, error_description: error.description });
}
