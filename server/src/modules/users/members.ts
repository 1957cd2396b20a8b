import type { Kysely } from 'kysely';
import type { OrgRole, Principal } from '../../auth/principal.js';
import { recordAuditEvent } from '../compliance/audit.js';
import { accessOrg, requireRole } from './access.js';
import { type AuditContext, inTransaction, type UsersDeps } from './context.js';
import { conflict, notAMember, userNotFound } from './errors.js';
import { nameAfter, type Page, type PageQuery, pageOf, pageSize } from './pages.js';
import type { UsersDb } from './tables.js';
import { getUserByName } from './users.js';
import { type Membership, type MembershipRow, membershipView } from './views.js';

export async function listOrgMembers(
  deps: UsersDeps,
  principal: Principal,
  org: string,
  query: PageQuery,
): Promise<Page<Membership>> {
  await accessOrg(deps, deps.db, principal, org);
  const limit = pageSize(query);
  const after = nameAfter(query);
  let select = membershipRows(deps.db).where('org_members.org', '=', org);
  if (after !== undefined) select = select.where('users.username', '>', after);
  const rows = await select
    .orderBy('users.username')
    .limit(limit + 1)
    .execute();
  return pageOf(rows, limit, (row) => row.username, membershipView);
}

export interface SetMemberResult {
  membership: Membership;
  /** true when the user joined; false when an existing member's role changed (or stayed). */
  created: boolean;
}

/** Adds an existing user with the role, or changes a member's role. Org owners only. */
export async function setOrgMember(
  deps: UsersDeps,
  principal: Principal,
  audit: AuditContext,
  org: string,
  username: string,
  role: OrgRole,
): Promise<SetMemberResult> {
  return inTransaction(deps, async (trx) => {
    const access = await accessOrg(deps, trx, principal, org, { lock: true });
    requireRole(access, ['owner'], 'managing members');
    const user = await getUserByName(trx, username);
    if (user === undefined) throw userNotFound(username);
    const current = await currentMembership(trx, org, username);
    if (current === undefined && user.kind === 'serviceAccount') {
      throw conflict(
        `"${username}" is a service account of another org`,
        'a service account belongs to the org that created it; create one in this org instead',
        { org, username },
      );
    }
    if (user.kind === 'serviceAccount' && role === 'owner') {
      throw conflict(
        `"${username}" is a service account, and service accounts cannot own an org`,
        'give it the maintainer role or less; owners are people',
        { org, username },
      );
    }
    if (current?.role === role) return { membership: membershipView(current), created: false };
    if (current?.role === 'owner') await assertAnotherOwner(trx, org, user.id, `demote ${username}`);
    const now = deps.now().toISOString();
    if (current === undefined) {
      await trx
        .insertInto('org_members')
        .values({ org, user_id: user.id, role, created_at: now, updated_at: now })
        .execute();
    } else {
      await trx
        .updateTable('org_members')
        .set({ role, updated_at: now })
        .where('org', '=', org)
        .where('user_id', '=', user.id)
        .execute();
    }
    await recordAuditEvent(
      trx,
      {
        ...audit,
        action: 'org.member.set',
        target: `org:${org}`,
        org,
        outcome: 'success',
        details: { username, role, previousRole: current?.role ?? null },
      },
      deps.now(),
    );
    const row: MembershipRow =
      current === undefined
        ? { org, username, role, created_at: now, updated_at: now }
        : { ...current, role, updated_at: now };
    return { membership: membershipView(row), created: current === undefined };
  });
}

/** Removes the member from the org and its teams. Org owners, or the member themself. */
export async function removeOrgMember(
  deps: UsersDeps,
  principal: Principal,
  audit: AuditContext,
  org: string,
  username: string,
): Promise<void> {
  await inTransaction(deps, async (trx) => {
    const access = await accessOrg(deps, trx, principal, org, { lock: true });
    const leaving = principal.subject === username;
    if (!leaving) requireRole(access, ['owner'], 'removing members');
    const current = await currentMembership(trx, org, username);
    if (current === undefined) throw notAMember(org, username);
    if (current.role === 'owner') {
      await assertAnotherOwner(trx, org, current.user_id, leaving ? 'leave' : `remove ${username}`);
    }
    const teams = trx.selectFrom('teams').select('id').where('org', '=', org);
    await trx
      .deleteFrom('team_members')
      .where('user_id', '=', current.user_id)
      .where('team_id', 'in', teams)
      .execute();
    await trx
      .deleteFrom('org_members')
      .where('org', '=', org)
      .where('user_id', '=', current.user_id)
      .execute();
    await recordAuditEvent(
      trx,
      {
        ...audit,
        action: 'org.member.remove',
        target: `org:${org}`,
        org,
        outcome: 'success',
        details: { username, role: current.role },
      },
      deps.now(),
    );
  });
}

function membershipRows(db: Kysely<UsersDb>) {
  return db
    .selectFrom('org_members')
    .innerJoin('users', 'users.id', 'org_members.user_id')
    .select([
      'org_members.org',
      'users.username',
      'org_members.user_id',
      'org_members.role',
      'org_members.created_at',
      'org_members.updated_at',
    ]);
}

async function currentMembership(db: Kysely<UsersDb>, org: string, username: string) {
  return membershipRows(db)
    .where('org_members.org', '=', org)
    .where('users.username', '=', username)
    .executeTakeFirst();
}

/** An org always keeps an owner: the caller holds the org's row lock, so owners cannot race out. */
async function assertAnotherOwner(
  trx: Kysely<UsersDb>,
  org: string,
  userId: string,
  verb: string,
): Promise<void> {
  const other = await trx
    .selectFrom('org_members')
    .select('user_id')
    .where('org', '=', org)
    .where('role', '=', 'owner')
    .where('user_id', '!=', userId)
    .executeTakeFirst();
  if (other !== undefined) return;
  throw conflict(
    `cannot ${verb}: that is the last owner of org "${org}"`,
    `make another member an owner first (PUT /v1/orgs/${org}/members/<username> with {"role": "owner"}), or delete the org`,
    { org },
  );
}
