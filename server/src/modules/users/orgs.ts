import type { components } from '@gtcx/sdk';
import { isServerAdmin, type Principal } from '../../auth/principal.js';
import { recordAuditEvent } from '../compliance/audit.js';
import { assertIfMatch, etagOf } from '../packs/etag.js';
import { accessOrg, requireRole } from './access.js';
import { type AuditContext, inTransaction, isUniqueViolation, type UsersDeps } from './context.js';
import { conflict, forbidden } from './errors.js';
import { type IdempotentResult, idempotent } from './idempotency.js';
import { nameAfter, type Page, type PageQuery, pageOf, pageSize } from './pages.js';
import type { OrgsTable } from './tables.js';
import { type Org, orgView } from './views.js';

type OrgCreateRequest = components['schemas']['OrgCreateRequest'];
type OrgUpdateRequest = components['schemas']['OrgUpdateRequest'];

/** The orgs the caller belongs to; every org for a server admin. */
export async function listOrgs(deps: UsersDeps, principal: Principal, query: PageQuery): Promise<Page<Org>> {
  const limit = pageSize(query);
  const after = nameAfter(query);
  let select = deps.db.selectFrom('orgs').selectAll('orgs');
  if (!isServerAdmin(principal)) {
    select = select
      .innerJoin('org_members', 'org_members.org', 'orgs.name')
      .where('org_members.user_id', '=', principal.id);
  }
  if (after !== undefined) select = select.where('orgs.name', '>', after);
  const rows = await select
    .orderBy('orgs.name')
    .limit(limit + 1)
    .execute();
  return pageOf(rows, limit, (row) => row.name, orgView);
}

/** Creates the org (and with it the pack scope `@<name>`); the caller becomes its owner. */
export async function createOrg(
  deps: UsersDeps,
  principal: Principal,
  audit: AuditContext,
  input: OrgCreateRequest,
  idempotencyKey: string | undefined,
): Promise<IdempotentResult<Org>> {
  if (principal.kind !== 'user') {
    throw forbidden(
      'service accounts cannot create orgs',
      'create the org as a user; a service account acts within the org that made it',
    );
  }
  return idempotent(
    deps,
    { callerId: principal.id, operation: 'createOrg', key: idempotencyKey, request: input },
    {
      run: async (trx) => {
        const taken = await trx
          .selectFrom('orgs')
          .select('name')
          .where('name', '=', input.name)
          .executeTakeFirst();
        if (taken !== undefined) throw orgTaken(input.name);
        const now = deps.now().toISOString();
        const row: OrgsTable = {
          name: input.name,
          display_name: input.displayName ?? null,
          description: input.description ?? null,
          created_at: now,
          updated_at: now,
        };
        await trx
          .insertInto('orgs')
          .values(row)
          .execute()
          .catch((error: unknown) => {
            throw isUniqueViolation(error) ? orgTaken(input.name) : error;
          });
        await trx
          .insertInto('org_members')
          .values({ org: input.name, user_id: principal.id, role: 'owner', created_at: now, updated_at: now })
          .execute();
        await recordAuditEvent(
          trx,
          {
            ...audit,
            action: 'org.create',
            target: `org:${input.name}`,
            org: input.name,
            outcome: 'success',
            details: { owner: principal.subject },
          },
          deps.now(),
        );
        return orgView(row);
      },
    },
  );
}

export async function getOrg(deps: UsersDeps, principal: Principal, name: string): Promise<Org> {
  return orgView((await accessOrg(deps, deps.db, principal, name)).org);
}

export async function updateOrg(
  deps: UsersDeps,
  principal: Principal,
  audit: AuditContext,
  name: string,
  patch: OrgUpdateRequest,
  ifMatch: string | undefined,
): Promise<Org> {
  return inTransaction(deps, async (trx) => {
    const access = await accessOrg(deps, trx, principal, name, { lock: true });
    requireRole(access, ['owner'], 'changing the org');
    assertIfMatch(ifMatch, etagOf(orgView(access.org)), `org ${name}`);
    const row: OrgsTable = {
      ...access.org,
      ...(patch.displayName === undefined ? {} : { display_name: patch.displayName }),
      ...(patch.description === undefined ? {} : { description: patch.description }),
      updated_at: deps.now().toISOString(),
    };
    await trx
      .updateTable('orgs')
      .set({ display_name: row.display_name, description: row.description, updated_at: row.updated_at })
      .where('name', '=', name)
      .execute();
    await recordAuditEvent(
      trx,
      {
        ...audit,
        action: 'org.update',
        target: `org:${name}`,
        org: name,
        outcome: 'success',
        details: { fields: Object.keys(patch) },
      },
      deps.now(),
    );
    return orgView(row);
  });
}

/** Deletes the org with its teams, memberships and invitations, unless packs are published under its scope. */
export async function deleteOrg(
  deps: UsersDeps,
  principal: Principal,
  audit: AuditContext,
  name: string,
  ifMatch: string | undefined,
): Promise<void> {
  // Asked before the transaction: the packs module reads through the store, which on SQLite is the
  // one connection the transaction would be holding.
  requireRole(await accessOrg(deps, deps.db, principal, name), ['owner'], 'deleting the org');
  if (await deps.scopeHasPacks(`@${name}`)) {
    throw conflict(
      `org "${name}" owns published packs under @${name}`,
      `an org that published packs stays, so nobody else can take @${name} and its pack names; deprecate or yank the versions instead`,
      { org: name, scope: `@${name}` },
    );
  }
  await inTransaction(deps, async (trx) => {
    const access = await accessOrg(deps, trx, principal, name, { lock: true });
    requireRole(access, ['owner'], 'deleting the org');
    assertIfMatch(ifMatch, etagOf(orgView(access.org)), `org ${name}`);
    const teams = trx.selectFrom('teams').select('id').where('org', '=', name);
    await trx.deleteFrom('team_members').where('team_id', 'in', teams).execute();
    await trx.deleteFrom('teams').where('org', '=', name).execute();
    await trx.deleteFrom('invitations').where('org', '=', name).execute();
    await trx.deleteFrom('org_members').where('org', '=', name).execute();
    await trx.deleteFrom('orgs').where('name', '=', name).execute();
    await recordAuditEvent(
      trx,
      { ...audit, action: 'org.delete', target: `org:${name}`, org: name, outcome: 'success', details: {} },
      deps.now(),
    );
  });
}

function orgTaken(name: string) {
  return conflict(`org name "${name}" is taken`, 'choose another name for the org', { org: name });
}
