import type { FastifyInstance } from 'fastify';
import { sendProblem } from '../http/problem.js';
import { countRefusal, refuseRepeatedFailures } from '../http/rate-limit.js';
import { authenticateRequest } from '../modules/auth/index.js';
import type { AppContext } from '../modules/types.js';
import type { SpecOperation } from '../spec/operations.js';
import { admit, auditRefusal } from './gate.js';
import { requirementOf, requirementsOf } from './requirements.js';
import './request.js';

/**
 * Before any body is read, every request to an operation that declares a security requirement must
 * carry a valid bearer token holding the operation's scope: otherwise 401 (no or bad credentials) or
 * 403 (valid but lacking the scope, or used from outside its networks), as problem+json, audited.
 * Public operations (`security: []`) never look at the Authorization header: the OAuth endpoints
 * read their own client credentials there, and a stale token must not break them. Refusals count
 * against the caller's address: past the limit, 429 (audited once a window) without checking anything.
 */
export function registerAuth(app: FastifyInstance, operations: SpecOperation[], ctx: AppContext): void {
  const requirements = requirementsOf(operations);
  app.decorateRequest('principal', undefined);
  app.addHook('onRequest', async (request, reply) => {
    const operationId = request.routeOptions.config.operation?.operationId;
    if (operationId === undefined) return;
    const requirement = requirements.get(operationId);
    if (requirement === undefined || requirement.public) return;
    if (await refuseRepeatedFailures(request, reply)) return reply;
    const admission = admit(requirement, await authenticateRequest(ctx, request));
    if ('principal' in admission) {
      request.principal = admission.principal;
      return;
    }
    const { refusal } = admission;
    if (await countRefusal(request, reply)) return reply;
    request.log.info({ operationId, reason: refusal.reason }, 'request refused');
    await auditRefusal(
      ctx.store,
      refusal,
      { operationId, transport: 'http', ip: request.ip, requestId: request.id },
      (err) => request.log.error({ err }, 'could not audit a refused request'),
    );
    if (refusal.challenge !== undefined) reply.header('www-authenticate', refusal.challenge);
    return sendProblem(request, reply, {
      code: refusal.error.code,
      detail: refusal.error.message,
      hint: refusal.error.hint,
    });
  });
}

/** Whether the operation refuses anonymous callers. */
export function requiresCredentials(operation: SpecOperation): boolean {
  return !requirementOf(operation).public;
}
