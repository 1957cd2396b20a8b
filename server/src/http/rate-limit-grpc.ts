import type { Principal } from '../auth/principal.js';
import { type GrpcError, toGrpcError } from '../grpc/errors.js';
import { type RateLimitDecision, type RateLimiter, rateLimitedError } from './rate-limit-limiter.js';
import { type Caller, policiesFor } from './rate-limit-policies.js';

/** A gRPC call as the limiter sees it. */
export interface LimitedCall {
  operationId: string;
  ip: string | undefined;
}

/**
 * The HTTP limits applied to gRPC calls, through the same limiter and counters: each function answers
 * undefined when the call may go on, or the RESOURCE_EXHAUSTED error to end it with (metadata
 * `gtcx-code: rate_limited` and `retry-after` in seconds), already audited where the policy is.
 */
export class GrpcRateLimits {
  readonly #limiter: RateLimiter;
  readonly #logError: (error: unknown) => void;

  constructor(limiter: RateLimiter, logError: ((error: unknown) => void) | undefined) {
    this.#limiter = limiter;
    this.#logError = logError ?? (() => {});
  }

  /** An admitted call (principal) or a public one (none): per user or per IP, plus the operation's own. */
  async count(call: LimitedCall, principal: Principal | undefined): Promise<GrpcError | undefined> {
    const caller: Caller = { ...call, principal };
    const { refused } = await this.#limiter.count(
      caller,
      policiesFor(this.#limiter.policies, call.operationId),
    );
    return refused === undefined ? undefined : this.#refuse(call, principal, refused);
  }

  /** Before credentials are checked: refused when this address had too many calls refused. */
  async refusingCredentials(call: LimitedCall): Promise<GrpcError | undefined> {
    const refused = await this.#limiter.refusingCredentials({ ...call, principal: undefined });
    return refused === undefined ? undefined : this.#refuse(call, undefined, refused);
  }

  /** After the auth gate refused the call: counts it, refused in its stead when that went over. */
  async countRefused(call: LimitedCall): Promise<GrpcError | undefined> {
    const refused = await this.#limiter.countRefused({ ...call, principal: undefined });
    return refused === undefined ? undefined : this.#refuse(call, undefined, refused);
  }

  async #refuse(
    call: LimitedCall,
    principal: Principal | undefined,
    decision: RateLimitDecision,
  ): Promise<GrpcError> {
    await this.#limiter.audit(
      decision,
      {
        actor: principal === undefined ? null : { kind: principal.kind, subject: principal.subject },
        ip: call.ip ?? null,
        requestId: null,
        operationId: call.operationId,
        transport: 'grpc',
        username: undefined,
      },
      this.#logError,
    );
    const error = toGrpcError(rateLimitedError(decision, 'the retry-after metadata'));
    error.metadata?.set('retry-after', String(decision.retryAfterSeconds));
    return error;
  }
}
