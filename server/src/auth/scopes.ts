import type { Scope } from './principal.js';

/**
 * The contract's Scope enum at run time (the SDK's types vanish when compiled). The type below fails
 * to compile when openapi.yaml adds a scope this list lacks.
 */
export const allScopes = [
  'packs:read',
  'packs:publish',
  'templates:read',
  'renders:create',
  'tokens:read',
  'tokens:write',
  'tokens:introspect',
  'users:read',
  'users:write',
  'orgs:read',
  'orgs:write',
  'projects:read',
  'projects:write',
  'audit:read',
  'admin',
] as const satisfies readonly Scope[];

type MissingScope = Exclude<Scope, (typeof allScopes)[number]>;
const everyScopeListed: [MissingScope] extends [never] ? true : never = true;
void everyScopeListed;

export function isScope(value: string): value is Scope {
  return (allScopes as readonly string[]).includes(value);
}

/** What a holder of `held` may pass on: everything when it holds `admin`, otherwise what it holds. */
export function scopesWithin(requested: readonly Scope[], held: readonly Scope[]): Scope[] {
  if (held.includes('admin')) return [...requested];
  return requested.filter((scope) => held.includes(scope));
}
