import { accessSync, constants, existsSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import {
  assertLockfileUpToDate,
  emptyLockfile,
  GtcxError,
  getInstalledPack,
  type InstalledPack,
  type LockedPack,
  type Lockfile,
  loadPackManifest,
  lockfileFrom,
  type Packument,
  type RootSpec,
  readLockfile,
  recordInstalledPacks,
  removeInstalledPack,
  resolveDependencies,
  type Store,
  serializeLockfile,
  splitPackName,
  writeLockfile,
} from '@gtcx/core';
import type { PackContext } from './context.js';
import { assertPackEngine } from './engines.js';
import { unwritableError, writingTo } from './fs-errors.js';
import { openLocalIndex } from './local-index.js';
import { labelOf, type PackSource, type PlannedPack, planLockfile, planSpec } from './plan.js';
import type { InstallProgress } from './progress.js';
import type { PackRegistry } from './registry.js';
import { notCached } from './registry.js';
import { verifyRegistrySignatures } from './signatures.js';

export interface InstallRequest {
  /** `@scope/name[@range|@tag]`, a .tgz, a directory or `npm:<package>[@range]`; none installs the lockfile. */
  spec?: string | undefined;
  /** Absolute path of gtcx-lock.json. */
  lockfile: string;
  /** Fail on any difference between the lockfile and what the install would write. */
  frozen: boolean;
  /** Check registry signatures (only --no-verify turns this off). */
  verify: boolean;
  /** Fetch again and reinstall even what the cache and the packs directory already hold. */
  force: boolean;
  progress: InstallProgress;
  warn(message: string): void;
  /** This gtcx's version, checked against each pack's engines.gtcx. */
  gtcxVersion: string;
}

export interface InstalledPackReport {
  name: string;
  version: string;
  integrity: string;
  resolved: string;
  source: PackSource;
  dir: string;
  /** Downloaded (or read) in this run, rather than found in the cache. */
  fetched: boolean;
  /** Already installed with the same integrity: nothing was copied. */
  upToDate: boolean;
  /** How it was verified: a registry signature, skipped by --no-verify, or integrity only (files, npm). */
  verification: 'signature' | 'skipped' | 'integrity';
  deprecated?: string;
}

export interface InstallResult {
  packs: InstalledPackReport[];
  lockfile: string;
  lockfileWritten: boolean;
  warnings: string[];
}

/** Where an installed pack's files live: `<data>/packs/<scope>/<name>/`. */
export function installedPackDir(dataDir: string, name: string): string {
  const parts = splitPackName(name);
  if (!parts)
    throw new GtcxError('validation_failed', `"${name}" is not a pack name`, {
      hint: 'pack names look like @scope/name',
    });
  return join(dataDir, 'packs', parts.scope, parts.name);
}

/**
 * Resolves, verifies, fetches, caches, unpacks and materialises packs, then indexes them and
 * writes the lockfile. Every check (lockfile, signatures, downloads, integrity, archive safety)
 * runs before anything is put in place, and a refused pack leaves nothing in the cache, the packs
 * directory, the index or the lockfile.
 */
export async function installPacks(context: PackContext, request: InstallRequest): Promise<InstallResult> {
  const warnings: string[] = [];
  const warn = (message: string) => {
    warnings.push(message);
    request.warn(message);
  };
  const lockDir = dirname(request.lockfile);
  const lockName = basename(request.lockfile);
  const lock = readLockfileAt(request.lockfile, request.spec ?? 'the locked packs');
  let planned: PlannedPack[];
  let wanted: Lockfile;
  if (request.spec !== undefined) {
    planned = await planSpec(context, request.spec, lockDir);
    wanted = merged(lock, planned);
    if (request.frozen) assertLockfileUpToDate(lock ?? emptyLockfile(), wanted, lockName);
  } else {
    if (!lock) throw noLockfile(request.lockfile);
    assertLockfileComplete(lock, request.lockfile);
    planned = planLockfile(context, lock, lockDir);
    wanted = lock;
    if (request.frozen) await assertLockMatchesRegistries(context, lock, planned, lockName);
  }

  const lockText = lock === undefined ? undefined : serializeLockfile(lock);
  const lockfileWritten = !request.frozen && lockText !== serializeLockfile(wanted);
  const labels = planned.map(labelOf).join(', ');
  // Before anything is fetched or put in place: a lockfile that cannot be written would otherwise
  // leave packs installed that no lockfile records.
  if (lockfileWritten) assertLockfileWritable(request.lockfile, labels);
  for (const pack of planned) assertPackEngine(pack, request.gtcxVersion);

  if (context.offline) assertCachedOffline(context, planned, request.force);
  await checkSignatures(planned, request.verify, warn);
  for (const pack of planned) {
    if (pack.signed?.version) assertPackEngine(pack.signed.version, request.gtcxVersion);
    if (pack.deprecated) warn(`${labelOf(pack)} is deprecated: ${pack.deprecated}`);
  }
  const fetched = await fetchMissing(context, planned, request);
  await cacheAndUnpack(context, planned, fetched, request);
  const packs = await materialise(context, planned, fetched, request, async () => {
    if (!lockfileWritten) return;
    await writingTo(request.lockfile, 'the lockfile', labels, () => writeLockfile(request.lockfile, wanted));
  });
  request.progress.done();
  return { packs, lockfile: request.lockfile, lockfileWritten, warnings };
}

/** The lockfile after this install: earlier entries kept, the installed packs replaced or added. */
function merged(lock: Lockfile | undefined, planned: PlannedPack[]): Lockfile {
  const packs: Record<string, LockedPack> = { ...(lock?.packs ?? {}) };
  for (const pack of planned) {
    packs[pack.name] = {
      version: pack.version,
      resolved: pack.resolved,
      integrity: pack.integrity,
      ...(Object.keys(pack.dependencies).length > 0 ? { dependencies: { ...pack.dependencies } } : {}),
    };
  }
  return { lockfileVersion: 1, packs };
}

/**
 * --frozen-lockfile without a pack: resolves every locked pack again at its locked version, with
 * the dependencies the registry records, and fails naming each difference from the lockfile.
 */
async function assertLockMatchesRegistries(
  context: PackContext,
  lock: Lockfile,
  planned: PlannedPack[],
  lockName: string,
): Promise<void> {
  const registries = new Map<string, PackRegistry>();
  for (const pack of planned) if (pack.signed) registries.set(pack.name, pack.signed.registry);
  const registryFor = (name: string) => registries.get(name) ?? context.registry(`resolve ${name}`);
  const roots: RootSpec[] = [];
  for (const pack of planned) {
    if (pack.source === 'registry') roots.push({ name: pack.name, spec: pack.version });
    else for (const [name, spec] of Object.entries(pack.dependencies)) roots.push({ name, spec });
  }
  const local = planned.filter((pack) => pack.source !== 'registry');
  const resolved =
    roots.length === 0
      ? new Map()
      : await resolveDependencies(roots, (name) => registryFor(name).packument(name), { allowYanked: true });
  for (const pack of local) resolved.delete(pack.name);
  const fromRegistries = lockfileFrom(resolved.values(), (pack) =>
    registryFor(pack.name).resolvedUrl(pack.tarball),
  );
  const localEntries = Object.fromEntries(
    local.map((pack) => [pack.name, lock.packs[pack.name] as LockedPack]),
  );
  assertLockfileUpToDate(
    lock,
    { lockfileVersion: 1, packs: { ...fromRegistries.packs, ...localEntries } },
    lockName,
  );
}

/**
 * Registry packs must carry a valid signature by one of the registry's keys; a lockfile install
 * reads the signed metadata from the packument (cached, so this works offline) and insists that
 * the registry still vouches for the locked integrity.
 */
async function checkSignatures(planned: PlannedPack[], verify: boolean, warn: (message: string) => void) {
  const signed = planned.filter((pack) => pack.signed !== undefined);
  if (!verify) {
    if (signed.length > 0) {
      warn(`signature verification skipped (--no-verify) for ${signed.map(labelOf).join(', ')}`);
    }
    return;
  }
  const byRegistry = new Map<PackRegistry, PlannedPack[]>();
  for (const pack of signed) {
    const registry = pack.signed?.registry as PackRegistry;
    byRegistry.set(registry, [...(byRegistry.get(registry) ?? []), pack]);
  }
  for (const [registry, packs] of byRegistry) {
    for (const pack of packs) {
      if (pack.signed && !pack.signed.version) {
        const version = lockedVersion(await registry.packument(pack.name), pack);
        pack.signed.version = version;
        if (version.deprecated) pack.deprecated = version.deprecated;
      }
    }
    await verifyRegistrySignatures(
      registry,
      packs.map((pack) => pack.signed?.version).filter((version) => version !== undefined),
    );
  }
}

function lockedVersion(packument: Packument, pack: PlannedPack) {
  const version = packument.versions[pack.version];
  if (!version) {
    throw new GtcxError(
      'not_found',
      `${labelOf(pack)} is locked, but the registry has no version ${pack.version}`,
      {
        hint: `remove ${pack.name} from the lockfile and run gtcx pack install ${pack.name} to lock an existing version`,
        details: { pack: labelOf(pack), available: Object.keys(packument.versions) },
      },
    );
  }
  if (version.dist.integrity !== pack.integrity) {
    throw new GtcxError(
      'integrity_mismatch',
      `${labelOf(pack)}: the lockfile has integrity ${pack.integrity} but the registry signs ${version.dist.integrity}`,
      {
        hint: 'the lockfile or the registry was tampered with: check where the lockfile change came from before reinstalling',
        details: { pack: labelOf(pack), expected: pack.integrity, actual: version.dist.integrity },
      },
    );
  }
  return version;
}

/** Offline, every tarball must be in the cache (or in hand); the error names all that are not. */
function assertCachedOffline(context: PackContext, planned: PlannedPack[], force: boolean): void {
  const missing = planned.filter(
    (pack) => !pack.tarball && pack.source !== 'file' && (force || !context.cache.has(pack.integrity)),
  );
  if (missing.length > 0) throw notCached(missing.map(labelOf));
}

/** Tarballs the cache lacks, downloaded (all of them, or an error naming each one missing offline). */
async function fetchMissing(context: PackContext, planned: PlannedPack[], request: InstallRequest) {
  const fetched = new Map<string, Buffer>();
  const missing: string[] = [];
  for (const pack of planned) {
    if (!request.force && context.cache.has(pack.integrity)) continue;
    if (pack.tarball) {
      fetched.set(pack.integrity, pack.tarball);
      continue;
    }
    if (context.offline && pack.source !== 'file') {
      missing.push(labelOf(pack));
      continue;
    }
    const label = labelOf(pack);
    const tarball = await pack.fetch((received, total) =>
      request.progress.downloading(label, received, total),
    );
    request.progress.downloaded(label, tarball.length);
    fetched.set(pack.integrity, tarball);
  }
  if (missing.length > 0) throw notCached(missing);
  return fetched;
}

/**
 * Puts fetched tarballs in the cache (each checked against its integrity) and unpacks every pack
 * with the extraction rules. Whatever this run added is evicted again if any pack is refused.
 */
async function cacheAndUnpack(
  context: PackContext,
  planned: PlannedPack[],
  fetched: Map<string, Buffer>,
  request: InstallRequest,
): Promise<void> {
  const added: string[] = [];
  const cacheDir = context.cache.root;
  try {
    for (const pack of planned) {
      const tarball = fetched.get(pack.integrity);
      if (!tarball) continue;
      const label = labelOf(pack);
      await writingTo(cacheDir, 'the pack cache', label, () => {
        if (request.force) context.cache.evict(pack.integrity);
        const fresh = !context.cache.has(pack.integrity);
        context.cache.put(tarball, pack.integrity, label);
        if (fresh) added.push(pack.integrity);
      });
    }
    for (const pack of planned) {
      const label = labelOf(pack);
      if (!existsSync(context.cache.unpackedPath(pack.integrity))) request.progress.extracting(label);
      const dir = await writingTo(cacheDir, 'the pack cache', label, () =>
        context.cache.ensureUnpacked(pack.integrity, { label, strip: pack.strip }),
      );
      assertIsPack(dir, pack, context, added, request.gtcxVersion);
    }
  } catch (error) {
    for (const integrity of added) context.cache.evict(integrity);
    throw error;
  }
}

/** The unpacked tree must be the pack it claims to be: a pack.yaml naming that name and version. */
function assertIsPack(
  dir: string,
  pack: PlannedPack,
  context: PackContext,
  added: string[],
  gtcxVersion: string,
): void {
  const label = labelOf(pack);
  if (!existsSync(join(dir, 'pack.yaml'))) {
    if (!added.includes(pack.integrity)) context.cache.evict(pack.integrity);
    throw new GtcxError(
      'validation_failed',
      `${label} (${pack.resolved}) is not a gtcx pack: it has no pack.yaml at its root`,
      {
        hint: 'publish packs with pack.yaml at the root (next to package.json for npm), or install a different package',
        details: { pack: label, resolved: pack.resolved },
      },
    );
  }
  const manifest = loadPackManifest(dir);
  if (manifest.name !== pack.name || manifest.version !== pack.version) {
    throw new GtcxError(
      'integrity_mismatch',
      `${label} (${pack.resolved}) holds ${manifest.name}@${manifest.version} instead`,
      {
        hint: 'the registry or the lockfile entry is inconsistent: reinstall by name, or report it to the registry admins',
        details: { pack: label, found: `${manifest.name}@${manifest.version}` },
      },
    );
  }
  // Lockfile and npm installs learn the range only from the unpacked pack.yaml.
  assertPackEngine(manifest, gtcxVersion);
}

/**
 * Copies each pack from the cache into the packs directory (atomically per pack), indexes them and
 * runs `commit` (the lockfile write). When indexing or the commit fails, every pack this run put in
 * place is taken back: the earlier version restored, or the pack removed.
 */
async function materialise(
  context: PackContext,
  planned: PlannedPack[],
  fetched: Map<string, Buffer>,
  request: InstallRequest,
  commit: () => Promise<void>,
): Promise<InstalledPackReport[]> {
  const dataDir = context.dirs.data;
  const labels = planned.map(labelOf).join(', ');
  const store = await writingTo(dataDir, 'the data directory', labels, () => openLocalIndex(dataDir));
  const replaced: Replaced[] = [];
  try {
    const reports: InstalledPackReport[] = [];
    for (const pack of planned) {
      const label = labelOf(pack);
      const dir = installedPackDir(dataDir, pack.name);
      const current = await getInstalledPack(store.db, pack.name);
      const upToDate =
        !request.force && current?.integrity === pack.integrity && existsSync(join(dir, 'pack.yaml'));
      if (!upToDate) {
        replaced.push({ name: pack.name, dir, previous: current });
        await writingTo(join(dataDir, 'packs'), 'the packs directory', label, () =>
          context.cache.install(pack.integrity, dir, { replace: true, label }),
        );
      }
      request.progress.installed(label, dir, upToDate);
      reports.push({
        name: pack.name,
        version: pack.version,
        integrity: pack.integrity,
        resolved: pack.resolved,
        source: pack.source,
        dir,
        fetched: fetched.has(pack.integrity),
        upToDate,
        verification: pack.source !== 'registry' ? 'integrity' : request.verify ? 'signature' : 'skipped',
        ...(pack.deprecated ? { deprecated: pack.deprecated } : {}),
      });
    }
    await writingTo(dataDir, 'the data directory', labels, () =>
      store.transaction((trx) =>
        recordInstalledPacks(
          trx,
          reports.map((report) => ({
            name: report.name,
            version: report.version,
            integrity: report.integrity,
            resolved: report.resolved,
            dir: report.dir,
          })),
        ),
      ),
    );
    await commit();
    return reports;
  } catch (error) {
    await rollBack(context, store, replaced);
    throw error;
  } finally {
    await store.close();
  }
}

/** A pack this run put in place, and what was installed under its name before (if anything). */
interface Replaced {
  name: string;
  dir: string;
  previous: InstalledPack | undefined;
}

/** Takes back what materialise put in place: best effort, so the original error is what reports. */
async function rollBack(context: PackContext, store: Store, replaced: Replaced[]): Promise<void> {
  for (const { name, dir, previous } of replaced.reverse()) {
    try {
      if (previous && context.cache.has(previous.integrity)) {
        await context.cache.install(previous.integrity, dir, { replace: true, label: name });
        await recordInstalledPacks(store.db, [previous]);
      } else {
        rmSync(dir, { recursive: true, force: true });
        await removeInstalledPack(store.db, name);
      }
    } catch {
      // Keep rolling back the rest; the error that stopped the install is the one to report.
    }
  }
}

/**
 * The lockfile must be writable before anything is installed: its path is not a directory, and
 * the nearest existing directory on its path is a directory this user can write.
 */
function assertLockfileWritable(file: string, labels: string): void {
  const refuse = (code: string, path: string) => {
    const error = Object.assign(new Error(`${code}: ${path}`), { code, path });
    throw unwritableError(error, file, 'the lockfile', labels);
  };
  if (existsSync(file)) {
    if (statSync(file).isDirectory()) refuse('EISDIR', file);
    try {
      accessSync(file, constants.W_OK);
    } catch (error) {
      throw unwritableError(error, file, 'the lockfile', labels);
    }
  }
  let dir = dirname(file);
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  if (!statSync(dir).isDirectory()) refuse('ENOTDIR', dir);
  try {
    accessSync(dir, constants.W_OK);
  } catch (error) {
    throw unwritableError(error, file, 'the lockfile', labels);
  }
}

/**
 * Every dependency a locked pack records must have its own entry (a forced uninstall removes one):
 * a lockfile install names what is missing instead of installing packs that cannot work.
 */
function assertLockfileComplete(lock: Lockfile, file: string): void {
  const missing: string[] = [];
  const names = new Set<string>();
  for (const [name, locked] of Object.entries(lock.packs)) {
    for (const [dependency, range] of Object.entries(locked.dependencies ?? {})) {
      if (lock.packs[dependency]) continue;
      missing.push(`${dependency}@${range} (needed by ${name}@${locked.version})`);
      names.add(dependency);
    }
  }
  if (missing.length === 0) return;
  throw new GtcxError('precondition_failed', `${file} lacks locked dependencies: ${missing.join(', ')}`, {
    hint: `install them online to lock them again (gtcx pack install ${[...names][0]}), or uninstall the packs that need them`,
    details: { missing },
  });
}

/** The lockfile, or undefined when there is none; a path that cannot hold one is an unwritable lockfile. */
function readLockfileAt(file: string, label: string): Lockfile | undefined {
  try {
    return readLockfile(file);
  } catch (error) {
    throw unwritableError(error, file, 'the lockfile', label);
  }
}

function noLockfile(file: string): GtcxError {
  return new GtcxError('not_found', `there is no lockfile at ${file}`, {
    hint: 'install a pack by name first (gtcx pack install @scope/name), or pass --lockfile <path>',
    details: { file },
  });
}
