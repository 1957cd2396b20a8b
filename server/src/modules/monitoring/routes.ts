import { problemContentType, problemFor } from '../../http/problem.js';
import type { OperationHandlers } from '../types.js';
import { checkReadiness } from './readiness.js';

export const monitoringHandlers: OperationHandlers = {
  getHealth: ({ ctx }) => ({
    status: 'ok',
    version: ctx.config.version,
    uptimeSeconds: (Date.now() - ctx.startedAt) / 1000,
  }),

  getReadiness: async ({ request, reply, ctx }) => {
    const checks = await checkReadiness(ctx.store);
    const failing = checks.filter((check) => check.status === 'failing');
    if (failing.length === 0) return { status: 'ready', checks };
    reply.code(503).type(problemContentType);
    return problemFor(request, {
      code: 'unavailable',
      detail: `Not ready: ${failing.map((check) => `${check.name} (${check.detail})`).join('; ')}`,
      hint: 'Check that the store is reachable (DATABASE_URL, or the data dir for SQLite) and see the server log',
      extensions: { checks },
    });
  },

  getMetrics: async ({ reply, ctx }) => {
    reply.type(ctx.metrics.contentType);
    return ctx.metrics.metrics();
  },

  getOpenApiDocument: ({ reply, ctx }) => {
    reply.type('application/yaml; charset=utf-8');
    return ctx.spec.text;
  },
};
