import compareVersions from 'semver/functions/compare.js';
import prerelease from 'semver/functions/prerelease.js';

export type DistTagMap = Record<string, string>;

export const latestTag = 'latest';

/**
 * Tags after publishing `version`: an explicit tag points at it; without one, `latest` moves to it
 * when it is higher than the current latest and not a prerelease (npm's safe default). A pack always
 * gets a `latest` with its first version, whatever the tag.
 */
export function tagsAfterPublish(current: DistTagMap, version: string, tag: string | undefined): DistTagMap {
  const next = { ...current };
  if (tag !== undefined) next[tag] = version;
  const latest = next[latestTag];
  if (latest === undefined) next[latestTag] = version;
  else if (tag === undefined && prerelease(version) === null && compareVersions(version, latest) > 0) {
    next[latestTag] = version;
  }
  return next;
}

/**
 * Tags after yanking `version`: each tag on it moves to the highest remaining installable version
 * (`latest` prefers a release over a prerelease), or goes when none is left.
 */
export function tagsAfterYank(current: DistTagMap, version: string, installable: string[]): DistTagMap {
  const remaining = installable.filter((candidate) => candidate !== version).sort(compareVersions);
  const highest = remaining[remaining.length - 1];
  const highestRelease = remaining.filter((candidate) => prerelease(candidate) === null).pop();
  const next: DistTagMap = {};
  for (const [tag, target] of Object.entries(current)) {
    if (target !== version) next[tag] = target;
    else {
      const replacement = tag === latestTag ? (highestRelease ?? highest) : highest;
      if (replacement !== undefined) next[tag] = replacement;
    }
  }
  return next;
}

/** Tags after restoring `version`: unchanged, except that a pack left without `latest` gets it back. */
export function tagsAfterUnyank(current: DistTagMap, version: string): DistTagMap {
  return current[latestTag] === undefined ? { ...current, [latestTag]: version } : current;
}
