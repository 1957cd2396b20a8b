import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { GtcxError, gtcxDirs } from '@gtcx/core';
import { type RateLimitSettings, resolveRateLimitSettings } from './http/rate-limit-settings.js';

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

/** What a caller (CLI flags, tests) may pass; everything left out comes from the environment or defaults. */
export interface ServerConfigInput {
  host: string;
  /** 0 picks a free port. Strings are accepted because flags and env vars arrive as text. */
  port: number | string;
  grpcPort: number | string;
  dataDir: string;
  /** postgres://... selects PostgreSQL; unset keeps the embedded SQLite store in dataDir. */
  databaseUrl: string;
  logLevel: string;
  version: string;
  /** A personal access token (`gtcx_...`) with the admin scope, given to the first admin on first start. */
  adminToken: string;
  /** The registry's Ed25519 signing key (PKCS#8 PEM); unset, the server makes one and keeps it in the store. */
  packSigningKey: string;
  /** The largest pack tarball publish accepts, in bytes. */
  packMaxBytes: number | string;
  /** The URL clients reach this server at: the OAuth issuer and the device login's verification URI. */
  publicUrl: string;
  /** redis://...: rate-limit counters shared by every replica; unset keeps them in this process. */
  redisUrl: string;
  /** Which proxies' X-Forwarded-For to believe: true, a hop count, or addresses/CIDRs (comma-separated). */
  trustProxy: string;
  /** The first admin, created on first start when no admin exists yet (GTCX_ADMIN_*). */
  adminUsername: string;
  adminPassword: string;
  adminEmail: string;
}

export interface ServerConfig {
  host: string;
  port: number;
  grpcPort: number;
  dataDir: string;
  databaseUrl: string | undefined;
  logLevel: LogLevel;
  version: string;
  /**
   * GTCX_ADMIN_TOKEN: seeds an `admin`-scoped personal access token for the first admin on the start
   * that creates that admin (automation's way in without a password); ignored once an admin exists.
   */
  adminToken: string | undefined;
  /** GTCX_PACK_SIGNING_KEY; unset: the key in the store (made on first need). */
  packSigningKey: string | undefined;
  /** GTCX_PACK_MAX_BYTES; unset: 50 MiB. */
  packMaxBytes: number | undefined;
  /** GTCX_PUBLIC_URL without a trailing slash; unset: taken from each request's Host. */
  publicUrl: string | undefined;
  /** REDIS_URL; unset: rate-limit counters live in this process. */
  redisUrl: string | undefined;
  /** GTCX_RATE_LIMIT_*: requests per minute per token, per IP, for sign-in and the OAuth endpoints. */
  rateLimits: RateLimitSettings;
  /**
   * GTCX_TRUST_PROXY, as Fastify's trustProxy: unset trusts no proxy, so the client address (rate
   * limits, CIDR allowlists, the audit log) is the socket's. Behind a reverse proxy set it to the
   * proxy's address or CIDR, or the number of proxy hops.
   */
  trustProxy: boolean | number | string[];
  /**
   * GTCX_ADMIN_USERNAME / _PASSWORD / _EMAIL: the first admin, made on a start that finds none. With
   * only GTCX_ADMIN_TOKEN set it is `admin`, without a password (it signs in with that token).
   */
  bootstrapAdmin: { username: string; password: string | undefined; email: string | undefined } | undefined;
}

export const minAdminTokenLength = 32;

export const defaultPort = 4800;
export const defaultGrpcPort = 4801;

/** Flags win over environment variables, which win over defaults. Invalid values throw config_invalid. */
export function resolveServerConfig(
  flags: Partial<ServerConfigInput> = {},
  env: NodeJS.ProcessEnv = process.env,
): ServerConfig {
  const host = pick(flags.host, env.GTCX_HOST) ?? '127.0.0.1';
  if (host.trim() === '') {
    throw invalid('host', host, 'Pass --host <address> (or GTCX_HOST), e.g. 127.0.0.1 or 0.0.0.0');
  }
  const databaseUrl = pick(flags.databaseUrl, env.DATABASE_URL);
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw invalid(
      'databaseUrl',
      redactUrl(databaseUrl),
      'DATABASE_URL (or --database-url) must start with postgres:// or postgresql://; unset it to use SQLite',
    );
  }
  const logLevel = pick(flags.logLevel, env.GTCX_LOG_LEVEL) ?? 'info';
  if (!isLogLevel(logLevel)) {
    throw invalid('logLevel', logLevel, `Set GTCX_LOG_LEVEL to one of ${logLevels.join(', ')}`);
  }
  const adminToken = pick(flags.adminToken, env.GTCX_ADMIN_TOKEN);
  if (adminToken !== undefined && !isUsableToken(adminToken)) {
    // Never echo the token: error messages reach logs and terminals.
    throw invalid(
      'adminToken',
      `(${adminToken.length} characters)`,
      `Set GTCX_ADMIN_TOKEN to gtcx_ followed by random letters and digits, at least ${minAdminTokenLength} characters in all, e.g. gtcx_$(openssl rand -hex 24)`,
    );
  }
  const dataDir = pick(flags.dataDir, env.GTCX_DATA_DIR) ?? join(gtcxDirs(env).data, 'server');
  return {
    host,
    port: parsePort('port', pick(flags.port, env.GTCX_PORT) ?? defaultPort, '--port <n> (or GTCX_PORT)'),
    grpcPort: parsePort(
      'grpcPort',
      pick(flags.grpcPort, env.GTCX_GRPC_PORT) ?? defaultGrpcPort,
      '--grpc-port <n> (or GTCX_GRPC_PORT)',
    ),
    dataDir: resolve(dataDir),
    databaseUrl,
    logLevel,
    version: pick(flags.version) ?? serverVersion(),
    adminToken,
    packSigningKey: pick(flags.packSigningKey, env.GTCX_PACK_SIGNING_KEY),
    packMaxBytes: parseByteCount('packMaxBytes', pick(flags.packMaxBytes, env.GTCX_PACK_MAX_BYTES)),
    publicUrl: parsePublicUrl(pick(flags.publicUrl, env.GTCX_PUBLIC_URL)),
    redisUrl: parseRedisUrl(pick(flags.redisUrl, env.REDIS_URL)),
    rateLimits: resolveRateLimitSettings(env),
    trustProxy: parseTrustProxy(pick(flags.trustProxy, env.GTCX_TRUST_PROXY)),
    bootstrapAdmin: parseBootstrapAdmin(
      pick(flags.adminUsername, env.GTCX_ADMIN_USERNAME),
      pick(flags.adminPassword, env.GTCX_ADMIN_PASSWORD),
      pick(flags.adminEmail, env.GTCX_ADMIN_EMAIL),
      adminToken,
    ),
  };
}

function parsePublicUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid(
      'publicUrl',
      value,
      'Set GTCX_PUBLIC_URL to the URL clients use, e.g. https://gtcx.example.com',
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw invalid(
      'publicUrl',
      value,
      'GTCX_PUBLIC_URL must start with https:// (or http:// on a trusted network)',
    );
  }
  return url.href.replace(/\/+$/, '');
}

function parseTrustProxy(value: string | undefined): boolean | number | string[] {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  const valid = entries.every(
    (entry) =>
      /^[0-9A-Fa-f:.]+(\/\d{1,3})?$/.test(entry) ||
      entry === 'loopback' ||
      entry === 'linklocal' ||
      entry === 'uniquelocal',
  );
  if (!valid || entries.length === 0) {
    throw invalid(
      'trustProxy',
      value,
      "Set GTCX_TRUST_PROXY to true, a number of proxy hops, or the proxies' addresses/CIDRs, e.g. 10.0.0.0/8,loopback",
    );
  }
  return entries;
}

function parseRedisUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^rediss?:\/\//.test(value)) {
    throw invalid(
      'redisUrl',
      redactUrl(value),
      'REDIS_URL must start with redis:// or rediss://; unset it to count in-process',
    );
  }
  return value;
}

function parseBootstrapAdmin(
  username: string | undefined,
  password: string | undefined,
  email: string | undefined,
  adminToken: string | undefined,
): ServerConfig['bootstrapAdmin'] {
  if (username === undefined && password === undefined) {
    return adminToken === undefined ? undefined : { username: 'admin', password: undefined, email };
  }
  if (username !== undefined && password === undefined && adminToken !== undefined) {
    return { username, password: undefined, email };
  }
  if (username === undefined || password === undefined) {
    throw invalid(
      username === undefined ? 'adminUsername' : 'adminPassword',
      '(unset)',
      'Set both GTCX_ADMIN_USERNAME and GTCX_ADMIN_PASSWORD to create the first admin (or GTCX_ADMIN_TOKEN instead of the password), or neither',
    );
  }
  if (password.length < 12) {
    // Never echo the password.
    throw invalid(
      'adminPassword',
      `(${password.length} characters)`,
      'GTCX_ADMIN_PASSWORD needs at least 12 characters',
    );
  }
  return { username, password, email };
}

/** The version in this package's package.json, read once. */
export function serverVersion(): string {
  cachedVersion ??= (
    JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
  ).version;
  return cachedVersion;
}

let cachedVersion: string | undefined;

function pick<T extends string | number>(...values: Array<T | undefined>): T | undefined {
  return values.find((value) => value !== undefined && value !== '');
}

function parsePort(field: string, value: number | string, how: string): number {
  const port = typeof value === 'number' ? value : /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw invalid(field, String(value), `Pass ${how} as an integer from 0 to 65535 (0 picks a free port)`);
  }
  return port;
}

function parseByteCount(field: string, value: number | string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const bytes = typeof value === 'number' ? value : /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(bytes) || bytes < 1) {
    throw invalid(
      field,
      String(value),
      'Set GTCX_PACK_MAX_BYTES to a whole number of bytes, e.g. 52428800 for 50 MiB',
    );
  }
  return bytes;
}

/** Long enough not to guess, and shaped like every personal access token so secret scanners find it. */
function isUsableToken(token: string): boolean {
  return token.length >= minAdminTokenLength && /^gtcx_[A-Za-z0-9_-]+$/.test(token);
}

function isLogLevel(value: string): value is LogLevel {
  return (logLevels as readonly string[]).includes(value);
}

function invalid(field: string, value: string, hint: string): GtcxError {
  return new GtcxError('config_invalid', `Invalid server configuration: ${field} "${value}" is not valid`, {
    hint,
    details: { field, value },
  });
}

/** Error messages end up in logs and terminals: never echo a password. */
function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@');
}
