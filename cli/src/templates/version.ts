import { readFileSync } from 'node:fs';

let version: string | undefined;

/** This gtcx's version, as templates see it ({{gtcx.version}}, engines.gtcx) and records keep it. */
export function gtcxVersion(): string {
  version ??= (
    JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
  ).version;
  return version;
}
