import type { SpecOperation } from '../spec/operations.js';
import { hasScope, type Principal, type Scope } from './principal.js';
import { isScope } from './scopes.js';

/**
 * What an operation's `security` in openapi.yaml asks of its caller. OpenAPI reads the list as
 * alternatives (any one will do) and each entry's scopes as all required; an empty list or an empty
 * entry lets anonymous callers in.
 */
export interface ScopeRequirement {
  operationId: string;
  public: boolean;
  /** Each alternative's scopes; `[[]]` is "any valid token" (e.g. getCurrentUser). */
  alternatives: Scope[][];
}

/** The only security scheme the contract defines; an operation naming another is never satisfied. */
const bearerScheme = 'bearerAuth';

export function requirementOf(operation: SpecOperation): ScopeRequirement {
  const anonymous =
    operation.security.length === 0 ||
    operation.security.some((requirement) => Object.keys(requirement).length === 0);
  if (anonymous) return { operationId: operation.operationId, public: true, alternatives: [] };
  const alternatives = operation.security.flatMap((requirement) => {
    const schemes = Object.keys(requirement);
    if (schemes.some((scheme) => scheme !== bearerScheme)) return [];
    const scopes = requirement[bearerScheme] ?? [];
    // A scope the server does not know can never be held: the operation stays closed, not open.
    return scopes.every(isScope) ? [scopes] : [];
  });
  return { operationId: operation.operationId, public: false, alternatives };
}

/** The requirement of every operation, by operationId. */
export function requirementsOf(operations: SpecOperation[]): Map<string, ScopeRequirement> {
  return new Map(operations.map((operation) => [operation.operationId, requirementOf(operation)]));
}

/**
 * The scopes the principal lacks for the operation: empty when one alternative is fully held. When
 * none is, the alternative closest to being held is named, so the hint asks for the least.
 */
export function missingScopes(principal: Principal, requirement: ScopeRequirement): Scope[] {
  if (requirement.public) return [];
  let fewest: Scope[] | undefined;
  for (const scopes of requirement.alternatives) {
    const missing = scopes.filter((scope) => !hasScope(principal, scope));
    if (missing.length === 0) return [];
    if (fewest === undefined || missing.length < fewest.length) fewest = missing;
  }
  // No alternative at all (an unknown scheme or scope): only `admin`, which implies every scope, passes.
  return fewest ?? (hasScope(principal, 'admin') ? [] : ['admin']);
}
