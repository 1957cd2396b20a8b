import { isGtcxError, type PackVersion, verifyPackSignature } from '@gtcx/core';
import { writingTo } from './fs-errors.js';
import type { PackRegistry } from './registry.js';

/**
 * Checks each version's registry signature against the server's keys, from the key cache when it
 * has them. A signature by a key id the cache does not know fetches the keys once more (the
 * registry may have rotated), unless offline.
 */
export async function verifyRegistrySignatures(
  registry: PackRegistry,
  versions: readonly PackVersion[],
): Promise<void> {
  if (versions.length === 0) return;
  const labels = versions.map((version) => `${version.name}@${version.version}`).join(', ');
  // The keys are cached after a fetch: an unwritable cache names the packs it stopped.
  const signingKeys = (options: { refresh?: boolean } = {}) =>
    writingTo(registry.cacheDir, 'the pack cache', labels, () => registry.signingKeys(options));
  let keys = await signingKeys();
  let refreshed = false;
  for (const version of versions) {
    const subject = { name: version.name, version: version.version, integrity: version.dist.integrity };
    const check = () =>
      verifyPackSignature(subject, version.dist.signatures, keys, { publishedAt: version.publishedAt });
    try {
      check();
    } catch (error) {
      const unknownKey = version.dist.signatures.some(
        (signature) => !keys.some((key) => key.keyId === signature.keyId),
      );
      if (!isGtcxError(error) || !unknownKey || refreshed) throw error;
      refreshed = true;
      keys = await signingKeys({ refresh: true });
      check();
    }
  }
}
