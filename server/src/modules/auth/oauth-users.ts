import type { Kysely } from 'kysely';
import type { OrgRole, Principal } from '../../auth/principal.js';

/** A users row as the OAuth endpoints need it. */
export interface OAuthUser {
  id: string;
  username: string;
  kind: 'user' | 'serviceAccount';
  admin: boolean;
  disabled: boolean;
}

/**
 * What the OAuth endpoints ask of the users module (its service satisfies this): sign-in, the users
 * behind tokens, and the service accounts' rows and memberships.
 */
export interface OAuthUsers {
  verifyPassword(username: string, password: string): Promise<OAuthUser | null>;
  getUserById(id: string): Promise<OAuthUser | null | undefined>;
  orgRoleOf(userId: string, org: string): Promise<OrgRole | null>;
  createServiceAccount(
    // biome-ignore lint/suspicious/noExplicitAny: the caller's transaction, whatever its tables
    trx: Kysely<any>,
    input: { username: string; org: string; role: OrgRole; createdBy: string },
  ): Promise<OAuthUser>;
  // biome-ignore lint/suspicious/noExplicitAny: the caller's transaction, whatever its tables
  deleteServiceAccount(trx: Kysely<any>, id: string): Promise<boolean>;
  /** The org as this caller may see it: 404 when it does not exist or the caller may not know it does. */
  as(principal: Principal): { getOrg(org: string): Promise<unknown> };
}

/** Whether a user may still hold tokens: it exists and is not disabled. */
export function isActive(user: OAuthUser | null | undefined): user is OAuthUser {
  return user !== null && user !== undefined && !user.disabled;
}
