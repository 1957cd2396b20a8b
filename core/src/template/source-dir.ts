import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import compare from 'semver/functions/compare.js';
import valid from 'semver/functions/valid.js';
import { GtcxError } from '../errors.js';
import { loadTemplate } from './manifest.js';
import type { TemplateSource, TemplateSourceKind } from './source-types.js';
import type { Template } from './types.js';

const MANIFEST = 'template.yaml';

/**
 * The versions a template directory holds: either the directory is one template (template.yaml at
 * its root) or it holds semver-named subdirectories, each a template of its own.
 */
export async function directoryVersions(dir: string): Promise<Map<string, string> | undefined> {
  if (await isFile(join(dir, MANIFEST))) {
    const template = await loadTemplate(dir);
    return new Map([[template.manifest.version, dir]]);
  }
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const versions = new Map<string, string>();
  for (const entry of entries) {
    if (!entry.isDirectory() || valid(entry.name) !== entry.name) continue;
    const versionDir = join(dir, entry.name);
    if (await isFile(join(versionDir, MANIFEST))) versions.set(entry.name, versionDir);
  }
  return versions.size > 0 ? versions : undefined;
}

export async function isTemplateDirectory(dir: string): Promise<boolean> {
  return (await directoryVersions(dir)) !== undefined;
}

/** A source backed by a directory on disk: built-in templates, local paths and installed packs. */
export function directorySource(kind: TemplateSourceKind, ref: string, dir: string): TemplateSource {
  let cached: Promise<Map<string, string>> | undefined;
  const versionDirs = (): Promise<Map<string, string>> => {
    cached ??= directoryVersions(dir).then((found) => {
      if (found) return found;
      throw new GtcxError('not_found', `"${dir}" is not a template: it has no ${MANIFEST}`, {
        hint: `a template is a directory with ${MANIFEST} and files/ (see docs/template-format.md)`,
      });
    });
    return cached;
  };
  return {
    kind,
    ref,
    versions: async () => sortVersions([...(await versionDirs()).keys()]),
    load: async (version) => {
      const dirs = await versionDirs();
      const chosen = version ?? highest([...dirs.keys()]);
      const versionDir = dirs.get(chosen);
      if (versionDir === undefined) throw unknownVersion(ref, chosen, [...dirs.keys()]);
      return checkVersion(await loadTemplate(versionDir), chosen, versionDir);
    },
  };
}

export function sortVersions(versions: readonly string[]): string[] {
  return [...versions].sort(compare);
}

export function highest(versions: readonly string[]): string {
  const sorted = sortVersions(versions);
  const last = sorted[sorted.length - 1];
  if (last === undefined) throw new GtcxError('not_found', 'the template has no versions');
  return last;
}

export function unknownVersion(ref: string, version: string, available: readonly string[]): GtcxError {
  const list = sortVersions(available).join(', ');
  return new GtcxError('not_found', `template ${ref} has no version ${version} (available: ${list})`, {
    hint: `pick one of: ${list}`,
    details: { ref, version, available: sortVersions(available) },
  });
}

/**
 * The version a template is listed under must be the one its manifest declares: the project record
 * stores the manifest's version, and update finds the base again by that number.
 */
export function checkVersion(template: Template, expected: string, where: string): Template {
  if (template.manifest.version === expected) return template;
  throw new GtcxError(
    'validation_failed',
    `${where} is listed as version ${expected} but its ${MANIFEST} says version ${template.manifest.version}`,
    { hint: `make the directory name or tag match the version in ${MANIFEST}` },
  );
}

async function isFile(path: string): Promise<boolean> {
  const info = await stat(path).catch(() => undefined);
  return info?.isFile() ?? false;
}
