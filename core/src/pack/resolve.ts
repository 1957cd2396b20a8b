import compareVersions from 'semver/functions/rcompare.js';
import satisfies from 'semver/functions/satisfies.js';
import validVersion from 'semver/functions/valid.js';
import validRange from 'semver/ranges/valid.js';
import { GtcxError } from '../errors.js';
import type { Packument, PackVersion } from './types.js';

export interface ResolveOptions {
  /** Let an exact version pick a yanked version (installing from a lockfile). */
  allowYanked?: boolean;
}

export interface ResolvedVersion {
  version: PackVersion;
  /** How the spec matched. */
  via: 'tag' | 'exact' | 'range';
  /** The deprecation message to warn with, when the version is deprecated. */
  deprecated?: string;
}

/** The tag an empty spec means, as in npm. */
const defaultTag = 'latest';

/**
 * Picks the version a spec means: a dist-tag by exact name first, then an exact version, then the
 * highest non-yanked version satisfying a range (preferring what `latest` points at when it
 * satisfies, as npm does). Yanked versions resolve only by exact version with allowYanked;
 * deprecated ones resolve and carry their message.
 */
export function resolveRange(
  packument: Packument,
  spec: string,
  options: ResolveOptions = {},
): ResolvedVersion {
  const wanted = spec.trim() === '' ? defaultTag : spec.trim();
  const tagged = packument.distTags[wanted];
  if (tagged !== undefined) {
    const version = packument.versions[tagged];
    if (!version)
      throw notFound(packument, wanted, `its dist-tag "${wanted}" points at ${tagged}, which does not exist`);
    if (version.yanked)
      throw notFound(packument, wanted, `its dist-tag "${wanted}" points at ${tagged}, which is yanked`);
    return result(version, 'tag');
  }
  if (validVersion(wanted) === wanted) {
    const version = packument.versions[wanted];
    if (!version) throw notFound(packument, wanted, `there is no version ${wanted}`);
    if (version.yanked && !options.allowYanked) {
      throw notFound(
        packument,
        wanted,
        `version ${wanted} was yanked${version.yankReason ? ` (${version.yankReason})` : ''}`,
      );
    }
    return result(version, 'exact');
  }
  if (validRange(wanted) === null) {
    throw notFound(packument, wanted, `"${wanted}" is neither a dist-tag nor a semver range`);
  }
  const latest = packument.distTags[defaultTag];
  const latestVersion = latest === undefined ? undefined : packument.versions[latest];
  if (latestVersion && !latestVersion.yanked && satisfies(latestVersion.version, wanted)) {
    return result(latestVersion, 'range');
  }
  const best = installable(packument).find((version) => satisfies(version.version, wanted));
  if (!best) throw notFound(packument, wanted, `no version satisfies ${wanted}`);
  return result(best, 'range');
}

/** Non-yanked versions, highest first. */
function installable(packument: Packument): PackVersion[] {
  return Object.values(packument.versions)
    .filter((version) => !version.yanked)
    .sort((a, b) => compareVersions(a.version, b.version));
}

function result(version: PackVersion, via: ResolvedVersion['via']): ResolvedVersion {
  return { version, via, ...(version.deprecated ? { deprecated: version.deprecated } : {}) };
}

function notFound(packument: Packument, spec: string, problem: string): GtcxError {
  const available = installable(packument).map((version) => version.version);
  const tags = Object.entries(packument.distTags).map(([tag, version]) => `${tag} -> ${version}`);
  return new GtcxError('not_found', `cannot resolve ${packument.name}@${spec}: ${problem}`, {
    hint:
      available.length === 0
        ? `${packument.name} has no installable version`
        : `available versions: ${available.slice(0, 20).join(', ')}${available.length > 20 ? ', ...' : ''}${tags.length > 0 ? `; dist-tags: ${tags.join(', ')}` : ''}`,
    details: { pack: packument.name, spec, available, distTags: packument.distTags },
  });
}

export interface RootSpec {
  name: string;
  /** Range, exact version or dist-tag; '' for latest. */
  spec: string;
}

export interface ResolvedPack {
  name: string;
  version: string;
  integrity: string;
  /** The tarball path or URL from the packument. */
  tarball: string;
  dependencies: Record<string, string>;
  /** `<root>` for what was asked for directly, else `name@version` of each dependent. */
  requiredBy: string[];
  deprecated?: string;
  /** The packument entry, for signature checks and the local index. */
  manifest: PackVersion;
}

export type FetchPackument = (name: string) => Promise<Packument>;

interface Constraint {
  spec: string;
  from: string;
}

/**
 * Resolves root specs and their pack dependencies breadth-first to one version per pack. When a
 * pack is required with a range its chosen version misses, the resolver retries with every range
 * it has seen for that pack and fails, naming both dependents, when no version satisfies them all.
 */
export async function resolveDependencies(
  roots: readonly RootSpec[],
  fetchPackument: FetchPackument,
  options: ResolveOptions = {},
): Promise<Map<string, ResolvedPack>> {
  const packuments = new Map<string, Promise<Packument>>();
  const fetchOnce = (name: string) => {
    let pending = packuments.get(name);
    if (!pending) {
      pending = fetchPackument(name);
      packuments.set(name, pending);
    }
    return pending;
  };
  const known = new Map<string, Constraint[]>();
  // Each retry adds at least one constraint, and constraints come from a finite set of ranges.
  for (;;) {
    const attempt = await resolveOnce(roots, fetchOnce, known, options);
    if (attempt.done) return sortByName(attempt.packs);
  }
}

async function resolveOnce(
  roots: readonly RootSpec[],
  fetchPackument: FetchPackument,
  known: Map<string, Constraint[]>,
  options: ResolveOptions,
): Promise<{ done: true; packs: Map<string, ResolvedPack> } | { done: false }> {
  const packs = new Map<string, ResolvedPack>();
  const queue: Array<{ name: string; constraint: Constraint }> = roots.map((root) => ({
    name: root.name,
    constraint: { spec: root.spec, from: '<root>' },
  }));
  while (queue.length > 0) {
    const { name, constraint } = queue.shift() as { name: string; constraint: Constraint };
    const chosen = packs.get(name);
    if (chosen) {
      if (matches(chosen, constraint)) {
        if (!chosen.requiredBy.includes(constraint.from)) chosen.requiredBy.push(constraint.from);
        continue;
      }
      remember(known, name, constraint);
      return { done: false };
    }
    const packument = await fetchPackument(name);
    remember(known, name, constraint);
    const version = pick(packument, known.get(name) ?? [constraint], options);
    const pack: ResolvedPack = {
      name,
      version: version.version.version,
      integrity: version.version.dist.integrity,
      tarball: version.version.dist.tarball,
      dependencies: { ...version.version.dependencies },
      requiredBy: [constraint.from],
      ...(version.deprecated ? { deprecated: version.deprecated } : {}),
      manifest: version.version,
    };
    packs.set(name, pack);
    for (const [dependency, range] of Object.entries(pack.dependencies)) {
      queue.push({ name: dependency, constraint: { spec: range, from: `${name}@${pack.version}` } });
    }
  }
  return { done: true, packs };
}

function matches(pack: ResolvedPack, constraint: Constraint): boolean {
  if (constraint.spec === '' || constraint.spec === pack.version) return true;
  if (validRange(constraint.spec) === null) return false;
  return satisfies(pack.version, constraint.spec);
}

/** The version for the first constraint that also satisfies every other one seen for this pack. */
function pick(packument: Packument, constraints: Constraint[], options: ResolveOptions): ResolvedVersion {
  const [first, ...rest] = constraints as [Constraint, ...Constraint[]];
  if (rest.length === 0) return resolveRange(packument, first.spec, options);
  const fromTags = constraints.map((constraint) => ({
    ...constraint,
    spec: packument.distTags[constraint.spec] ?? constraint.spec,
  }));
  const candidates = installable(packument).filter((version) =>
    fromTags.every(
      (constraint) =>
        constraint.spec === '' ||
        constraint.spec === version.version ||
        satisfiesRange(version.version, constraint.spec),
    ),
  );
  const best = candidates[0];
  if (best) return result(best, 'range');
  const [a, b] = conflictingPair(packument, fromTags);
  throw new GtcxError(
    'conflict',
    `cannot resolve ${packument.name}: ${a.from} needs ${a.spec || 'latest'} but ${b.from} needs ${b.spec || 'latest'}, and no version satisfies both`,
    {
      hint: `align the ranges for ${packument.name} in the dependent packs, or install versions of them that agree`,
      details: {
        pack: packument.name,
        constraints: fromTags,
        available: installable(packument).map((version) => version.version),
      },
    },
  );
}

/** Two constraints no single version meets, to name in the error (the first and last as a fallback). */
function conflictingPair(packument: Packument, constraints: Constraint[]): [Constraint, Constraint] {
  const versions = installable(packument).map((version) => version.version);
  const meets = (version: string, constraint: Constraint) =>
    constraint.spec === '' || constraint.spec === version || satisfiesRange(version, constraint.spec);
  for (let i = 0; i < constraints.length; i++) {
    for (let j = i + 1; j < constraints.length; j++) {
      const [a, b] = [constraints[i] as Constraint, constraints[j] as Constraint];
      if (!versions.some((version) => meets(version, a) && meets(version, b))) return [a, b];
    }
  }
  return [constraints[0] as Constraint, constraints[constraints.length - 1] as Constraint];
}

function satisfiesRange(version: string, spec: string): boolean {
  return validRange(spec) !== null && satisfies(version, spec);
}

function remember(known: Map<string, Constraint[]>, name: string, constraint: Constraint): void {
  const list = known.get(name) ?? [];
  if (!list.some((item) => item.spec === constraint.spec && item.from === constraint.from))
    list.push(constraint);
  known.set(name, list);
}

function sortByName(packs: Map<string, ResolvedPack>): Map<string, ResolvedPack> {
  return new Map([...packs.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
