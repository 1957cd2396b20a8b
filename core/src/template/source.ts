import { readdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { GtcxError } from '../errors.js';
import { directorySource, directoryVersions, highest, sortVersions } from './source-dir.js';
import { gitSource, isGitUrl, localGitReference, parseGitReference } from './source-git.js';
import type { ResolveSourceOptions, TemplateSource } from './source-types.js';

export type { ResolveSourceOptions, TemplateSource, TemplateSourceKind } from './source-types.js';

const BUILTIN_PREFIX = 'builtin:';
const BUILTIN_NAME = /^[a-z0-9][a-z0-9-]*$/;
const PATH_LIKE = /^(?:\.{1,2}(?:[/\\]|$)|[/\\]|~(?:[/\\]|$)|[A-Za-z]:[/\\])/;

/**
 * Finds the template a reference names. In order: `builtin:name`; a git URL (https://, ssh://,
 * git@host:path, file://, git+...); a path (./, ../, /, ~/; a directory ending in .git that is not a
 * template itself is a local git repository); a built-in name; an installed pack's template; an
 * existing directory. References recorded in project.json (TemplateSource.ref) resolve to the same
 * source again.
 */
export async function resolveTemplateSource(
  ref: string,
  options: ResolveSourceOptions,
): Promise<TemplateSource> {
  const trimmed = ref.trim();
  if (trimmed === '') throw unknownTemplate(ref);
  if (trimmed.startsWith(BUILTIN_PREFIX)) {
    const source = await builtinSource(trimmed.slice(BUILTIN_PREFIX.length), options.builtinRoot);
    if (source) return source;
    throw unknownTemplate(trimmed);
  }
  if (isGitUrl(trimmed)) return gitSource(parseGitReference(trimmed), options.cacheDir);
  if (PATH_LIKE.test(trimmed)) return localSource(trimmed, options, true);
  const builtin = await builtinSource(trimmed, options.builtinRoot);
  if (builtin) return builtin;
  const packDir = await options.packTemplates?.(trimmed);
  if (packDir !== undefined) return directorySource('pack', trimmed, packDir);
  const local = await localSource(trimmed, options, false);
  if (local) return local;
  throw unknownTemplate(trimmed);
}

export interface BuiltinTemplateSummary {
  name: string;
  /** Semver ascending. */
  versions: string[];
  /** From the highest version's manifest. */
  description: string | undefined;
}

/** Every template under builtinRoot, by name. Directories that hold no template are left out. */
export async function listBuiltinTemplates(builtinRoot: string): Promise<BuiltinTemplateSummary[]> {
  const entries = await readdir(builtinRoot, { withFileTypes: true }).catch(() => []);
  const names = entries
    .filter((entry) => entry.isDirectory() && BUILTIN_NAME.test(entry.name))
    .map((e) => e.name)
    .sort();
  const summaries: BuiltinTemplateSummary[] = [];
  for (const name of names) {
    const source = await builtinSource(name, builtinRoot);
    if (!source) continue;
    const versions = await source.versions();
    const latest = await source.load(highest(versions));
    summaries.push({ name, versions: sortVersions(versions), description: latest.manifest.description });
  }
  return summaries;
}

async function builtinSource(name: string, builtinRoot: string): Promise<TemplateSource | undefined> {
  if (!BUILTIN_NAME.test(name)) return undefined;
  const dir = join(builtinRoot, name);
  if (!(await directoryVersions(dir))) return undefined;
  return directorySource('builtin', `${BUILTIN_PREFIX}${name}`, dir);
}

/**
 * A local directory: a template (or a directory of versions), or a git repository. An explicit path
 * that is neither is an error; a bare word that is neither just isn't a local source.
 */
async function localSource(
  ref: string,
  options: ResolveSourceOptions,
  explicit: true,
): Promise<TemplateSource>;
async function localSource(
  ref: string,
  options: ResolveSourceOptions,
  explicit: boolean,
): Promise<TemplateSource | undefined>;
async function localSource(
  ref: string,
  options: ResolveSourceOptions,
  explicit: boolean,
): Promise<TemplateSource | undefined> {
  const hash = ref.lastIndexOf('#');
  const pin = hash > 0 ? ref.slice(hash + 1) || undefined : undefined;
  const pathPart = hash > 0 ? ref.slice(0, hash) : ref;
  const absolute = absolutePath(pathPart, options);
  if (pin === undefined && (await directoryVersions(absolute)))
    return directorySource('path', absolute, absolute);
  if (await isGitRepository(absolute)) return gitSource(localGitReference(absolute, pin), options.cacheDir);
  if (!explicit) return undefined;
  const missing = !(await stat(absolute).catch(() => undefined));
  throw new GtcxError(
    'not_found',
    missing ? `no template at ${absolute}: the path does not exist` : `${absolute} is not a template`,
    { hint: 'a template is a directory with template.yaml and files/, or a git repository holding one' },
  );
}

function absolutePath(path: string, options: ResolveSourceOptions): string {
  if (path === '~' || path.startsWith('~/') || path.startsWith('~\\')) {
    return join(options.homeDir ?? homedir(), path.slice(1));
  }
  return isAbsolute(path) ? resolve(path) : resolve(options.cwd, path);
}

/** A bare repository (HEAD + objects/) or a working tree with .git. */
async function isGitRepository(dir: string): Promise<boolean> {
  const [head, objects, dotGit] = await Promise.all(
    [join(dir, 'HEAD'), join(dir, 'objects'), join(dir, '.git')].map((p) => stat(p).catch(() => undefined)),
  );
  return (head?.isFile() && objects?.isDirectory()) || dotGit !== undefined;
}

function unknownTemplate(ref: string): GtcxError {
  return new GtcxError('not_found', `unknown template "${ref}"`, {
    hint: 'run gtcx templates list, or pass a path or git URL',
    details: { ref },
  });
}
