import type { ServerModule } from '../types.js';
import { authMigrations } from './migrations.js';
import { oauthHandlers } from './oauth-routes.js';
import { identityHandlers, personalTokenHandlers } from './routes.js';

export {
  type AccessTokenFailure,
  type AccessTokenSubject,
  accessTokenAudience,
  accessTokenTtlSeconds,
  looksLikeJwt,
  revokeAccessToken,
  type SignedAccessToken,
  type SignOptions,
  signAccessToken,
  type VerifiedAccessToken,
  type VerifyOptions,
  verifyAccessToken,
} from './access-tokens.js';
export {
  type AuthenticationDeps,
  type AuthFailure,
  type AuthFailureReason,
  type AuthOutcome,
  authenticateBearer,
  bearerRealm,
  type TokenOwner,
} from './authenticate.js';
export { authGrpcServices, tokenServiceImplementation } from './grpc.js';
export { authenticateRequest, authenticationDeps, issuerOf, usersOf } from './identity.js';
export { introspectToken, type OAuthIntrospection } from './introspection.js';
export {
  type CreatedPersonalAccessToken,
  createPersonalAccessToken,
  defaultTokenLifetimeDays,
  getPersonalAccessToken,
  listPersonalAccessTokens,
  maxTokenLifetimeDays,
  type NewPersonalAccessToken,
  personalTokenPrefix,
  revokePersonalAccessToken,
  type TokenView,
} from './personal-tokens.js';
export { authorizationServerMetadata } from './routes.js';
export { type PublicJwk, publicJwks } from './signing-keys.js';
export type { AuthTables } from './tables.js';
export { authorizeTokenGrant } from './token-grants.js';

/** Personal access tokens, OAuth 2.0 (token, device, revoke, introspect), JWKS and sign-in. */
export const authModule: ServerModule = {
  name: 'auth',
  handlers: {
    ...personalTokenHandlers,
    ...identityHandlers,
    ...oauthHandlers,
  },
  migrations: authMigrations,
};
