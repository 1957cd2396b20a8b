import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { auditContext } from '../modules/compliance/index.js';
import type { AppContext } from '../modules/types.js';
import { sendProblem } from './problem.js';
import {
  type RateLimitDecision,
  RateLimiter,
  rateLimitedError,
  serveRateLimiter,
  stopServingRateLimiter,
  tightestOf,
} from './rate-limit-limiter.js';
import { type Caller, policiesFor, type RateLimitPolicy, signInUsername } from './rate-limit-policies.js';
import type { RateLimitSettings } from './rate-limit-settings.js';

export {
  type CountOutcome,
  type RateLimitDecision,
  RateLimiter,
  rateLimitedError,
  rateLimiterServing,
} from './rate-limit-limiter.js';
export { type Caller, type RateLimitPolicy, signInUsername } from './rate-limit-policies.js';
export {
  defaultRateLimitSettings,
  type RateLimitSettings,
  resolveRateLimitSettings,
} from './rate-limit-settings.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The server's rate limits, which the auth gate and the gRPC server count through too. */
    rateLimiter: RateLimiter | undefined;
  }
}

/**
 * Rate limits for every operation of the contract but the probes: per signed-in user (the auth hook
 * has run) or per IP address, plus stricter per-IP limits on sign-in and the OAuth endpoints, and a
 * per-username limit on password sign-in. Requests the auth gate refuses count per IP address through
 * refuseRepeatedFailures and countRefusal. Counters live in Redis when REDIS_URL is set (one limit
 * across replicas) and in this process otherwise. Register after the auth hook, before the routes.
 */
export async function registerRateLimits(
  app: FastifyInstance,
  ctx: AppContext,
  settings: RateLimitSettings = ctx.config.rateLimits,
): Promise<void> {
  const limiter = new RateLimiter(settings, {
    store: ctx.store,
    redisUrl: ctx.config.redisUrl,
    log: app.log,
  });
  app.decorate('rateLimiter', limiter);
  serveRateLimiter(ctx.store, limiter);
  app.addHook('onReady', () => limiter.connect());
  app.addHook('onClose', async () => {
    stopServingRateLimiter(ctx.store, limiter);
    limiter.close();
  });

  /** What each request was counted against so far: its answer carries the tightest. */
  const counted = new WeakMap<FastifyRequest, RateLimitDecision[]>();
  const enforce = async (
    request: FastifyRequest,
    reply: FastifyReply,
    caller: Caller,
    policies: RateLimitPolicy[],
  ) => {
    const outcome = await limiter.count(caller, policies);
    if (outcome.refused !== undefined) {
      await refuse(limiter, request, reply, outcome.refused);
      return reply;
    }
    const all = [...(counted.get(request) ?? []), ...outcome.counted];
    counted.set(request, all);
    const tightest = tightestOf(all);
    if (tightest !== undefined) setRateLimitHeaders(reply, tightest);
    return undefined;
  };

  app.addHook('onRequest', async (request, reply) => {
    const caller = callerOf(request);
    if (caller === undefined) return undefined;
    return enforce(request, reply, caller, policiesFor(limiter.policies, caller.operationId));
  });
  // The username is in the body, parsed only now; a request refused per IP never got here.
  app.addHook('preValidation', async (request, reply) => {
    const caller = callerOf(request);
    if (caller?.operationId !== 'createSession') return;
    const username = signInUsername(request);
    return enforce(request, reply, { ...caller, username }, [limiter.policies.signInUser]);
  });
}

/**
 * For the auth gate, before it checks credentials: answers 429 when this address has had too many
 * requests refused this window, without looking at the credentials. True when it answered.
 * (A boolean, not the reply: a reply is thenable, so an async function returning it resolves empty.)
 */
export async function refuseRepeatedFailures(request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
  const limiter = request.server.rateLimiter;
  const caller = callerOf(request);
  if (limiter === undefined || caller === undefined) return false;
  const refused = await limiter.refusingCredentials(caller);
  if (refused === undefined) return false;
  await refuse(limiter, request, reply, refused);
  return true;
}

/**
 * For the auth gate, once it refused a request: counts the refusal against the address, and answers
 * 429 (audited once a window) instead of the 401 or 403 (audited each time) when that went over.
 * True when it answered.
 */
export async function countRefusal(request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
  const limiter = request.server.rateLimiter;
  const caller = callerOf(request);
  if (limiter === undefined || caller === undefined) return false;
  const refused = await limiter.countRefused(caller);
  if (refused === undefined) return false;
  await refuse(limiter, request, reply, refused);
  return true;
}

/** Undefined for what is not an operation of the contract (404s, the docs pages). */
function callerOf(request: FastifyRequest): Caller | undefined {
  const operationId = request.routeOptions.config.operation?.operationId;
  if (operationId === undefined) return undefined;
  return { operationId, ip: request.ip, principal: request.principal };
}

/**
 * Both generations of the IETF RateLimit header fields: `RateLimit` and `RateLimit-Policy` (the
 * contract's, structured fields of the current draft) and the `RateLimit-Limit`/`-Remaining`/`-Reset`
 * trio of the earlier drafts, which many clients still read.
 */
function setRateLimitHeaders(reply: FastifyReply, decision: RateLimitDecision): void {
  const { policy, limit, remaining, resetSeconds, windowSeconds } = decision;
  reply.header('ratelimit-policy', `"${policy.name}";q=${limit};w=${windowSeconds}`);
  reply.header('ratelimit', `"${policy.name}";r=${remaining};t=${resetSeconds}`);
  reply.header('ratelimit-limit', limit);
  reply.header('ratelimit-remaining', remaining);
  reply.header('ratelimit-reset', resetSeconds);
}

async function refuse(
  limiter: RateLimiter,
  request: FastifyRequest,
  reply: FastifyReply,
  decision: RateLimitDecision,
): Promise<void> {
  const operationId = request.routeOptions.config.operation?.operationId ?? '';
  await limiter.audit(
    decision,
    { ...auditContext(request), operationId, transport: 'http', username: signInUsername(request) },
    (err) => request.log.error({ err, operation: operationId }, 'could not audit a rate-limited request'),
  );
  request.log.info(
    { policy: decision.policy.name, key: decision.key, retryAfter: decision.retryAfterSeconds },
    'request refused: rate limited',
  );
  setRateLimitHeaders(reply, decision);
  reply.header('retry-after', decision.retryAfterSeconds);
  const error = rateLimitedError(decision, 'the Retry-After header');
  sendProblem(request, reply, {
    code: 'rate_limited',
    detail: error.message,
    hint: error.hint,
    extensions: error.details,
  });
}
