import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { builtinTemplatesDir } from '@gtcx/core';
import { listInstalledPackTemplates } from '../packs/installed-templates.js';
import type { TemplateListing } from './types.js';

/** What a server knows a template by: a built-in name, or @scope/pack/template. */
const SERVER_ID = /^(?:@[a-z0-9-]+\/[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*$/;
const PACK_REF = /^(@[a-z0-9-]+\/[a-z0-9][a-z0-9._-]*)\/[a-z0-9][a-z0-9._-]*$/;

export interface RoutingOptions {
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/**
 * Whether a template's source is on this machine, so that even with a server configured it is
 * resolved and rendered here: local paths, git URLs (cloned into this machine's cache) and the
 * templates of packs installed here. Built-in names, and packs this machine lacks, are the server's.
 * A bare name that is no built-in but a directory under cwd is a local path, as it is offline.
 */
export async function isOnThisMachine(ref: string, options: RoutingOptions): Promise<boolean> {
  const trimmed = ref.trim();
  if (trimmed.startsWith('builtin:')) return false;
  const pack = PACK_REF.exec(trimmed)?.[1];
  if (pack !== undefined) return (await installedPacks(options.env)).has(pack);
  if (!SERVER_ID.test(trimmed)) return true;
  if (existsSync(join(builtinTemplatesDir(), trimmed))) return false;
  return isDirectory(resolve(options.cwd, trimmed));
}

/**
 * The server's templates with the templates of packs installed here: those are the ones `gtcx new`
 * uses, so where both have an id the local one is listed.
 */
export async function withInstalledPackTemplates(
  server: TemplateListing[],
  env: NodeJS.ProcessEnv,
): Promise<TemplateListing[]> {
  const installed = (await listInstalledPackTemplates({ env })).map(
    ({ id, version, description }): TemplateListing => ({
      name: id,
      kind: 'pack',
      versions: [version],
      description,
    }),
  );
  const local = new Set(installed.map((t) => t.name));
  return [...server.filter((t) => !local.has(t.name)), ...installed].sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
}

async function installedPacks(env: NodeJS.ProcessEnv): Promise<Set<string>> {
  return new Set((await listInstalledPackTemplates({ env })).map((t) => t.pack));
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
