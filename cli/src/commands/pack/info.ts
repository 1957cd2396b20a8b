import type { Packument, PackVersion } from '@gtcx/core';
import { Args } from '@oclif/core';
import { GtcxCommand } from '../../base-command.js';
import { serverFlag } from '../../packs/flags.js';

export interface PackInfoResult {
  name: string;
  description: string;
  distTags: Record<string, string>;
  versions: Array<{ version: string; publishedAt: string; deprecated: string | null; yanked: boolean }>;
  /** The version asked for, or what latest points at. */
  version: PackVersion;
  installed: { version: string; dir: string } | null;
}

export default class PackInfo extends GtcxCommand {
  static override summary = "Show a pack's versions, dist-tags and metadata.";
  static override description =
    'Reads the packument from the registry: every version (deprecated and yanked ones flagged), the dist-tags, and the details of one version (latest by default): templates, dependencies, integrity, size and signatures. Also says which version is installed here.';
  static override examples = [
    {
      command: '<%= config.bin %> pack info @acme/web',
      description: 'The latest version and the version list.',
    },
    { command: '<%= config.bin %> pack info @acme/web@1.0.0', description: 'One version.' },
    { command: '<%= config.bin %> pack info @acme/web --json', description: 'As JSON.' },
  ];
  static override args = {
    pack: Args.string({ description: '@scope/name[@version|@tag|@range].', required: true }),
  };
  static override flags = { ...serverFlag };

  async run(): Promise<PackInfoResult> {
    const { args, flags } = await this.parse(PackInfo);
    const [core, { openPackContext }] = await Promise.all([
      import('@gtcx/core'),
      import('../../packs/context.js'),
    ]);
    const { name, spec } = core.parsePackSpec(args.pack);
    const context = await openPackContext({ server: flags.server });
    const packument = await context.registry(`read ${name}`).packument(name);
    const version = core.resolveRange(packument, spec).version;
    const installed = await installedVersion(context.dirs.data, name);
    const result: PackInfoResult = {
      name: packument.name,
      description: packument.description,
      distTags: packument.distTags,
      versions: versionsOf(packument),
      version,
      installed,
    };
    if (!this.jsonEnabled()) this.log(await render(result));
    return result;
  }
}

async function installedVersion(dataDir: string, name: string) {
  const { existsSync } = await import('node:fs');
  const { join } = await import('node:path');
  if (!existsSync(join(dataDir, 'gtcx.db'))) return null;
  const [{ getInstalledPack }, { withLocalIndex }] = await Promise.all([
    import('@gtcx/core'),
    import('../../packs/local-index.js'),
  ]);
  const pack = await withLocalIndex(dataDir, (store) => getInstalledPack(store.db, name));
  return pack ? { version: pack.version, dir: pack.dir } : null;
}

function versionsOf(packument: Packument) {
  return Object.values(packument.versions)
    .map((v) => ({
      version: v.version,
      publishedAt: v.publishedAt,
      deprecated: v.deprecated,
      yanked: v.yanked,
    }))
    .sort((a, b) => (a.publishedAt < b.publishedAt ? -1 : a.publishedAt > b.publishedAt ? 1 : 0));
}

async function render(info: PackInfoResult): Promise<string> {
  const { formatBytes } = await import('../../packs/format.js');
  const v = info.version;
  const lines = [
    `${info.name}@${v.version}${v.license ? ` | ${v.license}` : ''}${v.deprecated ? ' | DEPRECATED' : ''}${v.yanked ? ' | YANKED' : ''}`,
    v.description || info.description,
  ];
  if (v.deprecated) lines.push(`deprecated: ${v.deprecated}`);
  if (v.keywords.length > 0) lines.push(`keywords: ${v.keywords.join(', ')}`);
  lines.push(`templates: ${v.templates.join(', ') || '(none)'}`);
  const deps = Object.entries(v.dependencies);
  lines.push(`dependencies: ${deps.length === 0 ? '(none)' : deps.map(([n, r]) => `${n}@${r}`).join(', ')}`);
  lines.push(`integrity: ${v.dist.integrity}`);
  lines.push(
    `size: ${formatBytes(v.dist.size)}, ${v.dist.fileCount} files, ${formatBytes(v.dist.unpackedSize)} unpacked`,
  );
  lines.push(`signed by: ${v.dist.signatures.map((s) => s.keyId).join(', ') || '(unsigned)'}`);
  lines.push(`published: ${v.publishedAt}${v.publishedBy ? ` by ${v.publishedBy}` : ''}`);
  lines.push(
    `dist-tags: ${Object.entries(info.distTags)
      .map(([tag, version]) => `${tag}: ${version}`)
      .join(', ')}`,
  );
  const flag = (entry: PackInfoResult['versions'][number]) =>
    `${entry.version}${entry.yanked ? ' (yanked)' : ''}${entry.deprecated ? ' (deprecated)' : ''}`;
  lines.push(`versions: ${info.versions.map(flag).join(', ')}`);
  lines.push(`installed: ${info.installed ? `${info.installed.version} in ${info.installed.dir}` : 'no'}`);
  return lines.join('\n');
}
