import type { UntypedServiceImplementation } from '@grpc/grpc-js';
import type { Store } from '@gtcx/core';
import type { IntrospectTokenResponse, TokenServiceServer } from '@gtcx/sdk/proto';
import { unary } from '../../grpc/unary.js';
import { authenticationDeps } from './identity.js';
import { introspectToken } from './introspection.js';

/**
 * gtcx.v1.TokenService over the same introspection as POST /oauth/introspect. Without a configured
 * public URL there is no request origin to take the issuer from, so any `iss` is accepted: the
 * signature already proves the token is this server's.
 */
export function tokenServiceImplementation(
  store: Store,
  publicUrl: string | undefined,
  logError?: (error: unknown) => void,
): TokenServiceServer {
  return {
    introspectToken: unary(logError, async (request): Promise<IntrospectTokenResponse> => {
      const answer = await introspectToken(authenticationDeps(store, publicUrl), request.token);
      const at = (seconds: number | undefined) =>
        seconds === undefined ? undefined : new Date(seconds * 1000);
      return {
        active: answer.active,
        scopes: answer.scope === undefined ? [] : answer.scope.split(' ').filter((scope) => scope !== ''),
        clientId: answer.client_id ?? '',
        username: answer.username ?? '',
        tokenType: answer.token_type ?? '',
        expiresAt: at(answer.exp),
        issuedAt: at(answer.iat),
        notBefore: at(answer.nbf),
        subject: answer.sub ?? '',
        audience: answer.aud ?? '',
        issuer: answer.iss ?? '',
        tokenId: answer.jti ?? '',
      };
    }),
  };
}

/** This module's gRPC services by fully qualified name. */
export function authGrpcServices(
  store: Store,
  publicUrl: string | undefined,
  logError?: (error: unknown) => void,
): Record<string, UntypedServiceImplementation> {
  return { 'gtcx.v1.TokenService': tokenServiceImplementation(store, publicUrl, logError) };
}
