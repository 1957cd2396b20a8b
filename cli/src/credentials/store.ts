import { mkdir, open, readFile, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { GtcxError } from '@gtcx/core/errors';
import { gtcxDirs } from '@gtcx/core/paths';
import { writePrivateJson } from '../config/private-json.js';

/** What `gtcx login` keeps for one server. */
export interface StoredCredentials {
  accessToken: string;
  /** Absent for a personal access token stored with `gtcx login --with-token`. */
  refreshToken: string | null;
  /** When the access token stops working (RFC 3339); null when unknown (a personal access token). */
  expiresAt: string | null;
  /** The username (or service account client id) the tokens act for. */
  subject: string;
  scopes: string[];
  method: 'device' | 'personalAccessToken';
  savedAt: string;
}

interface CredentialsFile {
  version: 1;
  /** Keyed by the server's normalised base URL. */
  servers: Record<string, StoredCredentials>;
}

export function credentialsPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(gtcxDirs(env).config, 'credentials.json');
}

/** The key a server's entry is stored under: the URL as `gtcx config set server` stores it. */
export function serverKey(serverUrl: string): string {
  return new URL(serverUrl.trim()).href.replace(/\/+$/, '');
}

function invalid(path: string, problem: string): GtcxError {
  return new GtcxError('config_invalid', `credentials file ${path} ${problem}`, {
    hint: `delete it (rm ${path}) and run gtcx login again`,
    details: { path },
  });
}

/**
 * Tokens other users can read may already be in their hands, so a loose file is refused rather than
 * quietly tightened: the person must know, tighten it, and replace the tokens.
 */
async function checkPrivate(path: string): Promise<void> {
  if (process.platform === 'win32') return;
  const info = await stat(path);
  const uid = process.getuid?.();
  if (uid !== undefined && info.uid !== uid) {
    throw new GtcxError(
      'config_invalid',
      `credentials file ${path} belongs to another user (uid ${info.uid})`,
      {
        hint: `remove it (rm ${path}) and run gtcx login again`,
        details: { path, uid: info.uid },
      },
    );
  }
  const mode = info.mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new GtcxError(
      'config_invalid',
      `credentials file ${path} is readable by other users (mode ${mode.toString(8).padStart(4, '0')})`,
      {
        hint: `run chmod 600 ${path}, then gtcx logout and gtcx login to replace tokens others may have read`,
        details: { path, mode: mode.toString(8) },
      },
    );
  }
}

function isStoredCredentials(value: unknown): value is StoredCredentials {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  const nullableString = (field: unknown) => field === null || typeof field === 'string';
  return (
    typeof entry.accessToken === 'string' &&
    nullableString(entry.refreshToken) &&
    nullableString(entry.expiresAt) &&
    typeof entry.subject === 'string' &&
    Array.isArray(entry.scopes) &&
    entry.scopes.every((scope) => typeof scope === 'string') &&
    (entry.method === 'device' || entry.method === 'personalAccessToken')
  );
}

/**
 * The whole file; an absent one is empty. `strict` (every read that hands a token out) refuses a
 * file other users can read; login and logout read leniently because they rewrite it 0600.
 */
async function readCredentialsFile(path: string, strict: boolean): Promise<CredentialsFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { version: 1, servers: {} };
    throw new GtcxError(
      'config_invalid',
      `credentials file ${path} cannot be read: ${(error as Error).message}`,
      {
        hint: `make it readable by you alone (chmod 600 ${path}), or delete it and run gtcx login again`,
        details: { path },
      },
    );
  }
  if (strict) await checkPrivate(path);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalid(path, 'is not valid JSON');
  }
  const servers = (parsed as { servers?: unknown } | null)?.servers;
  if (typeof servers !== 'object' || servers === null || Array.isArray(servers)) {
    throw invalid(path, 'has no "servers" object');
  }
  for (const [server, entry] of Object.entries(servers)) {
    if (!isStoredCredentials(entry)) throw invalid(path, `has a malformed entry for ${server}`);
  }
  return { version: 1, servers: servers as Record<string, StoredCredentials> };
}

/** Write-temp-then-rename at 0600 in a 0700 directory: never half a file, never readable by others. */
async function writeCredentialsFile(path: string, file: CredentialsFile): Promise<void> {
  await writePrivateJson(path, file, 'credentials file');
}

const lockWaitMs = 15_000;
const staleLockMs = 30_000;

/**
 * One writer at a time across processes: a refresh rotates the refresh token, and two processes
 * refreshing with the same one would make the server revoke the whole family as a replay.
 */
export async function withCredentialsLock<T>(env: NodeJS.ProcessEnv, step: () => Promise<T>): Promise<T> {
  const path = `${credentialsPath(env)}.lock`;
  await mkdir(dirname(path), { recursive: true, mode: 0o700 }).catch(() => undefined);
  const deadline = Date.now() + lockWaitMs;
  for (;;) {
    try {
      const handle = await open(path, 'wx', 0o600);
      await handle.close();
      break;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') {
        throw new GtcxError('config_invalid', `cannot lock ${path}: ${(error as Error).message}`, {
          hint: `make ${dirname(path)} writable, or point GTCX_CONFIG_DIR at a writable directory`,
          details: { path },
        });
      }
      const age = await stat(path).then(
        (info) => Date.now() - info.mtimeMs,
        () => 0,
      );
      // A process killed while holding the lock leaves it behind; no holder keeps it this long.
      if (age > staleLockMs) await rm(path, { force: true });
      else if (Date.now() > deadline) {
        throw new GtcxError('unavailable', `another gtcx process holds ${path}`, {
          hint: `wait for it to finish, or delete ${path} if no gtcx process is running`,
          details: { path },
        });
      } else await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  try {
    return await step();
  } finally {
    await rm(path, { force: true });
  }
}

/** The entry for a server, for a command about to use its token; refuses a file others can read. */
export async function loadCredentials(
  serverUrl: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<StoredCredentials | undefined> {
  const file = await readCredentialsFile(credentialsPath(env), true);
  return file.servers[serverKey(serverUrl)];
}

/** Stores (or replaces) a server's entry, keeping every other server's. Call inside the lock. */
export async function saveCredentials(
  serverUrl: string,
  entry: StoredCredentials,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  const path = credentialsPath(env);
  const file = await readCredentialsFile(path, false);
  file.servers[serverKey(serverUrl)] = entry;
  await writeCredentialsFile(path, file);
  return path;
}

/** Deletes a server's entry; answers what was stored, if anything. Call inside the lock. */
export async function removeCredentials(
  serverUrl: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<StoredCredentials | undefined> {
  const path = credentialsPath(env);
  const file = await readCredentialsFile(path, false);
  const key = serverKey(serverUrl);
  const entry = file.servers[key];
  if (entry === undefined) return undefined;
  delete file.servers[key];
  await writeCredentialsFile(path, file);
  return entry;
}
