import { GtcxError, isGtcxError } from '@gtcx/core';
import { isServerAdmin, type Principal } from '../../auth/principal.js';
import { principalOf } from '../../auth/request.js';
import type { AppContext, OperationHandlers } from '../types.js';
import { usersServiceFor } from '../users/index.js';
import { type AuditFilters, type AuditPage, listAuditEvents } from './audit-log.js';

type AuditQuery = AuditFilters & AuditPage;

export const complianceHandlers: OperationHandlers = {
  listAuditEvents: async ({ request, ctx }) => {
    const principal = principalOf(request);
    const { limit, cursor, ...filters } = request.query as AuditQuery;
    await authorizeAuditRead(ctx, principal, filters.org);
    return listAuditEvents(ctx.store.db, filters, { limit, cursor }).catch(inQuerystring);
  },
};

/**
 * Server admins read every event; anyone else reads one org's events, and only as its owner. A
 * non-member learns nothing about whether the org exists: the same 403 as a member's.
 */
async function authorizeAuditRead(
  ctx: AppContext,
  principal: Principal,
  org: string | undefined,
): Promise<void> {
  if (isServerAdmin(principal)) return;
  if (org === undefined) {
    throw new GtcxError('forbidden', 'Reading the whole audit log is for server admins', {
      hint: 'pass org=<name> to read the events of an org you own (gtcx audit list --org <name>)',
    });
  }
  const role = await usersServiceFor(ctx).orgRoleOf(principal.id, org);
  if (role === 'owner') return;
  throw new GtcxError('forbidden', `Only owners of org "${org}" (and server admins) may read its audit log`, {
    hint: `ask an owner of ${org} for the owner role, or to read the log for you`,
    details: { org, role: role ?? null, required: ['owner'] },
  });
}

/** The service names bad fields bare (`cursor`); the problem names them as the request carried them. */
function inQuerystring(error: unknown): never {
  const errors = isGtcxError(error) ? error.details?.errors : undefined;
  if (!isGtcxError(error) || !Array.isArray(errors)) throw error;
  throw new GtcxError(error.code, error.message, {
    ...(error.hint === undefined ? {} : { hint: error.hint }),
    details: {
      ...error.details,
      errors: errors.map((entry: { field: string; message: string }) => ({
        field: `querystring.${entry.field}`,
        message: entry.message,
      })),
    },
    cause: error,
  });
}
