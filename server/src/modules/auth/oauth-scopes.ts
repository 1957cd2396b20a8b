import type { Scope } from '../../auth/principal.js';
import { allScopes, isScope } from '../../auth/scopes.js';
import { OAuthError } from './oauth-errors.js';

/** The scopes a user may hold at all: every scope, but `admin` only for server admins. */
export function holdableScopes(user: { admin: boolean; kind?: string }): Scope[] {
  const admin = user.admin && user.kind !== 'serviceAccount';
  return allScopes.filter((scope) => scope !== 'admin' || admin);
}

/**
 * The `scope` parameter (RFC 6749 section 3.3: space-delimited, order irrelevant); undefined when
 * absent or blank. A scope this server does not define is `invalid_scope`.
 */
export function parseScopeParameter(value: unknown): Scope[] | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    throw new OAuthError('invalid_request', 'scope must be given once, as one space-separated string');
  }
  const names = value.split(' ').filter((name) => name !== '');
  if (names.length === 0) return undefined;
  const unknown = names.filter((name) => !isScope(name));
  if (unknown.length > 0) {
    throw new OAuthError(
      'invalid_scope',
      `unknown scope ${unknown.map((name) => `"${name}"`).join(', ')}; this server defines ${allScopes.join(' ')}`,
    );
  }
  return [...new Set(names as Scope[])];
}

/** The requested scopes when all are within `allowed`, else `invalid_scope` naming the others. */
export function narrowScopes(
  requested: Scope[] | undefined,
  allowed: readonly Scope[],
  whose: string,
): Scope[] {
  if (requested === undefined) return [...allowed];
  const beyond = requested.filter((scope) => !allowed.includes(scope));
  if (beyond.length > 0) {
    throw new OAuthError(
      'invalid_scope',
      `${beyond.join(' ')} exceeds what ${whose} may hold (${allowed.join(' ') || 'nothing'})`,
    );
  }
  return requested;
}

export function scopeString(scopes: readonly Scope[]): string {
  return scopes.join(' ');
}

/** Scopes in the contract's order, so the same set always reads the same. */
export function sortScopes(scopes: Iterable<Scope>): Scope[] {
  const set = new Set(scopes);
  return allScopes.filter((scope) => set.has(scope));
}
