import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import {
  buildPack,
  computeIntegrity,
  GtcxError,
  type LockedPack,
  type Lockfile,
  loadPackManifest,
  type PackManifest,
  type PackVersion,
  parsePackManifest,
  parsePackSpec,
  type ResolvedPack,
  type RootSpec,
  readArchive,
  readPackTarball,
  resolveDependencies,
  verifyIntegrity,
} from '@gtcx/core';
import type { PackContext } from './context.js';
import type { OnBytes } from './download.js';
import { writingToSync } from './fs-errors.js';
import { downloadNpm, npmRegistry, parseNpmSpec, resolveNpm } from './npm.js';
import type { PackRegistry } from './registry.js';

export type PackSource = 'registry' | 'file' | 'npm';

/** One pack an install will put in place: what it is, where it comes from, how to fetch it. */
export interface PlannedPack {
  name: string;
  version: string;
  integrity: string;
  /** What the lockfile records: a tarball URL, `file:<path>` or `npm:<package>@<version>`. */
  resolved: string;
  dependencies: Record<string, string>;
  /** The engines.gtcx range, when planning knows it (registry metadata, a local pack.yaml). */
  engines?: { gtcx?: string };
  source: PackSource;
  /** The tarball, when planning already read it (files, directories). */
  tarball?: Buffer;
  /** Downloads (or reads) the tarball when the cache lacks it. */
  fetch(onBytes?: OnBytes): Promise<Buffer>;
  /** npm packages keep their files under package/. */
  strip: number;
  deprecated?: string;
  /** Registry packs: where to verify them, and their signed metadata once known. */
  signed?: { registry: PackRegistry; version?: PackVersion };
}

export const labelOf = (pack: { name: string; version: string }) => `${pack.name}@${pack.version}`;

/** What `gtcx pack install <spec>` means: the pack itself and everything it depends on. */
export async function planSpec(context: PackContext, spec: string, lockDir: string): Promise<PlannedPack[]> {
  if (spec.startsWith('npm:')) return withDependencies(context, await planNpm(context, spec));
  const path = resolve(context.cwd, spec);
  if (spec.endsWith('.tgz') || spec.startsWith('.') || spec.startsWith('/') || existsSync(path)) {
    if (!existsSync(path)) {
      throw new GtcxError('not_found', `${spec} does not exist`, {
        hint: 'give a pack tarball (.tgz), a pack directory, @scope/name[@range] or npm:<package>[@range]',
        details: { path },
      });
    }
    const local = statSync(path).isDirectory()
      ? await planDirectory(context, path, lockDir)
      : await planFile(context, path, lockDir);
    return withDependencies(context, local);
  }
  const { name, spec: range } = parsePackSpec(spec);
  const registry = context.registry(`install ${spec}`);
  const resolved = await resolveDependencies([{ name, spec: range }], (pack) => registry.packument(pack));
  return [...resolved.values()].map((pack) => fromRegistry(registry, pack));
}

/** A local or npm pack plus its pack dependencies, resolved in the registry. */
async function withDependencies(context: PackContext, local: PlannedPack): Promise<PlannedPack[]> {
  const roots: RootSpec[] = Object.entries(local.dependencies).map(([name, spec]) => ({ name, spec }));
  if (roots.length === 0) return [local];
  const registry = context.registry(`resolve the dependencies of ${labelOf(local)}`);
  const resolved = await resolveDependencies(roots, (pack) => registry.packument(pack));
  resolved.delete(local.name);
  return [local, ...[...resolved.values()].map((pack) => fromRegistry(registry, pack))];
}

export function fromRegistry(registry: PackRegistry, pack: ResolvedPack): PlannedPack {
  return {
    name: pack.name,
    version: pack.version,
    integrity: pack.integrity,
    resolved: registry.resolvedUrl(pack.tarball),
    dependencies: pack.dependencies,
    engines: pack.manifest.engines ?? {},
    source: 'registry',
    strip: 0,
    fetch: (onBytes) => registry.tarball(pack.name, pack.version, onBytes),
    ...(pack.deprecated ? { deprecated: pack.deprecated } : {}),
    signed: { registry, version: pack.manifest },
  };
}

async function planFile(context: PackContext, path: string, lockDir: string): Promise<PlannedPack> {
  const tarball = readFileSync(path);
  const integrity = computeIntegrity(tarball);
  const manifest = await localManifest(context, tarball, integrity, path);
  return {
    ...fromManifest(manifest, integrity, `file:${portable(lockDir, path)}`),
    source: 'file',
    tarball,
    strip: 0,
    fetch: async () => tarball,
  };
}

async function planDirectory(context: PackContext, dir: string, lockDir: string): Promise<PlannedPack> {
  const tarball = await buildInto(context, dir);
  const integrity = computeIntegrity(tarball);
  const manifest = loadPackManifest(dir);
  return {
    ...fromManifest(manifest, integrity, `file:${portable(lockDir, dir)}`),
    source: 'file',
    tarball,
    strip: 0,
    fetch: async () => tarball,
  };
}

async function planNpm(context: PackContext, spec: string): Promise<PlannedPack> {
  const npmSpec = parseNpmSpec(spec);
  if (context.offline) {
    throw new GtcxError('not_found', `--offline: cannot resolve ${spec} without the npm registry`, {
      hint: 'run the install once without --offline; afterwards the lockfile installs it from the cache',
      details: { missing: [spec] },
    });
  }
  const release = await resolveNpm(npmSpec, await npmRegistry(context.cwd, context.env));
  const tarball = await downloadNpm(release);
  const manifest = await localManifest(
    context,
    tarball,
    release.integrity,
    `npm:${release.name}@${release.version}`,
    1,
  );
  return {
    ...fromManifest(manifest, release.integrity, `npm:${release.name}@${release.version}`),
    source: 'npm',
    tarball,
    strip: 1,
    fetch: async () => tarball,
    ...(release.deprecated ? { deprecated: release.deprecated } : {}),
  };
}

/**
 * The pack.yaml of a local tarball: from its unpacked tree when the cache has one (a warm install
 * never reads the archive again), else from a full in-memory check of the archive, which refuses a
 * hostile one before anything of it is written anywhere.
 */
async function localManifest(
  context: PackContext,
  tarball: Buffer,
  integrity: string,
  label: string,
  strip = 0,
): Promise<PackManifest> {
  const unpacked = context.cache.unpackedPath(integrity);
  if (existsSync(join(unpacked, 'pack.yaml'))) return loadPackManifest(unpacked);
  if (strip === 0) return (await readPackTarball(tarball, { label })).manifest;
  const archive = await readArchive(tarball, { label, strip });
  const file = archive.contents.get('pack.yaml');
  if (!file) {
    throw new GtcxError('validation_failed', `${label} is not a gtcx pack: it has no pack.yaml at its root`, {
      hint: 'publish the pack to npm with pack.yaml next to package.json, or install a different package',
      details: { pack: label, field: 'pack.yaml' },
    });
  }
  return parsePackManifest(file.content.toString('utf8'), `${label}/pack.yaml`);
}

function fromManifest(manifest: PackManifest, integrity: string, resolved: string) {
  return {
    name: manifest.name,
    version: manifest.version,
    integrity,
    resolved,
    dependencies: { ...manifest.dependencies },
    engines: { ...manifest.engines },
  };
}

/** Builds a pack directory into a temporary file under the cache and reads it back. */
async function buildInto(context: PackContext, dir: string): Promise<Buffer> {
  const out = join(context.dirs.cache, 'packs', 'tmp');
  const temp = writingToSync(context.dirs.cache, 'the pack cache', dir, () => {
    mkdirSync(out, { recursive: true });
    return mkdtempSync(join(out, 'build-'));
  });
  try {
    const built = await buildPack(dir, { outDir: temp });
    return readFileSync(built.file);
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

/** Lockfile paths are relative to the lockfile and use forward slashes, so the file travels. */
function portable(lockDir: string, path: string): string {
  const rel = relative(lockDir, path).split('\\').join('/');
  return rel.startsWith('.') ? rel : `./${rel}`;
}

/** What `gtcx pack install` (no argument) means: exactly the lockfile's packs. */
export function planLockfile(context: PackContext, lock: Lockfile, lockDir: string): PlannedPack[] {
  return Object.entries(lock.packs).map(([name, locked]) => planLocked(context, name, locked, lockDir));
}

function planLocked(context: PackContext, name: string, locked: LockedPack, lockDir: string): PlannedPack {
  const label = `${name}@${locked.version}`;
  const base = {
    name,
    version: locked.version,
    integrity: locked.integrity,
    resolved: locked.resolved,
    dependencies: { ...(locked.dependencies ?? {}) },
  };
  if (locked.resolved.startsWith('file:')) {
    const path = resolve(lockDir, locked.resolved.slice('file:'.length));
    return {
      ...base,
      source: 'file',
      strip: 0,
      fetch: async () => {
        if (!existsSync(path)) {
          throw new GtcxError('not_found', `${label} is locked to ${locked.resolved}, which does not exist`, {
            hint: `restore ${path}, or remove ${name} from the lockfile and install it again`,
            details: { pack: label, path },
          });
        }
        const tarball = statSync(path).isDirectory() ? await buildInto(context, path) : readFileSync(path);
        verifyIntegrity(tarball, locked.integrity, { label });
        return tarball;
      },
    };
  }
  if (locked.resolved.startsWith('npm:')) {
    const npmSpec = parseNpmSpec(locked.resolved);
    return {
      ...base,
      source: 'npm',
      strip: 1,
      fetch: async (onBytes) => {
        const release = await resolveNpm(npmSpec, await npmRegistry(context.cwd, context.env));
        return downloadNpm({ ...release, integrity: locked.integrity }, onBytes);
      },
    };
  }
  const registry = context.registryAt(registryBase(locked.resolved, label));
  return {
    ...base,
    source: 'registry',
    strip: 0,
    fetch: (onBytes) => registry.tarball(name, locked.version, onBytes),
    // The signed metadata comes from the packument, read when the install verifies.
    signed: { registry },
  };
}

/** The server root of a registry tarball URL (…/v1/packs/<name>/versions/<v>/tarball). */
export function registryBase(resolved: string, label: string): string {
  const match = /^(https?:\/\/.+?)\/v1\/packs\/[^/]+\/versions\/[^/]+\/tarball$/.exec(resolved);
  if (!match?.[1]) {
    throw new GtcxError(
      'validation_failed',
      `the lockfile resolves ${label} to ${resolved}, which is not a gtcx registry tarball URL`,
      {
        hint: 'fix the entry by hand, or remove it and run gtcx pack install <name> to lock it again',
        details: { pack: label, resolved },
      },
    );
  }
  return match[1];
}

export function lockDirOf(lockfile: string): string {
  return isAbsolute(lockfile) ? dirname(lockfile) : dirname(resolve(lockfile));
}
