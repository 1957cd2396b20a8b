import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GtcxError, gtcxDirs, loadPackManifest, type PackManifest, parseManifest } from '@gtcx/core';

export interface InstalledTemplatesOptions {
  /** Where the XDG dirs come from; process.env by default. */
  env?: NodeJS.ProcessEnv;
  /** gtcx's data dir, when not the one env names. */
  dataDir?: string;
}

export interface InstalledPackTemplate {
  /** `@scope/name/template`: what `gtcx new` takes. */
  id: string;
  /** `@scope/name`. */
  pack: string;
  /** The pack's version. */
  version: string;
  description: string;
  /** The template's directory (holding template.yaml and files/). */
  dir: string;
}

/**
 * The directory of an installed pack's template, for `gtcx new @scope/name/<template>`; undefined
 * when the pack is not installed or has no template of that name. Reads the materialised files
 * under `<data>/packs/`, not the SQLite index, so `gtcx new` does not pay for opening a store.
 */
export async function installedPackTemplateDir(
  ref: string,
  options: InstalledTemplatesOptions = {},
): Promise<string | undefined> {
  const match = /^@([a-z0-9-]+)\/([a-z0-9][a-z0-9._-]*)\/([a-z0-9][a-z0-9._-]*)$/.exec(ref);
  if (!match) {
    throw new GtcxError('validation_failed', `"${ref}" is not a pack template reference`, {
      hint: 'pack templates are named @scope/name/template; gtcx templates list shows them',
      details: { field: 'template', value: ref },
    });
  }
  const [, scope = '', name = '', template = ''] = match;
  const packDir = join(dataDirOf(options), 'packs', scope, name);
  const manifest = readManifest(packDir);
  if (!manifest) return undefined;
  return templatesOf(packDir, manifest).find((entry) => entry.name === template)?.dir;
}

/** Every template of every installed pack, sorted by id. */
export async function listInstalledPackTemplates(
  options: InstalledTemplatesOptions = {},
): Promise<InstalledPackTemplate[]> {
  const root = join(dataDirOf(options), 'packs');
  const found: InstalledPackTemplate[] = [];
  for (const scope of subdirectories(root)) {
    for (const name of subdirectories(join(root, scope))) {
      const packDir = join(root, scope, name);
      const manifest = readManifest(packDir);
      if (!manifest) continue;
      for (const template of templatesOf(packDir, manifest)) {
        found.push({
          id: `${manifest.name}/${template.name}`,
          pack: manifest.name,
          version: manifest.version,
          description: template.description,
          dir: template.dir,
        });
      }
    }
  }
  return found.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function dataDirOf(options: InstalledTemplatesOptions): string {
  return options.dataDir ?? gtcxDirs(options.env ?? process.env).data;
}

/** The pack.yaml of an installed pack; undefined when there is none (not installed, or a staging dir). */
function readManifest(packDir: string): PackManifest | undefined {
  try {
    return loadPackManifest(packDir);
  } catch (error) {
    if ((error as { code?: string }).code === 'not_found') return undefined;
    throw error;
  }
}

function templatesOf(packDir: string, manifest: PackManifest) {
  return manifest.templates.map((relative) => {
    const dir = join(packDir, ...relative.split('/'));
    const file = join(dir, 'template.yaml');
    const template = parseManifest(readFileSync(file, 'utf8'), file);
    return { name: template.name, description: template.description ?? '', dir };
  });
}

function subdirectories(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
      .map((entry) => entry.name)
      .sort();
  } catch {
    return [];
  }
}
