import type { OrgRole } from '../../auth/principal.js';
import type { ComplianceTables } from '../compliance/audit.js';

/**
 * Row types of the users module's tables. Timestamps are RFC 3339 strings on both dialects (see
 * core's store); booleans are integers 0/1.
 */
export interface UsersTables {
  users: UsersTable;
  orgs: OrgsTable;
  org_members: OrgMembersTable;
  teams: TeamsTable;
  team_members: TeamMembersTable;
  invitations: InvitationsTable;
  users_idempotency_keys: IdempotencyKeysTable;
}

/** What the module's queries run against: its own tables and the audit log its changes write to. */
export type UsersDb = UsersTables & ComplianceTables;

export type UserKind = 'user' | 'serviceAccount';
export type TeamRole = 'maintainer' | 'member';

export interface UsersTable {
  id: string;
  username: string;
  kind: UserKind;
  /** `scrypt$N$r$p$salt$hash`; null for service accounts. */
  password_hash: string | null;
  display_name: string | null;
  email: string | null;
  admin: number;
  disabled: number;
  created_at: string;
  updated_at: string;
}

export interface OrgsTable {
  name: string;
  display_name: string | null;
  description: string | null;
  created_at: string;
  updated_at: string;
}

export interface OrgMembersTable {
  org: string;
  user_id: string;
  role: OrgRole;
  created_at: string;
  updated_at: string;
}

export interface TeamsTable {
  id: string;
  org: string;
  name: string;
  description: string | null;
  created_at: string;
  updated_at: string;
}

export interface TeamMembersTable {
  team_id: string;
  user_id: string;
  role: TeamRole;
  created_at: string;
}

export interface InvitationsTable {
  id: string;
  org: string;
  role: OrgRole;
  username: string | null;
  email: string | null;
  token_hash: string;
  invited_by: string;
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
  accepted_by: string | null;
  cancelled_at: string | null;
}

export interface IdempotencyKeysTable {
  caller_id: string;
  operation: string;
  key: string;
  /** sha256 of the request body, so the same key with another body is told apart. */
  request_hash: string;
  /** The first answer's body as JSON (never a secret: invitation tokens are minted afresh). */
  response: string;
  created_at: string;
}
