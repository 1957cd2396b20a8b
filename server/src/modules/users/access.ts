import type { Kysely } from 'kysely';
import { isServerAdmin, type OrgRole, type Principal } from '../../auth/principal.js';
import { forUpdate, type UsersDeps } from './context.js';
import { forbidden, orgNotFound } from './errors.js';
import type { OrgsTable, UsersDb } from './tables.js';

/** The caller's standing in one org: a role, or none for a server admin who is not a member. */
export interface OrgAccess {
  org: OrgsTable;
  role: OrgRole | null;
  admin: boolean;
}

/**
 * Finds the org and the caller's role in it. A caller who is neither a member nor a server admin gets
 * the same 404 as for an org that does not exist. `lock` holds the org row until the transaction ends,
 * which serializes the changes to its memberships (so two owners cannot demote each other at once).
 */
export async function accessOrg(
  deps: UsersDeps,
  db: Kysely<UsersDb>,
  principal: Principal,
  name: string,
  options: { lock?: boolean } = {},
): Promise<OrgAccess> {
  const query = db.selectFrom('orgs').selectAll().where('name', '=', name);
  const org = await (options.lock ? forUpdate(deps.dialect, query) : query).executeTakeFirst();
  if (org === undefined) throw orgNotFound(name);
  const membership = await db
    .selectFrom('org_members')
    .select('role')
    .where('org', '=', name)
    .where('user_id', '=', principal.id)
    .executeTakeFirst();
  const admin = isServerAdmin(principal);
  if (membership === undefined && !admin) throw orgNotFound(name);
  return { org, role: membership?.role ?? null, admin };
}

/** Server admins may do everything; others need one of the roles. */
export function hasRole(access: OrgAccess, roles: OrgRole[]): boolean {
  return access.admin || (access.role !== null && roles.includes(access.role));
}

export function requireRole(access: OrgAccess, roles: OrgRole[], doing: string): void {
  if (hasRole(access, roles)) return;
  const needed = roles.map((role) => `${role}`).join(' or ');
  throw forbidden(
    `${doing} in org "${access.org.name}" needs the ${needed} role; you are ${access.role === 'owner' ? 'an owner' : `a ${access.role ?? 'non-member'}`}`,
    `ask an owner of ${access.org.name} to do it, or to give you the ${roles[0]} role`,
    { org: access.org.name, role: access.role, required: roles },
  );
}

export function requireServerAdmin(principal: Principal, doing: string): void {
  if (isServerAdmin(principal)) return;
  throw forbidden(
    `${doing} is for server admins`,
    principal.admin
      ? 'use a token that carries the admin scope'
      : 'ask a server admin to do it, or to make you one',
  );
}
