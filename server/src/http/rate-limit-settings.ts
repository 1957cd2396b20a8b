import { GtcxError } from '@gtcx/core';

/** Requests allowed per window, per policy; 0 turns a policy off. */
export interface RateLimitSettings {
  /** Every counter's fixed window. */
  windowMs: number;
  /** A signed-in caller, keyed by its user (or service account) id: GTCX_RATE_LIMIT_PER_TOKEN. */
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
  /** Prefix of the Redis keys, so deployments (or test runs) can share one Redis: GTCX_RATE_LIMIT_NAMESPACE. */
  namespace: string;
}

export const defaultRateLimitSettings: RateLimitSettings = {
  windowMs: 60_000,
  perToken: 600,
  perIp: 300,
  signIn: 10,
  oauth: 60,
  namespace: 'gtcx:rl:',
};

const countVariables = {
  perToken: 'GTCX_RATE_LIMIT_PER_TOKEN',
  perIp: 'GTCX_RATE_LIMIT_PER_IP',
  signIn: 'GTCX_RATE_LIMIT_SIGN_IN',
  oauth: 'GTCX_RATE_LIMIT_OAUTH',
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
