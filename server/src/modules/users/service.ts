import type { Store } from '@gtcx/core';
import type { components } from '@gtcx/sdk';
import type { Kysely } from 'kysely';
import type { OrgRole, Principal } from '../../auth/principal.js';
import type { AuditContext, UsersDeps } from './context.js';
import { noAuditContext } from './context.js';
import type { IdempotentResult } from './idempotency.js';
import * as invitations from './invitations.js';
import * as members from './members.js';
import * as orgs from './orgs.js';
import { packsInScope } from './packs-in-scope.js';
import type { Page, PageQuery } from './pages.js';
import type { TeamRole, UsersDb } from './tables.js';
import * as teams from './teams.js';
import * as userActions from './user-actions.js';
import * as users from './users.js';
import type {
  CreatedInvitation,
  Invitation,
  Membership,
  Org,
  Team,
  TeamMembership,
  User,
  UserRecord,
} from './views.js';

type Schemas = components['schemas'];

export interface UsersServiceOptions {
  store: Store;
  now?: () => Date;
  /** Whether packs are published under a scope (`@acme`); defaults to asking the packs module. */
  scopeHasPacks?: (scope: string) => Promise<boolean>;
}

/** One caller's view of the module: every operation checks this principal's rights. */
export interface UsersActions {
  listUsers(query?: PageQuery): Promise<Page<User>>;
  createUser(input: Schemas['UserCreateRequest'], idempotencyKey?: string): Promise<IdempotentResult<User>>;
  getUser(username: string): Promise<User>;
  updateUser(username: string, patch: Schemas['UserUpdateRequest'], ifMatch?: string): Promise<User>;
  deleteUser(username: string, ifMatch?: string): Promise<void>;

  listOrgs(query?: PageQuery): Promise<Page<Org>>;
  createOrg(input: Schemas['OrgCreateRequest'], idempotencyKey?: string): Promise<IdempotentResult<Org>>;
  getOrg(org: string): Promise<Org>;
  updateOrg(org: string, patch: Schemas['OrgUpdateRequest'], ifMatch?: string): Promise<Org>;
  deleteOrg(org: string, ifMatch?: string): Promise<void>;

  listOrgMembers(org: string, query?: PageQuery): Promise<Page<Membership>>;
  setOrgMember(org: string, username: string, role: OrgRole): Promise<members.SetMemberResult>;
  removeOrgMember(org: string, username: string): Promise<void>;

  listTeams(org: string, query?: PageQuery): Promise<Page<Team>>;
  createTeam(
    org: string,
    input: Schemas['TeamCreateRequest'],
    idempotencyKey?: string,
  ): Promise<IdempotentResult<Team>>;
  getTeam(org: string, team: string): Promise<Team>;
  updateTeam(org: string, team: string, patch: Schemas['TeamUpdateRequest'], ifMatch?: string): Promise<Team>;
  deleteTeam(org: string, team: string, ifMatch?: string): Promise<void>;

  listTeamMembers(org: string, team: string, query?: PageQuery): Promise<Page<TeamMembership>>;
  getTeamMember(org: string, team: string, username: string): Promise<TeamMembership>;
  setTeamMember(
    org: string,
    team: string,
    username: string,
    role?: TeamRole,
  ): Promise<teams.SetTeamMemberResult>;
  removeTeamMember(org: string, team: string, username: string): Promise<void>;

  listInvitations(org: string, query?: PageQuery): Promise<Page<Invitation>>;
  createInvitation(
    org: string,
    input: Schemas['InvitationCreateRequest'],
    idempotencyKey?: string,
  ): Promise<IdempotentResult<CreatedInvitation>>;
  deleteInvitation(org: string, id: string): Promise<void>;
  acceptInvitation(token: string, idempotencyKey?: string): Promise<IdempotentResult<Membership>>;
}

export interface UsersService {
  getUserById(id: string): Promise<UserRecord | undefined>;
  getUserByName(username: string): Promise<UserRecord | undefined>;
  /** No rights check: for bootstrap, `gtcx server init-admin` and other modules. Audited all the same. */
  createUser(input: users.NewUser, audit?: AuditContext): Promise<UserRecord>;
  /** The first server admin; a conflict once any admin exists (`gtcx server init-admin`). */
  createFirstAdmin(
    input: Omit<users.NewUser, 'admin'> & { password: string },
    audit?: AuditContext,
  ): Promise<UserRecord>;
  /** null for a wrong password, an unknown or disabled user and a service account, in the same time. */
  verifyPassword(username: string, password: string): Promise<UserRecord | null>;
  membershipsOf(userId: string): Promise<Array<{ org: string; role: OrgRole }>>;
  orgRoleOf(userId: string, org: string): Promise<OrgRole | null>;
  /** In the caller's transaction, which also records the caller's audit event. */
  // biome-ignore lint/suspicious/noExplicitAny: callers pass their own module's transaction
  createServiceAccount(trx: Kysely<any>, input: users.NewServiceAccount): Promise<UserRecord>;
  // biome-ignore lint/suspicious/noExplicitAny: callers pass their own module's transaction
  deleteServiceAccount(trx: Kysely<any>, id: string): Promise<boolean>;
  /** Enabled server admins. */
  countAdmins(): Promise<number>;
  /** The operations of the contract, as this principal may do them. */
  as(principal: Principal, audit?: AuditContext): UsersActions;
}

export function createUsersService(options: UsersServiceOptions): UsersService {
  const deps: UsersDeps = {
    store: options.store,
    db: options.store.db as Kysely<UsersDb>,
    dialect: options.store.dialect,
    now: options.now ?? (() => new Date()),
    scopeHasPacks: options.scopeHasPacks ?? packsInScope(options.store),
  };
  return {
    getUserById: (id) => users.getUserById(deps, id),
    getUserByName: (username) => users.getUserByName(deps.db, username),
    createUser: (input, audit = noAuditContext) => users.createUser(deps, input, audit),
    createFirstAdmin: (input, audit = noAuditContext) => users.createFirstAdmin(deps, input, audit),
    verifyPassword: (username, password) => users.verifyPassword(deps, username, password),
    membershipsOf: (userId) => users.membershipsOf(deps, userId),
    orgRoleOf: (userId, org) => users.orgRoleOf(deps, userId, org),
    createServiceAccount: (trx, input) => users.createServiceAccount(deps, trx, input),
    deleteServiceAccount: (trx, id) => users.deleteServiceAccount(trx, id),
    countAdmins: () => users.countAdmins(deps.db),
    as: (principal, audit = noAuditContext) => actionsOf(deps, principal, audit),
  };
}

function actionsOf(deps: UsersDeps, p: Principal, audit: AuditContext): UsersActions {
  return {
    listUsers: (query = {}) => userActions.listUsers(deps, p, query),
    createUser: (input, key) => userActions.createUserAs(deps, p, audit, input, key),
    getUser: (username) => userActions.getUser(deps, p, username),
    updateUser: (username, patch, ifMatch) =>
      userActions.updateUser(deps, p, audit, username, patch, ifMatch),
    deleteUser: (username, ifMatch) => userActions.deleteUser(deps, p, audit, username, ifMatch),

    listOrgs: (query = {}) => orgs.listOrgs(deps, p, query),
    createOrg: (input, key) => orgs.createOrg(deps, p, audit, input, key),
    getOrg: (org) => orgs.getOrg(deps, p, org),
    updateOrg: (org, patch, ifMatch) => orgs.updateOrg(deps, p, audit, org, patch, ifMatch),
    deleteOrg: (org, ifMatch) => orgs.deleteOrg(deps, p, audit, org, ifMatch),

    listOrgMembers: (org, query = {}) => members.listOrgMembers(deps, p, org, query),
    setOrgMember: (org, username, role) => members.setOrgMember(deps, p, audit, org, username, role),
    removeOrgMember: (org, username) => members.removeOrgMember(deps, p, audit, org, username),

    listTeams: (org, query = {}) => teams.listTeams(deps, p, org, query),
    createTeam: (org, input, key) => teams.createTeam(deps, p, audit, org, input, key),
    getTeam: (org, team) => teams.getTeam(deps, p, org, team),
    updateTeam: (org, team, patch, ifMatch) => teams.updateTeam(deps, p, audit, org, team, patch, ifMatch),
    deleteTeam: (org, team, ifMatch) => teams.deleteTeam(deps, p, audit, org, team, ifMatch),

    listTeamMembers: (org, team, query = {}) => teams.listTeamMembers(deps, p, org, team, query),
    getTeamMember: (org, team, username) => teams.getTeamMember(deps, p, org, team, username),
    setTeamMember: (org, team, username, role) =>
      teams.setTeamMember(deps, p, audit, org, team, username, role),
    removeTeamMember: (org, team, username) => teams.removeTeamMember(deps, p, audit, org, team, username),

    listInvitations: (org, query = {}) => invitations.listInvitations(deps, p, org, query),
    createInvitation: (org, input, key) => invitations.createInvitation(deps, p, audit, org, input, key),
    deleteInvitation: (org, id) => invitations.deleteInvitation(deps, p, audit, org, id),
    acceptInvitation: (token, key) => invitations.acceptInvitation(deps, p, audit, token, key),
  };
}
