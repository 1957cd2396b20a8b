import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { gtcxDirs } from '@gtcx/core/paths';
import { planBackend, selectBackend } from '../backends/select.js';
import { configPath, readConfigFile } from '../config/file.js';
import type { ConfigValues } from '../config/keys.js';
import { resolveEntry } from '../config/resolve.js';

export type CheckStatus = 'pass' | 'fail' | 'skip';

export interface DoctorCheck {
  name: string;
  status: CheckStatus;
  detail: string;
  /** How to fix a failure. */
  hint?: string;
}

export interface DoctorOptions {
  offline?: boolean | undefined;
  server?: string | undefined;
  env: NodeJS.ProcessEnv;
}

export const minimumNode = [20, 19, 0] as const;

export function nodeCheck(version = process.versions.node): DoctorCheck {
  const [major = 0, minor = 0, patch = 0] = version.split('.').map(Number);
  const [wantMajor, wantMinor, wantPatch] = minimumNode;
  const ok =
    major !== wantMajor ? major > wantMajor : minor !== wantMinor ? minor > wantMinor : patch >= wantPatch;
  const detail = `Node.js ${version} (needs ${minimumNode.join('.')} or newer)`;
  return ok
    ? { name: 'node', status: 'pass', detail }
    : {
        name: 'node',
        status: 'fail',
        detail,
        hint: 'install Node.js 20.19+ or 22 (e.g. `nvm install 22`), then reinstall gtcx',
      };
}

/** The config file and the GTCX_* variables that stand in for it. */
export async function configCheck(
  env: NodeJS.ProcessEnv,
): Promise<{ check: DoctorCheck; values: ConfigValues }> {
  const path = configPath(env);
  try {
    const file = await readConfigFile(path);
    resolveEntry('server', file.values, env);
    resolveEntry('offline', file.values, env);
    const detail = file.exists ? `${path} is valid` : `${path} does not exist (defaults apply)`;
    return { check: { name: 'config', status: 'pass', detail }, values: file.values };
  } catch (error) {
    return { check: failed('config', error), values: {} };
  }
}

/**
 * Checks without creating anything: the data dir, or the nearest ancestor that exists, must be a
 * directory this user can write to.
 */
export async function dataDirCheck(env: NodeJS.ProcessEnv): Promise<DoctorCheck> {
  const dir = gtcxDirs(env).data;
  const fix = 'point GTCX_DATA_DIR (or XDG_DATA_HOME) at a directory you can write to';
  let existing = dir;
  for (;;) {
    try {
      const info = await stat(existing);
      if (!info.isDirectory()) {
        return {
          name: 'data dir',
          status: 'fail',
          detail: `data dir ${dir} is not writable: ${existing} is a file, not a directory`,
          hint: `${fix}, or move ${existing} out of the way`,
        };
      }
      break;
    } catch (error) {
      const parent = dirname(existing);
      // ENOTDIR: some ancestor is a file; walking up finds it and names it.
      const code = (error as NodeJS.ErrnoException).code;
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || parent === existing) {
        return failed('data dir', error, fix);
      }
      existing = parent;
    }
  }
  try {
    await access(existing, constants.W_OK);
  } catch {
    return {
      name: 'data dir',
      status: 'fail',
      detail: `data dir ${dir} is not writable: no write permission on ${existing}`,
      hint: `${fix}, or chmod u+w ${existing}`,
    };
  }
  const detail = existing === dir ? `${dir} is writable` : `${dir} can be created in ${existing}`;
  return { name: 'data dir', status: 'pass', detail };
}

/**
 * better-sqlite3 is a native addon: a Node upgrade or an install that skipped build scripts leaves a
 * binary that fails to load, and every local command with it. Resolved from @gtcx/core, which owns it.
 */
export function nativeModuleCheck(): DoctorCheck {
  const fix =
    'run `npm rebuild better-sqlite3` (global install: `npm install -g gtcx --allow-scripts=better-sqlite3`)';
  try {
    const require = createRequire(import.meta.resolve('@gtcx/core'));
    const Database = require('better-sqlite3') as new (path: string) => { close(): void };
    // The addon binary loads on first use, not on require.
    new Database(':memory:').close();
    return { name: 'sqlite', status: 'pass', detail: 'better-sqlite3 native module loads' };
  } catch (error) {
    return {
      name: 'sqlite',
      status: 'fail',
      detail: `better-sqlite3 native module does not load: ${firstLine(error)}`,
      hint: fix,
    };
  }
}

export async function storeCheck(env: NodeJS.ProcessEnv): Promise<DoctorCheck> {
  try {
    // The local store is checked even when a server is configured: offline mode depends on it.
    const backend = await selectBackend({ offline: true, env, config: {} });
    try {
      const status = await backend.status();
      const detail = status.checks
        .map((c) => `${c.name}: ${c.detail ?? (c.ok ? 'ok' : 'failed')}`)
        .join('; ');
      return status.ok
        ? { name: 'store', status: 'pass', detail: `local store opens (${detail})` }
        : {
            name: 'store',
            status: 'fail',
            detail,
            hint: 'run `gtcx doctor` again; if it persists, report it',
          };
    } finally {
      await backend.close();
    }
  } catch (error) {
    return failed('store', error);
  }
}

export async function serverCheck(options: DoctorOptions, config: ConfigValues): Promise<DoctorCheck> {
  let plan: ReturnType<typeof planBackend>;
  try {
    plan = planBackend({ offline: options.offline, server: options.server, env: options.env, config });
  } catch (error) {
    return failed('server', error);
  }
  if (plan.mode === 'local') {
    const configured = options.server ?? resolveEntry('server', config, options.env).value;
    const detail =
      typeof configured === 'string' && configured !== ''
        ? `offline mode: ${configured} is not used; commands use the local store`
        : 'no server configured; commands use the local store';
    return { name: 'server', status: 'skip', detail };
  }
  const backend = await selectBackend({ server: plan.server, env: options.env, config });
  try {
    const status = await backend.status();
    const failing = status.checks.filter((c) => !c.ok);
    return status.ok
      ? { name: 'server', status: 'pass', detail: `${plan.server} is ready` }
      : {
          name: 'server',
          status: 'fail',
          detail: `${plan.server} is not ready: ${failing.map((c) => `${c.name} ${c.detail ?? 'failed'}`).join('; ')}`,
          hint: "check the server's logs",
        };
  } catch (error) {
    return failed('server', error);
  } finally {
    await backend.close();
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}

function failed(name: string, error: unknown, fallbackHint?: string): DoctorCheck {
  const hint = (error as { hint?: unknown }).hint;
  return {
    name,
    status: 'fail',
    detail: firstLine(error),
    ...(typeof hint === 'string' ? { hint } : fallbackHint ? { hint: fallbackHint } : {}),
  };
}
