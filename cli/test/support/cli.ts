import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa, type Options, type ResultPromise } from 'execa';

export const binPath = fileURLToPath(new URL('../../bin/run.js', import.meta.url));

export interface TempHome {
  root: string;
  env: NodeJS.ProcessEnv;
  configFile: string;
  dataDir: string;
  cleanup(): void;
}

/**
 * A home of its own for each test: XDG dirs in a fresh temp dir, and nothing inherited that would
 * change what gtcx does (GTCX_*, DATABASE_URL, XDG_*, colour settings, CI, which turns prompts off).
 */
export function tempHome(): TempHome {
  const root = mkdtempSync(join(tmpdir(), 'gtcx-cli-test-'));
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) =>
        !/^(GTCX_|XDG_|DATABASE_URL$|NO_COLOR$|FORCE_COLOR$|DEBUG$|NODE_OPTIONS$|CI$|CONTINUOUS_INTEGRATION$)/.test(
          name,
        ),
    ),
  );
  const env = {
    ...inherited,
    HOME: root,
    XDG_CONFIG_HOME: join(root, 'config'),
    XDG_DATA_HOME: join(root, 'data'),
    XDG_CACHE_HOME: join(root, 'cache'),
  };
  return {
    root,
    env,
    configFile: join(root, 'config', 'gtcx', 'config.json'),
    dataDir: join(root, 'data', 'gtcx'),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** Runs the built CLI; never rejects, so tests can assert on failures. */
export function gtcx(
  args: string[],
  home: TempHome,
  options: { env?: NodeJS.ProcessEnv; nodeArgs?: string[] } & Pick<Options, 'timeout'> = {},
): ResultPromise<{ reject: false; extendEnv: false; env: NodeJS.ProcessEnv }> {
  return execa(process.execPath, [...(options.nodeArgs ?? []), binPath, ...args], {
    reject: false,
    extendEnv: false,
    env: { ...home.env, ...options.env },
    cwd: home.root,
    timeout: options.timeout ?? 30_000,
  });
}

/** A port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
