import type { components } from '@gtcx/sdk';

export type Scope = components['schemas']['Scope'];
export type OrgRole = components['schemas']['OrgRole'];

/**
 * Who a request acts for, resolved once per request from its bearer token (a JWT access token or a
 * `gtcx_` personal access token). What it may do is the intersection of the token's scopes and the
 * subject's own rights (server admin flag, org roles), which each module checks for its resources.
 */
export interface Principal {
  kind: 'user' | 'serviceAccount';
  /** The users row id (service accounts are users rows of kind serviceAccount). */
  id: string;
  /** The username, or the service account's client id. */
  subject: string;
  /** A server admin (users.admin); never true for a service account. */
  admin: boolean;
  /** What the token carries; `admin` implies every other scope. */
  scopes: Scope[];
  /** For `packs:publish`: the pack scopes (`@acme`) the token is limited to; empty means no extra limit. */
  packScopes: string[];
  authMethod: 'accessToken' | 'personalAccessToken';
  /** The personal access token's id or the access token's jti, for audit and revocation. */
  tokenId: string;
}

/** Whether the token carries the scope (or `admin`, which implies every scope). */
export function hasScope(principal: Principal, scope: Scope): boolean {
  return principal.scopes.includes('admin') || principal.scopes.includes(scope);
}

/** A server admin acting with a token that carries `admin`: both are needed for server-wide powers. */
export function isServerAdmin(principal: Principal): boolean {
  return principal.admin && principal.scopes.includes('admin');
}
