/**
 * The keys `gtcx config` knows. Each entry says how to read a value typed on the command line or
 * found in the environment, how to check one read from the file, and what a valid value looks like,
 * so a new key is one entry here and nothing else.
 */
export interface ConfigKeySpec<T> {
  description: string;
  /** The expected form, as the error for a bad value shows it. */
  expected: string;
  /** The environment variable that overrides the file. */
  env: string;
  /** From a string (command line or environment); undefined when the string is not a valid value. */
  parse(raw: string): T | undefined;
  /** From the JSON file. */
  accepts(value: unknown): value is T;
  default?: T;
}

function parseHttpUrl(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  // Credentials in a URL end up in logs and `config list`; the token has its own channel.
  if (url.username !== '' || url.password !== '') return undefined;
  return url.href.replace(/\/+$/, '');
}

const truthy = new Set(['true', '1', 'yes', 'on']);
const falsy = new Set(['false', '0', 'no', 'off']);

function parseBoolean(raw: string): boolean | undefined {
  const value = raw.trim().toLowerCase();
  if (truthy.has(value)) return true;
  if (falsy.has(value)) return false;
  return undefined;
}

const server: ConfigKeySpec<string> = {
  description: 'Base URL of the gtcx server commands work against, unless offline',
  expected: 'an http(s) URL without credentials, e.g. https://gtcx.example.com',
  env: 'GTCX_SERVER',
  parse: parseHttpUrl,
  accepts: (value): value is string => typeof value === 'string' && parseHttpUrl(value) === value,
};

const offline: ConfigKeySpec<boolean> = {
  description: 'Always work against the local store, even when a server is configured',
  expected: 'true or false',
  env: 'GTCX_OFFLINE',
  parse: parseBoolean,
  accepts: (value): value is boolean => typeof value === 'boolean',
  default: false,
};

/**
 * A recorded template source a pattern may trust: builtin:name, an absolute path, a git URL as
 * recorded (git+https://..., git@host:path) or a pack template (@scope/pack/template). The prefix
 * is required so that no pattern, not even a lone `*`, trusts every template by accident.
 */
const TRUSTABLE = /^(?:builtin:|@|\/|git\+|[\w.-]+@[\w.-]+:)/;

function parsePatterns(raw: string): string[] | undefined {
  const patterns = raw
    .split(',')
    .map((pattern) => pattern.trim())
    .filter((pattern) => pattern !== '');
  return patterns.length > 0 && acceptsPatterns(patterns) ? patterns : undefined;
}

function acceptsPatterns(value: unknown): value is string[] {
  return (
    Array.isArray(value) && value.every((p) => typeof p === 'string' && TRUSTABLE.test(p) && !/\s/.test(p))
  );
}

const trustedSources: ConfigKeySpec<string[]> = {
  description:
    'Template sources whose hooks and migrations run without --trust (patterns, * matches any text)',
  expected:
    'comma-separated patterns starting with builtin:, @, /, git+ or user@host:, e.g. "builtin:*,@acme/*,git+https://github.com/acme/*"',
  env: 'GTCX_TRUSTED_SOURCES',
  parse: parsePatterns,
  accepts: acceptsPatterns,
};

export const configKeys = { server, offline, trustedSources };

/** A value as a person reads and types it: lists comma-separated, as `config set` takes them. */
export function formatConfigValue(value: string | boolean | string[]): string {
  return Array.isArray(value) ? value.join(',') : String(value);
}

export type ConfigKey = keyof typeof configKeys;

export type ConfigValues = {
  [K in ConfigKey]?: (typeof configKeys)[K] extends ConfigKeySpec<infer T> ? T : never;
};

export const configKeyNames = Object.keys(configKeys) as ConfigKey[];

export function isConfigKey(name: string): name is ConfigKey {
  return Object.hasOwn(configKeys, name);
}
