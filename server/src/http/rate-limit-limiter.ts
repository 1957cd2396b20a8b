import { GtcxError, type Store } from '@gtcx/core';
import type { FastifyBaseLogger } from 'fastify';
import { auditRateLimited, createAuditThrottle, type RefusedRequest } from './rate-limit-audit.js';
import { type Counters, MemoryCounters } from './rate-limit-counters.js';
import {
  type Caller,
  type RateLimitPolicies,
  type RateLimitPolicy,
  rateLimitPolicies,
} from './rate-limit-policies.js';
import { RedisCounters } from './rate-limit-redis.js';
import type { RateLimitSettings } from './rate-limit-settings.js';

/** One counter's verdict on one request. */
export interface RateLimitDecision {
  policy: RateLimitPolicy;
  /** The counter's key (policy and caller), e.g. `ip:10.0.0.1`. */
  key: string;
  allowed: boolean;
  /** The policy's requests per window. */
  limit: number;
  remaining: number;
  /** Whole seconds until the window resets, as RateLimit-Reset says. */
  resetSeconds: number;
  resetMs: number;
  windowSeconds: number;
  /** Retry-After of a refusal: never 0, which clients read as "retry now". */
  retryAfterSeconds: number;
}

export interface CountOutcome {
  /** The first policy the call exceeded; it was not counted against the policies after it. */
  refused: RateLimitDecision | undefined;
  /** The policies that counted the call and allowed it. */
  counted: RateLimitDecision[];
}

export interface RateLimiterOptions {
  /** Where `auth.rate_limited` events go. */
  store: Store;
  /** Counters in Redis when set, shared by every replica; in this process otherwise. */
  redisUrl: string | undefined;
  log: FastifyBaseLogger;
}

/**
 * The rate limits of one server, for HTTP and gRPC alike: both transports count through this one
 * instance (and so one set of counters), so a caller cannot double its allowance by switching.
 * A counter that cannot be reached (Redis down) lets the call through uncounted; the counters log it.
 */
export class RateLimiter {
  readonly settings: RateLimitSettings;
  readonly policies: RateLimitPolicies;
  readonly #counters: Counters;
  readonly #store: Store;
  readonly #throttle = createAuditThrottle();

  constructor(settings: RateLimitSettings, options: RateLimiterOptions) {
    this.settings = settings;
    this.policies = rateLimitPolicies(settings);
    this.#store = options.store;
    this.#counters =
      options.redisUrl === undefined
        ? new MemoryCounters()
        : new RedisCounters(options.redisUrl, settings.namespace, options.log);
  }

  /** Counts one request against the policy; undefined when the policy is off or nothing could count it. */
  async consume(policy: RateLimitPolicy, key: string): Promise<RateLimitDecision | undefined> {
    if (policy.max === 0) return undefined;
    const count = await this.#counters.hit(key, this.settings.windowMs).catch(() => undefined);
    if (count === undefined || count.ttl <= 0) return undefined;
    return this.#decision(policy, key, count.current <= policy.max, count.current, count.ttl);
  }

  /** Counts the call against each policy that applies to it, stopping at the first one it exceeds. */
  async count(caller: Caller, policies: RateLimitPolicy[]): Promise<CountOutcome> {
    const counted: RateLimitDecision[] = [];
    for (const policy of policies) {
      const key = policy.key(caller);
      if (key === undefined) continue;
      const decision = await this.consume(policy, key);
      if (decision === undefined) continue;
      if (!decision.allowed) return { refused: decision, counted };
      counted.push(decision);
    }
    return { refused: undefined, counted };
  }

  /**
   * Before credentials are checked: the refusal when the caller's address has had as many requests
   * refused by the auth gate as it may this window. Checking nothing more is the point: a valid guess
   * must not answer differently from a wrong one.
   */
  async refusingCredentials(caller: Caller): Promise<RateLimitDecision | undefined> {
    const policy = this.policies.authFailures;
    const key = policy.key(caller);
    if (policy.max === 0 || key === undefined) return undefined;
    const count = await this.#counters.peek(key).catch(() => undefined);
    if (count === undefined || count.current < policy.max) return undefined;
    return this.#decision(policy, key, false, count.current, count.ttl);
  }

  /** After the auth gate refused the call: counts it, and answers the refusal when that went over. */
  async countRefused(caller: Caller): Promise<RateLimitDecision | undefined> {
    const policy = this.policies.authFailures;
    const key = policy.key(caller);
    if (key === undefined) return undefined;
    const decision = await this.consume(policy, key);
    return decision?.allowed === false ? decision : undefined;
  }

  /** Audits a refusal of an audited policy as `auth.rate_limited`, once per counter and window. */
  async audit(decision: RateLimitDecision, where: RefusedRequest, logError: (error: unknown) => void) {
    if (!decision.policy.audited) return;
    await auditRateLimited(this.#store, decision, where, this.#throttle, logError);
  }

  /** Connects to Redis, waiting a moment at most: the server starts, uncounted, with Redis down. */
  connect(): Promise<void> {
    return this.#counters.connect();
  }

  close(): void {
    this.#counters.close();
  }

  #decision(
    policy: RateLimitPolicy,
    key: string,
    allowed: boolean,
    current: number,
    ttl: number,
  ): RateLimitDecision {
    const resetSeconds = Math.ceil(ttl / 1000);
    return {
      policy,
      key,
      allowed,
      limit: policy.max,
      remaining: allowed ? Math.max(0, policy.max - current) : 0,
      resetSeconds,
      resetMs: ttl,
      windowSeconds: Math.ceil(this.settings.windowMs / 1000),
      retryAfterSeconds: Math.max(1, resetSeconds),
    };
  }
}

/** The policy closest to refusing: the one a client should pace itself by. */
export function tightestOf(decisions: RateLimitDecision[]): RateLimitDecision | undefined {
  return decisions.reduce<RateLimitDecision | undefined>((tightest, decision) => {
    if (tightest === undefined) return decision;
    return decision.remaining < tightest.remaining ||
      (decision.remaining === tightest.remaining && decision.limit < tightest.limit)
      ? decision
      : tightest;
  }, undefined);
}

/**
 * The error a refused call ends with, on either transport. `retryAfterIn` names where the client
 * finds the wait: the Retry-After header, or the retry-after metadata.
 */
export function rateLimitedError(decision: RateLimitDecision, retryAfterIn: string): GtcxError {
  const seconds = decision.retryAfterSeconds;
  return new GtcxError('rate_limited', `Too many requests: the limit is ${decision.policy.description}`, {
    hint: `Retry in ${seconds} second${seconds === 1 ? '' : 's'} (${retryAfterIn} says when)`,
    details: { policy: decision.policy.name, retryAfterSeconds: seconds },
  });
}

/**
 * The limiter of the HTTP app serving each store. The gRPC server is started beside the app on the
 * same store and finds the app's limiter here, so both count through the same counters.
 */
const limitersByStore = new WeakMap<Store, RateLimiter>();

export function serveRateLimiter(store: Store, limiter: RateLimiter): void {
  limitersByStore.set(store, limiter);
}

export function stopServingRateLimiter(store: Store, limiter: RateLimiter): void {
  if (limitersByStore.get(store) === limiter) limitersByStore.delete(store);
}

/** The limiter of the HTTP app built on this store, if one is running. */
export function rateLimiterServing(store: Store): RateLimiter | undefined {
  return limitersByStore.get(store);
}
