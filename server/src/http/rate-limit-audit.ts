import type { FastifyRequest } from 'fastify';
import { auditContext, recordAuditEvent } from '../modules/compliance/index.js';
import type { AppContext } from '../modules/types.js';
import type { RateLimitPolicy } from './rate-limit-policies.js';
import { signInUsername } from './rate-limit-policies.js';

interface Refusal {
  policy: RateLimitPolicy;
  limit: { key: string; max: number; timeWindow: number; ttl: number };
}

/** When each counter's current refusal was last audited: its window's end. */
export type AuditThrottle = Map<string, number>;

/** Past this many counters, those whose window has ended are forgotten. */
const throttleSize = 10_000;

export function createAuditThrottle(): AuditThrottle {
  return new Map();
}

/**
 * Audits a refused sign-in or OAuth request as `auth.rate_limited`, once per counter and window in
 * this process: a brute force at thousands of requests a minute must not become thousands of rows.
 * The audit log failing never turns the 429 into a 500; it is logged instead.
 */
export async function auditRateLimited(
  ctx: AppContext,
  request: FastifyRequest,
  { policy, limit }: Refusal,
  throttle: AuditThrottle,
): Promise<void> {
  const now = Date.now();
  if ((throttle.get(limit.key) ?? 0) > now) return;
  if (throttle.size >= throttleSize) forgetEnded(throttle, now);
  throttle.set(limit.key, now + limit.ttl);
  const operation = request.routeOptions.config.operation?.operationId ?? null;
  const username = signInUsername(request);
  try {
    await recordAuditEvent(ctx.store.db, {
      action: 'auth.rate_limited',
      ...auditContext(request),
      target: username === undefined ? null : `user:${username}`,
      outcome: 'failure',
      details: {
        operation,
        policy: policy.name,
        limit: limit.max,
        windowSeconds: Math.ceil(limit.timeWindow / 1000),
        retryAfterSeconds: Math.ceil(limit.ttl / 1000),
      },
    });
  } catch (error) {
    request.log.error({ err: error, operation }, 'could not audit a rate-limited request');
  }
}

function forgetEnded(throttle: AuditThrottle, now: number): void {
  for (const [key, until] of throttle) if (until <= now) throttle.delete(key);
  if (throttle.size >= throttleSize) throttle.clear();
}
