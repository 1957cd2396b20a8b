import { isGtcxError, type PackVersion, verifyPackSignature } from '@gtcx/core';
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
  let keys = await registry.signingKeys();
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
      keys = await registry.signingKeys({ refresh: true });
      check();
    }
  }
}
