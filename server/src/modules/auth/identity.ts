import type { Store } from '@gtcx/core';
import type { FastifyRequest } from 'fastify';
import type { ServerConfig } from '../../config.js';
import type { AppContext } from '../types.js';
import { createUsersService, type UsersService } from '../users/index.js';
import { type AuthenticationDeps, type AuthOutcome, authenticateBearer } from './authenticate.js';

const services = new WeakMap<Store, UsersService>();

/** The users module's service over a store, one per store (gRPC has no app context to key it on). */
export function usersOf(store: Store): UsersService {
  let users = services.get(store);
  if (users === undefined) {
    users = createUsersService({ store });
    services.set(store, users);
  }
  return users;
}

/** What authenticateBearer needs, over a store; `issuer` is the `iss` access tokens must carry. */
export function authenticationDeps(store: Store, issuer: string | undefined): AuthenticationDeps {
  const users = usersOf(store);
  return { store, userById: (id) => users.getUserById(id), issuer };
}

/**
 * The OAuth issuer: the configured public URL, or else the origin the request reached this server
 * at. Tokens carry it as `iss`, and the metadata document names it.
 */
export function issuerOf(config: Pick<ServerConfig, 'publicUrl'>, request: FastifyRequest): string {
  return config.publicUrl ?? `${request.protocol}://${request.host}`;
}

/**
 * Authenticates an HTTP request's bearer token (either kind) for this app. Without a configured
 * public URL the issuer is only a guess from the Host header, which differs between 127.0.0.1 and
 * localhost, a proxy and a direct call: then any `iss` is accepted, since only this server's own
 * keys (checked first) can have signed the token.
 */
export function authenticateRequest(ctx: AppContext, request: FastifyRequest): Promise<AuthOutcome> {
  return authenticateBearer(
    authenticationDeps(ctx.store, ctx.config.publicUrl),
    request.headers.authorization,
    request.ip,
  );
}
