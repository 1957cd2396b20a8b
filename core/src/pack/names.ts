import { GtcxError } from '../errors.js';

/** An org name: the scope of `@scope/name` without the `@` (openapi.yaml OrgName). */
export const packScopePattern = /^[a-z0-9](?:[a-z0-9-]{0,37}[a-z0-9])?$/;
/** The part after the slash. */
export const packBaseNamePattern = /^[a-z0-9][a-z0-9._-]{0,99}$/;

export interface PackNameParts {
  /** Without the `@`. */
  scope: string;
  name: string;
}

/** Splits `@scope/name`; undefined when it is not a valid pack name. */
export function splitPackName(fullName: string): PackNameParts | undefined {
  const match = /^@([^/]+)\/([^/]+)$/.exec(fullName);
  if (!match) return undefined;
  const [, scope = '', name = ''] = match;
  if (!packScopePattern.test(scope) || !packBaseNamePattern.test(name)) return undefined;
  return { scope, name };
}

export function isPackName(value: unknown): value is string {
  return typeof value === 'string' && splitPackName(value) !== undefined;
}

/** `<scope>-<name>-<version>.tgz`, the file name `gtcx pack build` writes. */
export function packTarballName(fullName: string, version: string): string {
  const parts = splitPackName(fullName);
  if (!parts) throw invalidName(fullName);
  return `${parts.scope}-${parts.name}-${version}.tgz`;
}

export interface PackSpec {
  name: string;
  /** A semver range, an exact version or a dist-tag; '' when none was given. */
  spec: string;
}

/** `@scope/name`, `@scope/name@^1.2.0` or `@scope/name@next`. */
export function parsePackSpec(text: string): PackSpec {
  const at = text.indexOf('@', 1);
  const name = at === -1 ? text : text.slice(0, at);
  const spec = at === -1 ? '' : text.slice(at + 1).trim();
  if (!isPackName(name)) throw invalidName(name);
  return { name, spec };
}

function invalidName(name: string): GtcxError {
  return new GtcxError('validation_failed', `"${name}" is not a pack name`, {
    hint: 'pack names look like @scope/name: lowercase letters, digits and "-" in the scope; also "." and "_" in the name',
    details: { field: 'name', value: name },
  });
}
