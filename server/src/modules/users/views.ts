import type { components } from '@gtcx/sdk';
import type { OrgRole } from '../../auth/principal.js';
import type { InvitationsTable, OrgsTable, TeamRole, UserKind, UsersTable } from './tables.js';

export type User = components['schemas']['User'];
export type Org = components['schemas']['Org'];
export type Membership = components['schemas']['Membership'];
export type Team = components['schemas']['Team'];
export type TeamMembership = components['schemas']['TeamMembership'];
export type Invitation = components['schemas']['Invitation'];
export type CreatedInvitation = components['schemas']['CreatedInvitation'];

/** A user as other modules see it (the auth module signs people in and resolves tokens with it). */
export interface UserRecord {
  id: string;
  username: string;
  kind: UserKind;
  displayName: string | null;
  email: string | null;
  admin: boolean;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export function userRecord(row: Omit<UsersTable, 'password_hash'>): UserRecord {
  return {
    id: row.id,
    username: row.username,
    kind: row.kind,
    displayName: row.display_name,
    email: row.email,
    admin: row.admin === 1,
    disabled: row.disabled === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The contract's User: the id and kind stay inside the server. */
export function userView(record: UserRecord): User {
  return {
    username: record.username,
    displayName: record.displayName,
    email: record.email,
    admin: record.admin,
    disabled: record.disabled,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

export function orgView(row: OrgsTable): Org {
  return {
    name: row.name,
    scope: `@${row.name}`,
    displayName: row.display_name,
    description: row.description,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface MembershipRow {
  org: string;
  username: string;
  role: OrgRole;
  created_at: string;
  updated_at: string;
}

export function membershipView(row: MembershipRow): Membership {
  return {
    org: row.org,
    username: row.username,
    role: row.role,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface TeamRow {
  org: string;
  name: string;
  description: string | null;
  member_count: number | string | null;
  created_at: string;
  updated_at: string;
}

export function teamView(row: TeamRow): Team {
  return {
    org: row.org,
    name: row.name,
    description: row.description,
    memberCount: Number(row.member_count),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface TeamMembershipRow {
  org: string;
  team: string;
  username: string;
  role: TeamRole;
  created_at: string;
}

export function teamMembershipView(row: TeamMembershipRow): TeamMembership {
  return { org: row.org, team: row.team, username: row.username, role: row.role, createdAt: row.created_at };
}

export function invitationView(row: InvitationsTable): Invitation {
  return {
    id: row.id,
    org: row.org,
    role: row.role,
    email: row.email,
    username: row.username,
    invitedBy: row.invited_by,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}
