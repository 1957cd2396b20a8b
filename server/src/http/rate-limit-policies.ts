import { normalizeIP } from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../auth/principal.js';
import type { RateLimitSettings } from './rate-limit-settings.js';

/** Who is calling what, the same for an HTTP request and a gRPC call. */
export interface Caller {
  operationId: string;
  /** The peer address; undefined for a gRPC call over a Unix socket. */
  ip: string | undefined;
  /** Set once the auth gate admitted valid credentials. */
  principal: Principal | undefined;
  /** The username a password sign-in names, once its body is parsed. */
  username?: string | undefined;
}

/** One counter: how many requests `key(request)` may make per window. */
export interface RateLimitPolicy {
  /** Named in `RateLimit-Policy`, the problem and the audit event, e.g. `sign-in`. */
  name: string;
  /** 0: the policy is off. */
  max: number;
  /** "10 sign-in attempts per minute per IP address": what the 429 says was exceeded. */
  description: string;
  /** Sign-in, OAuth and refused credentials: refusals are audited (`auth.rate_limited`), once a window. */
  audited: boolean;
  /** The counter's key, policy included (policies share one store); undefined when it does not apply. */
  key(caller: Caller): string | undefined;
}

export interface RateLimitPolicies {
  /** Every limited request: per signed-in caller, or per IP address without credentials. */
  general: RateLimitPolicy[];
  /** By operationId: the stricter per-IP policy of sign-in and the OAuth endpoints. */
  strict: Record<string, RateLimitPolicy>;
  /** Password sign-in per username, counted once the body is parsed. */
  signInUser: RateLimitPolicy;
  /** Requests the auth gate refused, per IP address: counted only on refusal, checked before credentials. */
  authFailures: RateLimitPolicy;
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
  const ip = (caller: Caller) => (caller.ip === undefined ? 'unknown' : normalizeIP(caller.ip));
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
          key: (caller) => `${operationId}:ip:${ip(caller)}`,
        },
      ];
    }),
  );
  return {
    general: [
      {
        // Named `token` in headers and problems since the first release; it counts per user.
        name: 'token',
        max: settings.perToken,
        description: `${settings.perToken} requests ${window} per signed-in user (all of its tokens together)`,
        audited: false,
        key: (caller) => (caller.principal === undefined ? undefined : `token:${caller.principal.id}`),
      },
      {
        name: 'ip',
        max: settings.perIp,
        description: `${settings.perIp} requests ${window} per IP address without credentials`,
        audited: false,
        key: (caller) => (caller.principal === undefined ? `ip:${ip(caller)}` : undefined),
      },
    ],
    strict,
    signInUser: {
      name: 'sign-in-user',
      max: settings.signIn,
      description: `${settings.signIn} sign-in attempts ${window} per username`,
      audited: true,
      key: (caller) => (caller.username === undefined ? undefined : `createSession:user:${caller.username}`),
    },
    authFailures: {
      name: 'auth-failures',
      max: settings.authFailures,
      description: `${settings.authFailures} refused requests (missing, invalid or insufficient credentials) ${window} per IP address`,
      audited: true,
      key: (caller) => `auth-failures:ip:${ip(caller)}`,
    },
  };
}

/** The policies every call of an operation counts against, the probes' none. */
export function policiesFor(policies: RateLimitPolicies, operationId: string): RateLimitPolicy[] {
  if (unlimitedOperations.has(operationId)) return [];
  const strict = policies.strict[operationId];
  return strict === undefined ? policies.general : [...policies.general, strict];
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
