import type { components } from '@gtcx/sdk';
import { principalOf } from '../../auth/request.js';
import { allScopes } from '../../auth/scopes.js';
import { auditContext } from '../compliance/index.js';
import { etagOf, noneMatch } from '../packs/etag.js';
import type { OperationHandlers } from '../types.js';
import { authenticationDeps, issuerOf, usersOf } from './identity.js';
import { introspectToken } from './introspection.js';
import {
  createPersonalAccessToken,
  getPersonalAccessToken,
  listPersonalAccessTokens,
  revokePersonalAccessToken,
} from './personal-tokens.js';
import { publicJwks } from './signing-keys.js';
import { authorizeTokenGrant } from './token-grants.js';
import { callerTokenLimits, inheritTokenLimits } from './token-limits.js';

type Schemas = components['schemas'];

/** Clients cache the key set; a rotated key appears in it long before it signs anything. */
const jwksCacheControl = 'public, max-age=300';
const metadataCacheControl = 'public, max-age=3600';

/** The caller's personal access tokens: each caller sees and changes only its own (admins too). */
export const personalTokenHandlers: OperationHandlers = {
  listTokens: async ({ request, ctx }) => {
    const query = request.query as { limit?: number; cursor?: string };
    return listPersonalAccessTokens(ctx.store.db, principalOf(request).id, query);
  },

  createToken: async ({ request, reply, ctx }) => {
    const principal = principalOf(request);
    const body = request.body as Schemas['TokenCreateRequest'];
    const packScopes = authorizeTokenGrant(principal, body);
    const limits = inheritTokenLimits(await callerTokenLimits(ctx.store.db, principal), body);
    const idempotencyKey = request.headers['idempotency-key'];
    const created = await createPersonalAccessToken(ctx.store.db, {
      userId: principal.id,
      name: body.name,
      scopes: body.scopes,
      packScopes,
      expiresAt: limits.expiresAt,
      cidrAllowlist: limits.cidrAllowlist,
      idempotencyKey: typeof idempotencyKey === 'string' ? idempotencyKey : undefined,
      audit: auditContext(request),
    });
    return reply
      .code(201)
      .header('location', `/v1/tokens/${created.token.id}`)
      .header('cache-control', 'no-store')
      .send(created);
  },

  getToken: async ({ request, reply, ctx }) => {
    const { tokenId } = request.params as { tokenId: string };
    const token = await getPersonalAccessToken(ctx.store.db, principalOf(request).id, tokenId);
    const etag = etagOf(token);
    reply.header('etag', etag);
    if (noneMatch(request.headers['if-none-match'], etag)) return reply.code(304).send();
    return reply.send(token);
  },

  revokeToken: async ({ request, reply, ctx }) => {
    const { tokenId } = request.params as { tokenId: string };
    await revokePersonalAccessToken(ctx.store.db, principalOf(request).id, tokenId, auditContext(request));
    return reply.code(204).send();
  },
};

/** Who the caller is, the keys that verify access tokens, the OAuth metadata and introspection. */
export const identityHandlers: OperationHandlers = {
  getCurrentUser: async ({ request, ctx }): Promise<Schemas['CurrentUser']> => {
    const principal = principalOf(request);
    const users = usersOf(ctx.store);
    const [user, orgs] = await Promise.all([
      users.getUserById(principal.id),
      users.membershipsOf(principal.id),
    ]);
    return {
      subject: principal.subject,
      kind: principal.kind,
      displayName: user?.displayName ?? null,
      email: user?.email ?? null,
      admin: principal.admin,
      scopes: principal.scopes,
      authMethod: principal.authMethod,
      orgs,
    };
  },

  getJwks: async ({ reply, ctx }) => {
    reply.header('cache-control', jwksCacheControl);
    return { keys: await publicJwks(ctx.store) };
  },

  getAuthorizationServerMetadata: async ({ request, reply, ctx }) => {
    reply.header('cache-control', metadataCacheControl);
    return authorizationServerMetadata(issuerOf(ctx.config, request));
  },

  introspectOAuthToken: async ({ request, reply, ctx }) => {
    const { token } = request.body as Schemas['OAuthIntrospectRequest'];
    reply.header('cache-control', 'no-store');
    return introspectToken(authenticationDeps(ctx.store, issuerOf(ctx.config, request)), token);
  },
};

/** RFC 8414. There is no authorization endpoint: people sign in through the device flow. */
export function authorizationServerMetadata(issuer: string): Schemas['AuthorizationServerMetadata'] {
  const clientAuthMethods = ['client_secret_basic', 'client_secret_post', 'none'];
  return {
    issuer,
    token_endpoint: `${issuer}/oauth/token`,
    device_authorization_endpoint: `${issuer}/oauth/device_authorization`,
    revocation_endpoint: `${issuer}/oauth/revoke`,
    introspection_endpoint: `${issuer}/oauth/introspect`,
    jwks_uri: `${issuer}/.well-known/jwks.json`,
    scopes_supported: [...allScopes],
    response_types_supported: [],
    grant_types_supported: [
      'client_credentials',
      'refresh_token',
      'urn:ietf:params:oauth:grant-type:device_code',
    ],
    token_endpoint_auth_methods_supported: clientAuthMethods,
    revocation_endpoint_auth_methods_supported: clientAuthMethods,
    service_documentation: `${issuer}/docs`,
  };
}
