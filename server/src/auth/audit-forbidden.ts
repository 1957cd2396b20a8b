import { isGtcxError } from '@gtcx/core';
import type { FastifyInstance } from 'fastify';
import { auditContext, recordAuditEvent } from '../modules/compliance/index.js';
import type { AppContext } from '../modules/types.js';

/**
 * The gate audits the refusals it makes itself (no token, a bad one, a missing scope); this records
 * the ones modules make on a valid token — a role too low, a pack outside the token's pack scopes,
 * an org the caller is not in — so every refused attempt to act is in the audit log.
 */
export function auditForbiddenAnswers(app: FastifyInstance, ctx: AppContext): void {
  app.addHook('onError', async (request, _reply, error) => {
    if (!isGtcxError(error) || error.code !== 'forbidden') return;
    const operationId = request.routeOptions.config.operation?.operationId;
    try {
      await recordAuditEvent(ctx.store.db, {
        ...auditContext(request),
        action: 'access.denied',
        target: operationId === undefined ? null : `operation:${operationId}`,
        org: typeof error.details?.org === 'string' ? error.details.org : null,
        outcome: 'failure',
        details: { reason: error.message, url: request.url.split('?')[0] },
      });
    } catch (failure) {
      // The refusal stands whether or not its record could be written.
      request.log.error({ err: failure }, 'could not record a refused request in the audit log');
    }
  });
}
