import { GtcxError, parsePackSpec } from '@gtcx/core';

/** `@scope/name@1.2.3` → name and exact version, for commands that act on one published version. */
export function exactVersion(text: string, command: string): { name: string; version: string } {
  const { name, spec } = parsePackSpec(text);
  if (!/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/.test(spec)) {
    throw new GtcxError(
      'validation_failed',
      `${command} needs an exact version: ${text} has ${spec === '' ? 'none' : `"${spec}"`}`,
      {
        hint: `write ${name}@<version>, e.g. ${name}@1.0.0 (gtcx pack info ${name} lists the versions)`,
        details: { field: 'version', value: spec },
      },
    );
  }
  return { name, version: spec };
}
