import { GtcxError } from '@gtcx/core';

/** Requests allowed per window, per policy; 0 turns a policy off. */
export interface RateLimitSettings {
  /** Every counter's fixed window. */
  windowMs: number;
  /**
   * A signed-in caller, keyed by its user (or service account) id: every token and session of one user
   * shares this one counter, so minting more tokens buys no more requests. GTCX_RATE_LIMIT_PER_TOKEN
   * (named before the counter was per user; the name stays so deployments keep working).
   */
  perToken: number;
  /** An anonymous caller, keyed by IP address (IPv6 by /64): GTCX_RATE_LIMIT_PER_IP. */
  perIp: number;
  /**
   * Password sign-in per IP and per username, and starting a device login per IP:
   * GTCX_RATE_LIMIT_SIGN_IN. The per-username count stops a brute force spread over many addresses.
   */
  signIn: number;
  /**
   * The token, revocation and introspection endpoints per IP: GTCX_RATE_LIMIT_OAUTH. Higher than
   * sign-in because a device login polls the token endpoint every 5 seconds until approved.
   */
  oauth: number;
  /**
   * Requests the auth gate refused (no, invalid, expired or revoked credentials, too few scopes, or a
   * token used outside its networks), per IP address, on a counter of their own:
   * GTCX_RATE_LIMIT_AUTH_FAILURES. Once an address has had this many refused in a window, credentials
   * from it are not even checked until the window ends: every secured request from it answers 429,
   * valid tokens included, so a guess that hits answers like one that misses, and the refusals no
   * longer write an audit row each (one `auth.rate_limited` per window instead). Callers at other
   * addresses are unaffected. The default matches the anonymous limit rather than something stricter
   * because the lockout covers everyone behind that address (a NAT, a CI fleet) once one stale token
   * loops; lower it where addresses are not shared.
   */
  authFailures: number;
  /** Prefix of the Redis keys, so deployments (or test runs) can share one Redis: GTCX_RATE_LIMIT_NAMESPACE. */
  namespace: string;
}

export const defaultRateLimitSettings: RateLimitSettings = {
  windowMs: 60_000,
  perToken: 600,
  perIp: 300,
  signIn: 10,
  oauth: 60,
  authFailures: 300,
  namespace: 'gtcx:rl:',
};

const countVariables = {
  perToken: 'GTCX_RATE_LIMIT_PER_TOKEN',
  perIp: 'GTCX_RATE_LIMIT_PER_IP',
  signIn: 'GTCX_RATE_LIMIT_SIGN_IN',
  oauth: 'GTCX_RATE_LIMIT_OAUTH',
  authFailures: 'GTCX_RATE_LIMIT_AUTH_FAILURES',
} as const;

/** The defaults, with each GTCX_RATE_LIMIT_* variable that is set in its place. Invalid values throw config_invalid. */
export function resolveRateLimitSettings(env: NodeJS.ProcessEnv = process.env): RateLimitSettings {
  const settings = { ...defaultRateLimitSettings };
  for (const [field, variable] of Object.entries(countVariables) as Array<
    [keyof typeof countVariables, string]
  >) {
    const value = env[variable];
    if (value !== undefined && value !== '') settings[field] = parseCount(variable, value);
  }
  const namespace = env.GTCX_RATE_LIMIT_NAMESPACE;
  if (namespace !== undefined && namespace !== '') {
    if (!/^[\x21-\x7e]{1,64}$/.test(namespace)) {
      throw invalid(
        'GTCX_RATE_LIMIT_NAMESPACE',
        namespace,
        'Set it to 1-64 printable characters without spaces, e.g. gtcx-staging:rl:',
      );
    }
    settings.namespace = namespace;
  }
  return settings;
}

function parseCount(variable: string, value: string): number {
  const count = /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(count)) {
    throw invalid(
      variable,
      value,
      `Set ${variable} to the requests allowed per minute, e.g. 100 (0 turns it off)`,
    );
  }
  return count;
}

function invalid(variable: string, value: string, hint: string): GtcxError {
  return new GtcxError(
    'config_invalid',
    `Invalid server configuration: ${variable} "${value}" is not valid`,
    {
      hint,
      details: { field: variable, value },
    },
  );
}
