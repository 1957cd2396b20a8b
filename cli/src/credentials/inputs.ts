import { isIP } from 'node:net';
import { GtcxError } from '@gtcx/core/errors';
import type { components } from '@gtcx/sdk';

type Schemas = components['schemas'];
export type Scope = Schemas['Scope'];
export type OrgRole = Schemas['OrgRole'];
export type TeamRole = Schemas['TeamRole'];

/** Every value of a string union, checked both ways so the list cannot drift from the contract. */
function allOf<T extends string>() {
  return <const L extends readonly T[]>(
    list: L & ([Exclude<T, L[number]>] extends [never] ? unknown : never),
  ) => list;
}

export const scopes = allOf<Scope>()([
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
]);

export const orgRoles = allOf<OrgRole>()(['owner', 'maintainer', 'member', 'viewer']);
export const teamRoles = allOf<TeamRole>()(['maintainer', 'member']);

const names = {
  org: {
    pattern: /^[a-z0-9](?:[a-z0-9-]{0,37}[a-z0-9])?$/,
    rule: 'lowercase letters, digits and inner hyphens, 1 to 39 characters',
    example: 'acme',
  },
  team: {
    pattern: /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/,
    rule: 'lowercase letters, digits and inner hyphens, 1 to 64 characters',
    example: 'platform',
  },
  user: {
    pattern: /^[a-z0-9](?:[a-z0-9-]{0,37}[a-z0-9])?$/,
    rule: 'lowercase letters, digits and inner hyphens, 1 to 39 characters',
    example: 'alice',
  },
} as const;

/** An org, team or user name as the contract accepts it; the error says the rule and an example. */
export function checkName(kind: keyof typeof names, value: string): string {
  const spec = names[kind];
  if (spec.pattern.test(value)) return value;
  throw new GtcxError('validation_failed', `"${value}" is not a valid ${kind} name`, {
    hint: `${kind} names are ${spec.rule}, e.g. ${spec.example}`,
    details: { [kind]: value },
  });
}

export function checkPackScope(value: string): string {
  if (value.startsWith('@') && names.org.pattern.test(value.slice(1))) return value;
  throw new GtcxError('validation_failed', `--pack-scope "${value}" is not a pack scope`, {
    hint: `a pack scope is @ and an org name (${names.org.rule}), e.g. @acme`,
    details: { packScope: value },
  });
}

export function checkCidr(value: string): string {
  const [address = '', prefix, ...rest] = value.split('/');
  const family = isIP(address);
  const bits = Number(prefix);
  const max = family === 6 ? 128 : 32;
  if (family !== 0 && rest.length === 0 && /^\d{1,3}$/.test(prefix ?? '') && bits <= max) return value;
  throw new GtcxError('validation_failed', `--cidr "${value}" is not a network in CIDR notation`, {
    hint: 'give an address and a prefix length, e.g. 10.0.0.0/8, 203.0.113.7/32 or 2001:db8::/32',
    details: { cidr: value },
  });
}

const units: Record<string, number> = { h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/**
 * --expires as a duration from now (30d, 12h, 2w), a date (2026-12-31: the token stops working at
 * 00:00 UTC that day) or an RFC 3339 timestamp; always in the future.
 */
export function parseExpiry(value: string, now = Date.now()): string {
  const bad = (why: string) =>
    new GtcxError('validation_failed', `--expires "${value}" ${why}`, {
      hint: 'give a duration (30d, 12h, 2w), a date (2026-12-31) or a timestamp (2026-12-31T18:00:00Z)',
      details: { expires: value },
    });
  const duration = /^(\d+)([hdw])$/.exec(value.trim());
  let at: number;
  if (duration) {
    at = now + Number(duration[1]) * (units[duration[2] as string] ?? 0);
  } else if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    at = Date.parse(`${value}T00:00:00Z`);
  } else if (/^\d{4}-\d{2}-\d{2}T/.test(value)) {
    at = Date.parse(value);
  } else {
    throw bad('is not a duration, a date or a timestamp');
  }
  if (Number.isNaN(at)) throw bad('is not a real date');
  if (at <= now) throw bad('is not in the future');
  return new Date(at).toISOString();
}
