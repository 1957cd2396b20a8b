import { checkEngine, GtcxError, isGtcxError, type TemplateManifest } from '@gtcx/core';

/**
 * Refuses a pack whose engines.gtcx range this gtcx does not satisfy, by the same rule templates
 * use (core's checkEngine: semver satisfies, prereleases included).
 */
export function assertPackEngine(
  pack: { name: string; version: string; engines?: { gtcx?: string } | undefined },
  gtcxVersion: string,
): void {
  const range = pack.engines?.gtcx;
  if (range === undefined) return;
  try {
    checkEngine({ name: pack.name, engines: { gtcx: range } } as TemplateManifest, gtcxVersion);
  } catch (error) {
    if (!isGtcxError(error)) throw error;
    const label = `${pack.name}@${pack.version}`;
    throw new GtcxError('precondition_failed', `${label} needs gtcx ${range}, this is gtcx ${gtcxVersion}`, {
      hint: `upgrade gtcx, or install an older version of ${pack.name} (gtcx pack info ${pack.name} lists them)`,
      details: { pack: label, required: range, gtcxVersion },
      cause: error,
    });
  }
}
