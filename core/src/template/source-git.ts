import { createHash, randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import valid from 'semver/functions/valid.js';
import { GtcxError } from '../errors.js';
import { loadYaml } from '../yaml.js';
import { loadTemplate } from './manifest.js';
import { checkVersion, highest, sortVersions, unknownVersion } from './source-dir.js';
import type { TemplateSource } from './source-types.js';

export interface GitReference {
  /** What git clones. */
  url: string;
  /** The branch, tag or commit after '#', when pinned. */
  pin: string | undefined;
  /** The form recorded in project.json: credentials dropped, 'git+' in front of URL schemes. */
  recorded: string;
}

const SCHEME = /^(?:git\+)?(?:https?|ssh|git|file):\/\//i;
const SCP_LIKE = /^[\w.-]+@[\w.-]+:(?!\/\/)/;

/** A URL git understands directly (not a local path that happens to end in .git). */
export function isGitUrl(ref: string): boolean {
  return SCHEME.test(ref) || SCP_LIKE.test(ref);
}

export function parseGitReference(ref: string): GitReference {
  const hash = ref.lastIndexOf('#');
  const pin = hash === -1 ? undefined : ref.slice(hash + 1) || undefined;
  const url = (hash === -1 ? ref : ref.slice(0, hash)).replace(/^git\+/i, '');
  const suffix = pin === undefined ? '' : `#${pin}`;
  const recorded = SCP_LIKE.test(url) ? `${url}${suffix}` : `git+${withoutPassword(url)}${suffix}`;
  return { url, pin, recorded };
}

/** A local repository path (absolute) as a git reference. */
export function localGitReference(absolutePath: string, pin: string | undefined): GitReference {
  const url = pathToFileURL(absolutePath).href;
  return parseGitReference(pin === undefined ? url : `${url}#${pin}`);
}

/**
 * A git repository as a template source. Its semver tags (vX.Y.Z or X.Y.Z) are its versions; a repo
 * without such tags has one version, the manifest's at HEAD (or at the pinned ref). The repo is
 * mirrored under cacheDir and fetched again on reuse; each version is extracted once, by commit.
 * An older untagged version (the base of an update after the branch moved on) is found in the
 * history of template.yaml.
 */
export function gitSource(reference: GitReference, cacheDir: string): TemplateSource {
  const repoRoot = join(
    cacheDir,
    'git',
    createHash('sha256').update(reference.url).digest('hex').slice(0, 24),
  );
  let catalogue: Promise<Catalogue> | undefined;
  const versionsOf = (): Promise<Catalogue> => {
    catalogue ??= (async () => {
      const mirror = await syncMirror(reference.url, repoRoot);
      return readCatalogue(reference, mirror, repoRoot);
    })();
    return catalogue;
  };
  return {
    kind: 'git',
    ref: reference.recorded,
    versions: async () => sortVersions([...(await versionsOf()).commits.keys()]),
    load: async (version) => {
      const { commits, pinned } = await versionsOf();
      const chosen = version ?? pinned ?? highest([...commits.keys()]);
      const mirror = join(repoRoot, 'mirror.git');
      const commit = commits.get(chosen) ?? (await untaggedVersion(mirror, reference.pin ?? 'HEAD', chosen));
      if (commit === undefined) throw unknownVersion(reference.recorded, chosen, [...commits.keys()]);
      const dir = await checkout(mirror, repoRoot, commit.sha);
      return checkVersion(await loadTemplate(dir), chosen, `${reference.recorded} at ${commit.label}`);
    },
  };
}

interface Catalogue {
  commits: Map<string, { sha: string; label: string }>;
  /** The version at the pinned ref, the default when the reference has one. */
  pinned: string | undefined;
}

async function readCatalogue(reference: GitReference, mirror: string, repoRoot: string): Promise<Catalogue> {
  const commits = await semverTags(mirror);
  if (reference.pin === undefined && commits.size > 0) return { commits, pinned: undefined };
  const rev = reference.pin ?? 'HEAD';
  const sha = await resolveCommit(mirror, rev, reference.recorded);
  const template = await loadTemplate(await checkout(mirror, repoRoot, sha));
  const version = template.manifest.version;
  if (!commits.has(version)) commits.set(version, { sha, label: rev });
  return { commits, pinned: reference.pin === undefined ? undefined : version };
}

async function semverTags(mirror: string): Promise<Map<string, { sha: string; label: string }>> {
  const { stdout } = await git(
    ['for-each-ref', '--format=%(refname:strip=2) %(objectname) %(*objectname)', 'refs/tags'],
    mirror,
  );
  const tags = new Map<string, { sha: string; label: string }>();
  for (const line of stdout.split('\n')) {
    const [tag, object, peeled] = line.split(' ');
    if (!tag || !object) continue;
    const version = tag.replace(/^v/, '');
    if (valid(version) !== version || tags.has(version)) continue;
    tags.set(version, { sha: peeled || object, label: `tag ${tag}` });
  }
  return tags;
}

/** The newest commit on rev's history whose template.yaml declares the version. */
async function untaggedVersion(
  mirror: string,
  rev: string,
  version: string,
): Promise<{ sha: string; label: string } | undefined> {
  const log = await git(['log', '--format=%H', '-n', '500', rev, '--', 'template.yaml'], mirror).catch(
    () => undefined,
  );
  for (const sha of log?.stdout.split('\n').filter(Boolean) ?? []) {
    const shown = await git(['show', `${sha}:template.yaml`], mirror).catch(() => undefined);
    if (shown && declaredVersion(shown.stdout) === version)
      return { sha, label: `commit ${sha.slice(0, 12)}` };
  }
  return undefined;
}

function declaredVersion(manifest: string): unknown {
  try {
    return (loadYaml().parse(manifest) as { version?: unknown } | null)?.version;
  } catch {
    return undefined;
  }
}

async function resolveCommit(mirror: string, rev: string, ref: string): Promise<string> {
  try {
    const { stdout } = await git(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], mirror);
    return stdout.trim();
  } catch (error) {
    throw new GtcxError('not_found', `${ref}: no branch, tag or commit "${rev}" in the repository`, {
      hint: 'check the part after # (a branch, tag or commit of that repository)',
      cause: error,
    });
  }
}

/** Clones a mirror on first use and fetches on reuse; offline, a stale mirror is still used. */
async function syncMirror(url: string, repoRoot: string): Promise<string> {
  const mirror = join(repoRoot, 'mirror.git');
  if (await exists(mirror)) {
    await git(['fetch', '--prune', '--quiet', 'origin'], mirror).catch(() => undefined);
    return mirror;
  }
  await mkdir(repoRoot, { recursive: true });
  const staging = join(repoRoot, `.clone-${randomBytes(6).toString('hex')}`);
  try {
    await git(['clone', '--mirror', '--quiet', '--', url, staging], repoRoot);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw new GtcxError('not_found', `could not clone template repository ${url}`, {
      hint: 'check the URL and your access to it (git must be able to clone it)',
      details: { stderr: stderrOf(error) },
      cause: error,
    });
  }
  // Another process may have cloned it meanwhile; either copy is as good.
  await rename(staging, mirror).catch(() => rm(staging, { recursive: true, force: true }));
  return mirror;
}

/** Extracts one commit's tree with git archive; a commit's tree never changes, so it is kept. */
async function checkout(mirror: string, repoRoot: string, sha: string): Promise<string> {
  const dir = join(repoRoot, 'commits', sha);
  if (await exists(dir)) return dir;
  const staging = join(repoRoot, 'commits', `.extract-${randomBytes(6).toString('hex')}`);
  await mkdir(staging, { recursive: true });
  try {
    const { execa } = await import('execa');
    await execa('git', ['archive', '--format=tar', sha], { cwd: mirror, env: gitEnv() }).pipe('tar', [
      '-x',
      '-C',
      staging,
    ]);
    await rename(staging, dir);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    if (await exists(dir)) return dir;
    throw new GtcxError('internal', `could not extract commit ${sha} of a template repository`, {
      details: { stderr: stderrOf(error) },
      cause: error,
    });
  }
  return dir;
}

/** execa loads on the first git call: only git sources need it. */
async function git(args: string[], cwd: string): Promise<{ stdout: string }> {
  const { execa } = await import('execa');
  return execa('git', args, { cwd, env: gitEnv() });
}

/** Never wait for a credential or host-key prompt nobody will answer. */
function gitEnv(): Record<string, string> {
  return { GIT_TERMINAL_PROMPT: '0', GIT_SSH_COMMAND: process.env.GIT_SSH_COMMAND ?? 'ssh -o BatchMode=yes' };
}

function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password === '') return url;
    parsed.password = '';
    return parsed.href;
  } catch {
    return url;
  }
}

function stderrOf(error: unknown): string | undefined {
  const stderr = (error as { stderr?: unknown }).stderr;
  return typeof stderr === 'string' ? stderr.trim() : undefined;
}

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined)) !== undefined;
}
