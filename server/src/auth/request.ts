import { GtcxError } from '@gtcx/core';
import type { FastifyRequest } from 'fastify';
import type { Principal } from './principal.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the auth hook when the request carried valid credentials. */
    principal: Principal | undefined;
  }
}

/** The caller of an operation that requires credentials; the auth hook guarantees it is there. */
export function principalOf(request: FastifyRequest): Principal {
  const principal = request.principal;
  if (principal === undefined) {
    throw new GtcxError('unauthenticated', 'This operation requires credentials', {
      hint: 'send Authorization: Bearer <token> (gtcx login, or GTCX_TOKEN for the CLI)',
    });
  }
  return principal;
}
