import { normalizeIP } from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import type { RateLimitSettings } from './rate-limit-settings.js';

/** One counter: how many requests `key(request)` may make per window. */
export interface RateLimitPolicy {
  /** Named in `RateLimit-Policy`, the problem and the audit event, e.g. `sign-in`. */
  name: string;
  /** 0: the policy is off. */
  max: number;
  /** "10 sign-in attempts per minute per IP address": what the 429 says was exceeded. */
  description: string;
  /** Sign-in and OAuth endpoints: refusals are audited (`auth.rate_limited`). */
  audited: boolean;
  /** The counter's key, policy included (limiters share one store); undefined when it does not apply. */
  key(request: FastifyRequest): string | undefined;
}

export interface RateLimitPolicies {
  /** Every limited request: per signed-in caller, or per IP address without credentials. */
  general: RateLimitPolicy[];
  /** By operationId: the stricter per-IP policy of sign-in and the OAuth endpoints. */
  strict: Record<string, RateLimitPolicy>;
  /** Password sign-in per username, counted once the body is parsed. */
  signInUser: RateLimitPolicy;
}

/** Probes are polled by load balancers and Prometheus: never limited. */
export const unlimitedOperations: ReadonlySet<string> = new Set(['getHealth', 'getReadiness', 'getMetrics']);

const strictOperations: Record<string, 'signIn' | 'oauth'> = {
  createSession: 'signIn',
  createDeviceAuthorization: 'signIn',
  createOAuthToken: 'oauth',
  revokeOAuthToken: 'oauth',
  introspectOAuthToken: 'oauth',
};

export function rateLimitPolicies(settings: RateLimitSettings): RateLimitPolicies {
  const window = windowText(settings.windowMs);
  const ip = (request: FastifyRequest) => normalizeIP(request.ip);
  const strict = Object.fromEntries(
    Object.entries(strictOperations).map(([operationId, tier]): [string, RateLimitPolicy] => {
      const max = settings[tier];
      const what = tier === 'signIn' ? 'sign-in attempts' : 'OAuth requests';
      return [
        operationId,
        {
          name: tier === 'signIn' ? 'sign-in' : 'oauth',
          max,
          description: `${max} ${what} ${window} per IP address`,
          audited: true,
          // Each operation counts on its own: polling the token endpoint does not use up sign-ins.
          key: (request) => `${operationId}:ip:${ip(request)}`,
        },
      ];
    }),
  );
  return {
    general: [
      {
        name: 'token',
        max: settings.perToken,
        description: `${settings.perToken} requests ${window} per signed-in caller`,
        audited: false,
        key: (request) => (request.principal === undefined ? undefined : `token:${request.principal.id}`),
      },
      {
        name: 'ip',
        max: settings.perIp,
        description: `${settings.perIp} requests ${window} per IP address without credentials`,
        audited: false,
        key: (request) => (request.principal === undefined ? `ip:${ip(request)}` : undefined),
      },
    ],
    strict,
    signInUser: {
      name: 'sign-in-user',
      max: settings.signIn,
      description: `${settings.signIn} sign-in attempts ${window} per username`,
      audited: true,
      key: (request) => {
        const username = signInUsername(request);
        return username === undefined ? undefined : `createSession:user:${username}`;
      },
    },
  };
}

/**
 * The username a sign-in names, if its body has one. It runs before contract validation, so it bounds
 * what it takes; usernames are lowercase by the contract.
 */
export function signInUsername(request: FastifyRequest): string | undefined {
  const username = (request.body as { username?: unknown } | undefined)?.username;
  return typeof username === 'string' && username !== '' ? username.toLowerCase().slice(0, 64) : undefined;
}

function windowText(windowMs: number): string {
  return windowMs === 60_000 ? 'per minute' : `per ${Math.ceil(windowMs / 1000)} seconds`;
}
