import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../modules/types.js';
import { sendProblem } from './problem.js';
import { auditRateLimited, createAuditThrottle } from './rate-limit-audit.js';
import { type RateLimitPolicy, rateLimitPolicies, unlimitedOperations } from './rate-limit-policies.js';
import { RedisCounters } from './rate-limit-redis.js';
import { type RateLimitSettings, resolveRateLimitSettings } from './rate-limit-settings.js';

export { type RateLimitPolicy, signInUsername } from './rate-limit-policies.js';
export {
  defaultRateLimitSettings,
  type RateLimitSettings,
  resolveRateLimitSettings,
} from './rate-limit-settings.js';

type Limit = Awaited<ReturnType<ReturnType<FastifyInstance['createRateLimit']>>>;
type Counted = Extract<Limit, { isAllowed: false }>;

interface Outcome {
  policy: RateLimitPolicy;
  limit: Counted;
}

/**
 * Rate limits for every operation of the contract but the probes: per signed-in caller (the auth hook
 * has run) or per IP address, plus stricter per-IP limits on sign-in and the OAuth endpoints, and a
 * per-username limit on password sign-in. Counters live in Redis when REDIS_URL is set (one limit
 * across replicas) and in this process otherwise. Register after the auth hook, before the routes.
 */
export async function registerRateLimits(
  app: FastifyInstance,
  ctx: AppContext,
  settings: RateLimitSettings = ctx.config.rateLimits,
): Promise<void> {
  const counters =
    ctx.config.redisUrl === undefined
      ? undefined
      : new RedisCounters(ctx.config.redisUrl, settings.namespace, app.log);
  await app.register(fastifyRateLimit, {
    // Limits are applied by the hooks below (several per request), not per route by the plugin.
    global: false,
    timeWindow: settings.windowMs,
    // A Redis outage must not take the API down: the request goes through uncounted (and is logged).
    skipOnError: true,
    ...(counters === undefined ? {} : { store: counters.storeClass() }),
  });
  if (counters !== undefined) {
    app.addHook('onReady', () => counters.connect());
    app.addHook('onClose', async () => counters.close());
  }

  const policies = rateLimitPolicies(settings);
  const limiters = new Map(
    [...policies.general, ...Object.values(policies.strict), policies.signInUser].map((policy) => [
      policy,
      app.createRateLimit({ max: policy.max, timeWindow: settings.windowMs, keyGenerator: keyOf(policy) }),
    ]),
  );
  const outcomes = new WeakMap<FastifyRequest, Outcome[]>();
  const throttle = createAuditThrottle();

  /** Counts the request against each policy that applies; answers 429 at the first one exceeded. */
  const enforce = async (request: FastifyRequest, reply: FastifyReply, applying: RateLimitPolicy[]) => {
    const counted = outcomes.get(request) ?? [];
    outcomes.set(request, counted);
    for (const policy of applying) {
      if (policy.max === 0 || policy.key(request) === undefined) continue;
      const limit = await limiters.get(policy)?.(request);
      // No count (Redis down, skipped): no headers rather than made-up ones.
      if (limit === undefined || limit.isAllowed || limit.ttl <= 0) continue;
      const outcome = { policy, limit };
      if (limit.isExceeded) {
        setRateLimitHeaders(reply, outcome, settings);
        if (policy.audited) await auditRateLimited(ctx, request, outcome, throttle);
        return refuse(request, reply, outcome);
      }
      counted.push(outcome);
    }
    const tightest = tightestOf(counted);
    if (tightest !== undefined) setRateLimitHeaders(reply, tightest, settings);
    return undefined;
  };

  app.addHook('onRequest', async (request, reply) => {
    const operationId = request.routeOptions.config.operation?.operationId;
    if (operationId === undefined || unlimitedOperations.has(operationId)) return;
    const strict = policies.strict[operationId];
    return enforce(request, reply, strict === undefined ? policies.general : [...policies.general, strict]);
  });
  // The username is in the body, parsed only now; a request refused per IP never got here.
  app.addHook('preValidation', async (request, reply) => {
    if (request.routeOptions.config.operation?.operationId !== 'createSession') return;
    return enforce(request, reply, [policies.signInUser]);
  });
}

function keyOf(policy: RateLimitPolicy): (request: FastifyRequest) => string {
  return (request) => policy.key(request) ?? '';
}

/** The policy closest to refusing: the one a client should pace itself by. */
function tightestOf(outcomes: Outcome[]): Outcome | undefined {
  return outcomes.reduce<Outcome | undefined>((tightest, outcome) => {
    if (tightest === undefined) return outcome;
    const [a, b] = [outcome.limit, tightest.limit];
    return a.remaining < b.remaining || (a.remaining === b.remaining && a.max < b.max) ? outcome : tightest;
  }, undefined);
}

/**
 * Both generations of the IETF RateLimit header fields: `RateLimit` and `RateLimit-Policy` (the
 * contract's, structured fields of the current draft) and the `RateLimit-Limit`/`-Remaining`/`-Reset`
 * trio of the earlier drafts, which many clients still read.
 */
function setRateLimitHeaders(
  reply: FastifyReply,
  { policy, limit }: Outcome,
  settings: RateLimitSettings,
): void {
  const remaining = limit.isExceeded ? 0 : limit.remaining;
  const reset = limit.ttlInSeconds;
  reply.header(
    'ratelimit-policy',
    `"${policy.name}";q=${limit.max};w=${Math.ceil(settings.windowMs / 1000)}`,
  );
  reply.header('ratelimit', `"${policy.name}";r=${remaining};t=${reset}`);
  reply.header('ratelimit-limit', limit.max);
  reply.header('ratelimit-remaining', remaining);
  reply.header('ratelimit-reset', reset);
}

function refuse(request: FastifyRequest, reply: FastifyReply, { policy, limit }: Outcome): FastifyReply {
  const seconds = Math.max(1, limit.ttlInSeconds);
  request.log.info(
    { policy: policy.name, key: limit.key, retryAfter: seconds },
    'request refused: rate limited',
  );
  reply.header('retry-after', seconds);
  return sendProblem(request, reply, {
    code: 'rate_limited',
    detail: `Too many requests: the limit is ${policy.description}`,
    hint: `Retry in ${seconds} second${seconds === 1 ? '' : 's'} (the Retry-After header says when)`,
    extensions: { policy: policy.name, retryAfterSeconds: seconds },
  });
}
