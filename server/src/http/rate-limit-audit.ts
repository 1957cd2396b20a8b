import type { Store } from '@gtcx/core';
import { type AuditEventInput, recordAuditEvent } from '../modules/compliance/index.js';
import type { RateLimitDecision } from './rate-limit-limiter.js';

/** Where a refused request came from, for its audit event. */
export interface RefusedRequest extends Pick<AuditEventInput, 'actor' | 'ip' | 'requestId'> {
  operationId: string;
  transport: 'http' | 'grpc';
  /** The username a refused sign-in named. */
  username: string | undefined;
}

/** When each counter's current refusal was last audited: its window's end. */
export type AuditThrottle = Map<string, number>;

/** Past this many counters, those whose window has ended are forgotten. */
const throttleSize = 10_000;

export function createAuditThrottle(): AuditThrottle {
  return new Map();
}

/**
 * Audits a refusal by an audited policy (sign-in, OAuth, refused credentials) as `auth.rate_limited`,
 * once per counter and window in this process: a brute force at thousands of requests a minute must
 * not become thousands of rows. The audit log failing never turns the 429 into a 500; it is logged.
 */
export async function auditRateLimited(
  store: Store,
  decision: RateLimitDecision,
  where: RefusedRequest,
  throttle: AuditThrottle,
  logError: (error: unknown) => void,
): Promise<void> {
  const now = Date.now();
  if ((throttle.get(decision.key) ?? 0) > now) return;
  if (throttle.size >= throttleSize) forgetEnded(throttle, now);
  throttle.set(decision.key, now + decision.resetMs);
  try {
    await recordAuditEvent(store.db, {
      action: 'auth.rate_limited',
      actor: where.actor,
      ip: where.ip,
      requestId: where.requestId,
      target: where.username === undefined ? null : `user:${where.username}`,
      outcome: 'failure',
      details: {
        operation: where.operationId,
        transport: where.transport,
        policy: decision.policy.name,
        limit: decision.limit,
        windowSeconds: decision.windowSeconds,
        retryAfterSeconds: decision.retryAfterSeconds,
      },
    });
  } catch (error) {
    logError(error);
  }
}

function forgetEnded(throttle: AuditThrottle, now: number): void {
  for (const [key, until] of throttle) if (until <= now) throttle.delete(key);
  if (throttle.size >= throttleSize) throttle.clear();
}
