import type { FastifyInstance } from 'fastify';
import { sendProblem } from '../http/problem.js';
import type { SpecOperation } from '../spec/operations.js';
import { authenticate } from './admin-token.js';

/**
 * Refuses, before any body is read, every request to an operation whose contract lists a security
 * requirement, unless it carries valid credentials. Operations with `security: []` (or an empty
 * requirement, which OpenAPI reads as "anonymous allowed") stay public.
 */
export function registerAuth(
  app: FastifyInstance,
  operations: SpecOperation[],
  adminToken: string | undefined,
): void {
  const secured = new Set(operations.filter(requiresCredentials).map((operation) => operation.operationId));
  app.addHook('onRequest', async (request, reply) => {
    const operationId = request.routeOptions.config.operation?.operationId;
    if (operationId === undefined || !secured.has(operationId)) return;
    const outcome = authenticate(request.headers.authorization, adminToken);
    if ('principal' in outcome) return;
    const { error, challenge } = outcome.failure;
    request.log.info({ operationId, reason: error.message }, 'request refused: unauthenticated');
    reply.header('www-authenticate', challenge);
    return sendProblem(request, reply, { code: error.code, detail: error.message, hint: error.hint });
  });
}

export function requiresCredentials(operation: SpecOperation): boolean {
  return (
    operation.security.length > 0 &&
    operation.security.every((requirement) => Object.keys(requirement).length > 0)
  );
}
