import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { GtcxError } from '@gtcx/core';
import type { components } from '@gtcx/sdk';
import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Principal } from '../../auth/principal.js';
import { recordAuditEvent } from '../compliance/audit.js';
import { accessOrg, requireRole } from './access.js';
import { type AuditContext, inTransaction, type UsersDeps } from './context.js';
import { conflict, forbidden, userNotFound } from './errors.js';
import { type IdempotentResult, idempotent } from './idempotency.js';
import { type Page, type PageQuery, pageOf, pageSize, timeAfter } from './pages.js';
import type { InvitationsTable, UsersDb } from './tables.js';
import { getUserByName } from './users.js';
import {
  type CreatedInvitation,
  type Invitation,
  invitationView,
  type Membership,
  membershipView,
} from './views.js';

type InvitationCreateRequest = components['schemas']['InvitationCreateRequest'];

/** Invitation tokens: prefixed so secret scanners find them, 256 random bits. */
export const invitationTokenPrefix = 'gtcx_inv_';
const defaultLifetimeDays = 7;
const dayMs = 24 * 60 * 60 * 1000;

/** The org's pending invitations (neither accepted, cancelled nor expired), newest first. Owners only. */
export async function listInvitations(
  deps: UsersDeps,
  principal: Principal,
  org: string,
  query: PageQuery,
): Promise<Page<Invitation>> {
  requireRole(await accessOrg(deps, deps.db, principal, org), ['owner'], 'listing invitations');
  const limit = pageSize(query);
  const after = timeAfter(query);
  let select = deps.db.selectFrom('invitations').selectAll().where(isPending(deps)).where('org', '=', org);
  if (after !== undefined) {
    select = select.where((eb) =>
      eb.or([
        eb('created_at', '<', after.createdAt),
        eb.and([eb('created_at', '=', after.createdAt), eb('id', '<', after.id)]),
      ]),
    );
  }
  const rows = await select
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  return pageOf(rows, limit, (row) => `${row.created_at} ${row.id}`, invitationView);
}

/**
 * Invites someone with a role. The token is in this answer only: the server keeps its sha256. A retry
 * with the same Idempotency-Key answers the same invitation with a fresh token, which replaces the
 * first (whose answer the client evidently lost).
 */
export async function createInvitation(
  deps: UsersDeps,
  principal: Principal,
  audit: AuditContext,
  org: string,
  input: InvitationCreateRequest,
  idempotencyKey: string | undefined,
): Promise<IdempotentResult<CreatedInvitation>> {
  requireRole(await accessOrg(deps, deps.db, principal, org), ['owner'], 'inviting people');
  return idempotent(
    deps,
    {
      callerId: principal.id,
      operation: 'createInvitation',
      key: idempotencyKey,
      request: { org, ...input },
    },
    {
      run: (trx) => insertInvitation(deps, trx, principal, audit, org, input),
      keep: (answer) => answer.invitation,
      replay: (kept, trx) => reissue(deps, trx, kept as Invitation),
    },
  );
}

async function insertInvitation(
  deps: UsersDeps,
  trx: Kysely<UsersDb>,
  principal: Principal,
  audit: AuditContext,
  org: string,
  input: InvitationCreateRequest,
): Promise<CreatedInvitation> {
  if (input.username !== undefined) {
    const invitee = await getUserByName(trx, input.username);
    if (invitee === undefined || invitee.kind !== 'user') throw userNotFound(input.username);
    const member = await trx
      .selectFrom('org_members')
      .select('role')
      .where('org', '=', org)
      .where('user_id', '=', invitee.id)
      .executeTakeFirst();
    if (member !== undefined) {
      throw conflict(
        `"${input.username}" is already a member of org "${org}" (as ${member.role})`,
        `change their role instead: PUT /v1/orgs/${org}/members/${input.username}`,
        { org, username: input.username, role: member.role },
      );
    }
  }
  const token = newToken();
  const now = deps.now();
  const row: InvitationsTable = {
    id: randomUUID(),
    org,
    role: input.role,
    username: input.username ?? null,
    email: input.email ?? null,
    token_hash: tokenHash(token),
    invited_by: principal.subject,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + (input.expiresInDays ?? defaultLifetimeDays) * dayMs).toISOString(),
    accepted_at: null,
    accepted_by: null,
    cancelled_at: null,
  };
  await trx.insertInto('invitations').values(row).execute();
  await recordAuditEvent(
    trx,
    {
      ...audit,
      action: 'invitation.create',
      target: `org:${org}`,
      org,
      outcome: 'success',
      details: { invitationId: row.id, role: row.role, username: row.username, email: row.email },
    },
    deps.now(),
  );
  return { invitation: invitationView(row), secret: token };
}

async function reissue(
  deps: UsersDeps,
  trx: Kysely<UsersDb>,
  invitation: Invitation,
): Promise<CreatedInvitation> {
  const token = newToken();
  const updated = await trx
    .updateTable('invitations')
    .where(isPending(deps))
    .set({ token_hash: tokenHash(token) })
    .where('id', '=', invitation.id)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) {
    throw conflict(
      `the invitation this Idempotency-Key created (${invitation.id}) is no longer pending`,
      'it was accepted, cancelled or has expired; create a new invitation with a new Idempotency-Key',
      { invitationId: invitation.id },
    );
  }
  return { invitation, secret: token };
}

/** Cancels a pending invitation: its token stops working. Owners only. */
export async function deleteInvitation(
  deps: UsersDeps,
  principal: Principal,
  audit: AuditContext,
  org: string,
  id: string,
): Promise<void> {
  await inTransaction(deps, async (trx) => {
    requireRole(await accessOrg(deps, trx, principal, org), ['owner'], 'cancelling invitations');
    const cancelled = await trx
      .updateTable('invitations')
      .where(isPending(deps))
      .set({ cancelled_at: deps.now().toISOString() })
      .where('org', '=', org)
      .where('id', '=', id)
      .executeTakeFirst();
    if (Number(cancelled.numUpdatedRows) === 0) {
      throw new GtcxError('not_found', `org "${org}" has no pending invitation ${id}`, {
        hint: `list the pending invitations (GET /v1/orgs/${org}/invitations); accepted and expired ones cannot be cancelled`,
        details: { org, invitationId: id },
      });
    }
    await recordAuditEvent(
      trx,
      {
        ...audit,
        action: 'invitation.cancel',
        target: `org:${org}`,
        org,
        outcome: 'success',
        details: { invitationId: id },
      },
      deps.now(),
    );
  });
}

/**
 * The signed-in caller joins the org with the invited role. The token works once: it is spent by a
 * conditional update, so two acceptances racing each other cannot both join.
 */
export async function acceptInvitation(
  deps: UsersDeps,
  principal: Principal,
  audit: AuditContext,
  token: string,
  idempotencyKey: string | undefined,
): Promise<IdempotentResult<Membership>> {
  if (principal.kind !== 'user') {
    throw forbidden(
      'service accounts cannot accept invitations',
      'accept the invitation signed in as a user',
    );
  }
  return idempotent(
    deps,
    {
      callerId: principal.id,
      operation: 'acceptInvitation',
      key: idempotencyKey,
      request: { token: tokenHash(token) },
    },
    { run: (trx) => accept(deps, trx, principal, audit, token) },
  );
}

async function accept(
  deps: UsersDeps,
  trx: Kysely<UsersDb>,
  principal: Principal,
  audit: AuditContext,
  token: string,
): Promise<Membership> {
  const invitation = await trx
    .selectFrom('invitations')
    .selectAll()
    .where(isPending(deps))
    .where('token_hash', '=', tokenHash(token))
    .executeTakeFirst();
  if (invitation === undefined) throw invitationNotFound();
  await assertAddressee(trx, invitation, principal);
  const member = await trx
    .selectFrom('org_members')
    .select('role')
    .where('org', '=', invitation.org)
    .where('user_id', '=', principal.id)
    .executeTakeFirst();
  if (member !== undefined) {
    throw conflict(
      `you are already a member of org "${invitation.org}" (as ${member.role})`,
      'an owner can change your role; the invitation stays unused',
      { org: invitation.org, role: member.role },
    );
  }
  const now = deps.now().toISOString();
  const spent = await trx
    .updateTable('invitations')
    .where(isPending(deps))
    .set({ accepted_at: now, accepted_by: principal.subject })
    .where('id', '=', invitation.id)
    .executeTakeFirst();
  if (Number(spent.numUpdatedRows) === 0) throw invitationNotFound();
  await trx
    .insertInto('org_members')
    .values({
      org: invitation.org,
      user_id: principal.id,
      role: invitation.role,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await recordAuditEvent(
    trx,
    {
      ...audit,
      action: 'invitation.accept',
      target: `org:${invitation.org}`,
      org: invitation.org,
      outcome: 'success',
      details: { invitationId: invitation.id, role: invitation.role, invitedBy: invitation.invited_by },
    },
    deps.now(),
  );
  return membershipView({
    org: invitation.org,
    username: principal.subject,
    role: invitation.role,
    created_at: now,
    updated_at: now,
  });
}

/**
 * An invitation naming a username is for that user only; one sent to an email address is for the user
 * with that address, so a forwarded token does not let someone else in.
 */
async function assertAddressee(
  trx: Kysely<UsersDb>,
  invitation: InvitationsTable,
  principal: Principal,
): Promise<void> {
  if (invitation.username !== null && invitation.username !== principal.subject) {
    throw forbidden(
      'this invitation is addressed to another user',
      `sign in as the invited user, or ask an owner of ${invitation.org} to invite you by username`,
      { org: invitation.org },
    );
  }
  if (invitation.username === null && invitation.email !== null) {
    const caller = await trx
      .selectFrom('users')
      .select('email')
      .where('id', '=', principal.id)
      .executeTakeFirst();
    if (caller?.email?.toLowerCase() !== invitation.email.toLowerCase()) {
      throw forbidden(
        "this invitation was sent to an email address that is not your account's",
        `set that address on your account, or ask an owner of ${invitation.org} to invite you by username`,
        { org: invitation.org },
      );
    }
  }
}

/** Pending invitations: not accepted, not cancelled, not expired. */
function isPending(deps: UsersDeps) {
  const now = deps.now().toISOString();
  return (eb: ExpressionBuilder<UsersDb, 'invitations'>) =>
    eb.and([eb('accepted_at', 'is', null), eb('cancelled_at', 'is', null), eb('expires_at', '>', now)]);
}

function newToken(): string {
  return `${invitationTokenPrefix}${randomBytes(32).toString('base64url')}`;
}

/** Tokens carry 256 random bits, so a plain sha256 is enough to keep them unguessable at rest. */
function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function invitationNotFound(): GtcxError {
  return new GtcxError(
    'not_found',
    'no pending invitation has this token: it is unknown, expired, cancelled or used',
    {
      hint: 'ask an owner of the org for a new invitation',
    },
  );
}
