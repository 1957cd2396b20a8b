import type { ArchiveFile } from '../archive/write.js';
import { GtcxError } from '../errors.js';
import { parseManifest } from '../template/manifest.js';
import { computeIntegrity } from './integrity.js';
import { packManifestFile, parsePackManifest } from './manifest.js';
import type { PackManifest } from './types.js';
import { type ArchiveSummary, type ExtractOptions, readArchive } from './unpack.js';

export interface PackTemplateInfo {
  /** The template's directory inside the pack, as listed in pack.yaml. */
  dir: string;
  /** The name in its template.yaml: what `gtcx new @scope/pack/<name>` uses. */
  name: string;
  version: string;
  description: string;
}

export interface PackTarballInfo extends ArchiveSummary {
  manifest: PackManifest;
  templates: PackTemplateInfo[];
  integrity: string;
  size: number;
  contents: Map<string, ArchiveFile>;
}

/**
 * Opens a pack tarball in memory with every extraction check, then validates its pack.yaml and the
 * template.yaml of each listed template: what a registry checks before accepting a publish.
 */
export async function readPackTarball(tgz: Buffer, options: ExtractOptions = {}): Promise<PackTarballInfo> {
  const label = options.label ?? 'the pack tarball';
  const archive = await readArchive(tgz, { ...options, label });
  const manifestFile = archive.contents.get(packManifestFile);
  if (!manifestFile) {
    throw new GtcxError('validation_failed', `${label} has no ${packManifestFile} at its root`, {
      hint: 'build packs with gtcx pack build, which puts pack.yaml at the root of the tarball',
      details: { pack: label, field: packManifestFile },
    });
  }
  const manifest = parsePackManifest(manifestFile.content.toString('utf8'), packManifestFile);
  const templates = manifest.templates.map((dir): PackTemplateInfo => {
    const file = archive.contents.get(`${dir}/template.yaml`);
    if (!file) {
      throw new GtcxError('validation_failed', `${label}: template "${dir}" has no template.yaml`, {
        hint: 'rebuild the pack with gtcx pack build, which checks every listed template',
        details: { pack: label, field: 'templates', template: dir },
      });
    }
    const template = parseManifest(file.content.toString('utf8'), `${dir}/template.yaml`);
    return { dir, name: template.name, version: template.version, description: template.description ?? '' };
  });
  const names = new Set<string>();
  for (const template of templates) {
    if (names.has(template.name)) {
      throw new GtcxError('validation_failed', `${label}: two templates are named "${template.name}"`, {
        hint: 'give every template in a pack its own name in template.yaml',
        details: { pack: label, field: 'templates', template: template.name },
      });
    }
    names.add(template.name);
  }
  return { ...archive, manifest, templates, integrity: computeIntegrity(tgz), size: tgz.length };
}
