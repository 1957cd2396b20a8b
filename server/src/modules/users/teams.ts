import { randomUUID } from 'node:crypto';
import type { components } from '@gtcx/sdk';
import type { Kysely } from 'kysely';
import type { Principal } from '../../auth/principal.js';
import { recordAuditEvent } from '../compliance/audit.js';
import { assertIfMatch, etagOf } from '../packs/etag.js';
import { accessOrg, hasRole, type OrgAccess, requireRole } from './access.js';
import { type AuditContext, inTransaction, isUniqueViolation, type UsersDeps } from './context.js';
import { conflict, forbidden, notInTeam, teamNotFound, userNotFound } from './errors.js';
import { type IdempotentResult, idempotent } from './idempotency.js';
import { nameAfter, type Page, type PageQuery, pageOf, pageSize } from './pages.js';
import type { TeamRole, UsersDb } from './tables.js';
import { getUserByName } from './users.js';
import { type Team, type TeamMembership, type TeamRow, teamMembershipView, teamView } from './views.js';

type TeamCreateRequest = components['schemas']['TeamCreateRequest'];
type TeamUpdateRequest = components['schemas']['TeamUpdateRequest'];

/** Owners and maintainers manage an org's teams. */
const teamManagers = ['owner', 'maintainer'] as const;

export async function listTeams(
  deps: UsersDeps,
  principal: Principal,
  org: string,
  query: PageQuery,
): Promise<Page<Team>> {
  await accessOrg(deps, deps.db, principal, org);
  const limit = pageSize(query);
  const after = nameAfter(query);
  let select = teamRows(deps.db).where('teams.org', '=', org);
  if (after !== undefined) select = select.where('teams.name', '>', after);
  const rows = await select
    .orderBy('teams.name')
    .limit(limit + 1)
    .execute();
  return pageOf(rows, limit, (row) => row.name, teamView);
}

export async function createTeam(
  deps: UsersDeps,
  principal: Principal,
  audit: AuditContext,
  org: string,
  input: TeamCreateRequest,
  idempotencyKey: string | undefined,
): Promise<IdempotentResult<Team>> {
  const access = await accessOrg(deps, deps.db, principal, org);
  requireRole(access, [...teamManagers], 'creating teams');
  return idempotent(
    deps,
    { callerId: principal.id, operation: 'createTeam', key: idempotencyKey, request: { org, ...input } },
    {
      run: async (trx) => {
        // Holds the org row, so the org cannot be deleted under the new team.
        await accessOrg(deps, trx, principal, org, { lock: true });
        await assertTeamNameFree(trx, org, input.name);
        const now = deps.now().toISOString();
        const row = {
          id: randomUUID(),
          org,
          name: input.name,
          description: input.description ?? null,
          created_at: now,
          updated_at: now,
        };
        await trx
          .insertInto('teams')
          .values(row)
          .execute()
          .catch((error: unknown) => {
            throw isUniqueViolation(error) ? teamTaken(org, input.name) : error;
          });
        await recordAuditEvent(
          trx,
          { ...audit, action: 'team.create', target: teamTarget(org, input.name), org, outcome: 'success' },
          deps.now(),
        );
        return teamView({ ...row, member_count: 0 });
      },
    },
  );
}

export async function getTeam(
  deps: UsersDeps,
  principal: Principal,
  org: string,
  team: string,
): Promise<Team> {
  await accessOrg(deps, deps.db, principal, org);
  return teamView(await existingTeam(deps.db, org, team));
}

export async function updateTeam(
  deps: UsersDeps,
  principal: Principal,
  audit: AuditContext,
  org: string,
  team: string,
  patch: TeamUpdateRequest,
  ifMatch: string | undefined,
): Promise<Team> {
  return inTransaction(deps, async (trx) => {
    const access = await accessOrg(deps, trx, principal, org, { lock: true });
    requireRole(access, [...teamManagers], 'changing teams');
    const current = await existingTeam(trx, org, team);
    assertIfMatch(ifMatch, etagOf(teamView(current)), `team ${org}/${team}`);
    const renamed = patch.name !== undefined && patch.name !== team;
    if (renamed) await assertTeamNameFree(trx, org, patch.name as string);
    const row: TeamRow = {
      ...current,
      name: patch.name ?? current.name,
      description: patch.description === undefined ? current.description : patch.description,
      updated_at: deps.now().toISOString(),
    };
    await trx
      .updateTable('teams')
      .set({ name: row.name, description: row.description, updated_at: row.updated_at })
      .where('id', '=', current.id)
      .execute();
    await recordAuditEvent(
      trx,
      {
        ...audit,
        action: 'team.update',
        target: teamTarget(org, team),
        org,
        outcome: 'success',
        details: { fields: Object.keys(patch), ...(renamed ? { name: row.name } : {}) },
      },
      deps.now(),
    );
    return teamView(row);
  });
}

/** Deletes the team and its memberships; its members stay in the org. */
export async function deleteTeam(
  deps: UsersDeps,
  principal: Principal,
  audit: AuditContext,
  org: string,
  team: string,
  ifMatch: string | undefined,
): Promise<void> {
  await inTransaction(deps, async (trx) => {
    const access = await accessOrg(deps, trx, principal, org, { lock: true });
    requireRole(access, [...teamManagers], 'deleting teams');
    const current = await existingTeam(trx, org, team);
    assertIfMatch(ifMatch, etagOf(teamView(current)), `team ${org}/${team}`);
    await trx.deleteFrom('team_members').where('team_id', '=', current.id).execute();
    await trx.deleteFrom('teams').where('id', '=', current.id).execute();
    await recordAuditEvent(
      trx,
      { ...audit, action: 'team.delete', target: teamTarget(org, team), org, outcome: 'success' },
      deps.now(),
    );
  });
}

export async function listTeamMembers(
  deps: UsersDeps,
  principal: Principal,
  org: string,
  team: string,
  query: PageQuery,
): Promise<Page<TeamMembership>> {
  await accessOrg(deps, deps.db, principal, org);
  const { id } = await existingTeam(deps.db, org, team);
  const limit = pageSize(query);
  const after = nameAfter(query);
  let select = teamMemberRows(deps.db).where('team_members.team_id', '=', id);
  if (after !== undefined) select = select.where('users.username', '>', after);
  const rows = await select
    .orderBy('users.username')
    .limit(limit + 1)
    .execute();
  return pageOf(rows, limit, (row) => row.username, teamMembershipView);
}

export async function getTeamMember(
  deps: UsersDeps,
  principal: Principal,
  org: string,
  team: string,
  username: string,
): Promise<TeamMembership> {
  await accessOrg(deps, deps.db, principal, org);
  const { id } = await existingTeam(deps.db, org, team);
  const row = await teamMemberRows(deps.db)
    .where('team_members.team_id', '=', id)
    .where('users.username', '=', username)
    .executeTakeFirst();
  if (row === undefined) throw notInTeam(org, team, username);
  return teamMembershipView(row);
}

export interface SetTeamMemberResult {
  membership: TeamMembership;
  created: boolean;
}

/** Adds an org member to the team, or changes their team role (default `member`). */
export async function setTeamMember(
  deps: UsersDeps,
  principal: Principal,
  audit: AuditContext,
  org: string,
  team: string,
  username: string,
  role: TeamRole = 'member',
): Promise<SetTeamMemberResult> {
  return inTransaction(deps, async (trx) => {
    const access = await accessOrg(deps, trx, principal, org, { lock: true });
    const current = await existingTeam(trx, org, team);
    await requireTeamManager(trx, access, principal, current.id, `adding members to team ${team}`);
    const user = await getUserByName(trx, username);
    if (user === undefined) throw userNotFound(username);
    const inOrg = await trx
      .selectFrom('org_members')
      .select('role')
      .where('org', '=', org)
      .where('user_id', '=', user.id)
      .executeTakeFirst();
    if (inOrg === undefined) {
      throw conflict(
        `"${username}" is not a member of org "${org}"`,
        `add them to the org first (PUT /v1/orgs/${org}/members/${username}, or an invitation)`,
        { org, username },
      );
    }
    const existing = await trx
      .selectFrom('team_members')
      .selectAll()
      .where('team_id', '=', current.id)
      .where('user_id', '=', user.id)
      .executeTakeFirst();
    const view = (createdAt: string) =>
      teamMembershipView({ org, team, username, role, created_at: createdAt });
    if (existing?.role === role) return { membership: view(existing.created_at), created: false };
    const now = deps.now().toISOString();
    if (existing === undefined) {
      await trx
        .insertInto('team_members')
        .values({ team_id: current.id, user_id: user.id, role, created_at: now })
        .execute();
    } else {
      await trx
        .updateTable('team_members')
        .set({ role })
        .where('team_id', '=', current.id)
        .where('user_id', '=', user.id)
        .execute();
    }
    await recordAuditEvent(
      trx,
      {
        ...audit,
        action: 'team.member.set',
        target: teamTarget(org, team),
        org,
        outcome: 'success',
        details: { username, role, previousRole: existing?.role ?? null },
      },
      deps.now(),
    );
    return { membership: view(existing?.created_at ?? now), created: existing === undefined };
  });
}

/** Removes the user from the team; they stay in the org. Team managers, or the member themself. */
export async function removeTeamMember(
  deps: UsersDeps,
  principal: Principal,
  audit: AuditContext,
  org: string,
  team: string,
  username: string,
): Promise<void> {
  await inTransaction(deps, async (trx) => {
    const access = await accessOrg(deps, trx, principal, org, { lock: true });
    const current = await existingTeam(trx, org, team);
    if (principal.subject !== username) {
      await requireTeamManager(trx, access, principal, current.id, `removing members from team ${team}`);
    }
    const member = await teamMemberRows(trx)
      .where('team_members.team_id', '=', current.id)
      .where('users.username', '=', username)
      .executeTakeFirst();
    if (member === undefined) throw notInTeam(org, team, username);
    await trx
      .deleteFrom('team_members')
      .where('team_id', '=', current.id)
      .where('user_id', '=', member.user_id)
      .execute();
    await recordAuditEvent(
      trx,
      {
        ...audit,
        action: 'team.member.remove',
        target: teamTarget(org, team),
        org,
        outcome: 'success',
        details: { username, role: member.role },
      },
      deps.now(),
    );
  });
}

/** Org owners and maintainers manage every team; a team's own maintainers manage its members. */
async function requireTeamManager(
  trx: Kysely<UsersDb>,
  access: OrgAccess,
  principal: Principal,
  teamId: string,
  doing: string,
): Promise<void> {
  if (hasRole(access, [...teamManagers])) return;
  const own = await trx
    .selectFrom('team_members')
    .select('role')
    .where('team_id', '=', teamId)
    .where('user_id', '=', principal.id)
    .executeTakeFirst();
  if (own?.role === 'maintainer') return;
  throw forbidden(
    `${doing} needs the owner or maintainer role in org "${access.org.name}", or the team's maintainer role`,
    `ask an owner or maintainer of ${access.org.name} to do it`,
    { org: access.org.name, role: access.role },
  );
}

function teamRows(db: Kysely<UsersDb>) {
  return db.selectFrom('teams').select([
    'teams.id',
    'teams.org',
    'teams.name',
    'teams.description',
    'teams.created_at',
    'teams.updated_at',
    (eb) =>
      eb
        .selectFrom('team_members')
        .select((count) => count.fn.countAll<number>().as('n'))
        .whereRef('team_members.team_id', '=', 'teams.id')
        .as('member_count'),
  ]);
}

async function existingTeam(db: Kysely<UsersDb>, org: string, team: string) {
  const row = await teamRows(db)
    .where('teams.org', '=', org)
    .where('teams.name', '=', team)
    .executeTakeFirst();
  if (row === undefined) throw teamNotFound(org, team);
  return { ...row, member_count: Number(row.member_count ?? 0) };
}

function teamMemberRows(db: Kysely<UsersDb>) {
  return db
    .selectFrom('team_members')
    .innerJoin('teams', 'teams.id', 'team_members.team_id')
    .innerJoin('users', 'users.id', 'team_members.user_id')
    .select([
      'teams.org',
      'teams.name as team',
      'users.username',
      'team_members.user_id',
      'team_members.role',
      'team_members.created_at',
    ]);
}

async function assertTeamNameFree(trx: Kysely<UsersDb>, org: string, name: string): Promise<void> {
  const taken = await trx
    .selectFrom('teams')
    .select('id')
    .where('org', '=', org)
    .where('name', '=', name)
    .executeTakeFirst();
  if (taken !== undefined) throw teamTaken(org, name);
}

function teamTaken(org: string, name: string) {
  return conflict(`org "${org}" already has a team "${name}"`, 'choose another team name', {
    org,
    team: name,
  });
}

export function teamTarget(org: string, team: string): string {
  return `org:${org}/team:${team}`;
}
