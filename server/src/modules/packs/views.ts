import type { PackManifest, PackSignature, Packument, PackVersion } from '@gtcx/core';
import compareVersions from 'semver/functions/compare.js';
import type { PacksTable, PackVersionsTable } from './tables.js';

/** A version row without its tarball: what every metadata read selects. */
export type VersionRow = Omit<PackVersionsTable, 'tarball'>;

/** The columns of pack_versions a metadata read selects (never the tarball). */
export const versionColumns = [
  'name',
  'version',
  'integrity',
  'size',
  'unpacked_size',
  'file_count',
  'manifest',
  'templates',
  'signatures',
  'published_at',
  'published_by',
  'deprecated',
  'yanked_at',
  'yank_reason',
  'idempotency_key',
] as const satisfies ReadonlyArray<keyof VersionRow>;

/** The contract's PackSummary. */
export interface PackSummaryView {
  name: string;
  description: string;
  keywords: string[];
  latestVersion: string | null;
  deprecated: boolean;
  updatedAt: string;
}

export interface PackPage {
  items: PackSummaryView[];
  nextCursor: string | null;
}

/** Where a version's tarball is served, relative to the server's REST root. */
export function tarballPath(name: string, version: string): string {
  return `/v1/packs/${encodeURIComponent(name)}/versions/${encodeURIComponent(version)}/tarball`;
}

export function versionView(row: VersionRow): PackVersion {
  const manifest = JSON.parse(row.manifest) as PackManifest;
  const view: PackVersion = {
    name: row.name,
    version: row.version,
    description: manifest.description,
    ...(manifest.license === undefined ? {} : { license: manifest.license }),
    keywords: manifest.keywords,
    templates: JSON.parse(row.templates) as string[],
    engines: manifest.engines,
    dependencies: manifest.dependencies,
    dist: {
      tarball: tarballPath(row.name, row.version),
      integrity: row.integrity,
      size: row.size,
      unpackedSize: row.unpacked_size,
      fileCount: row.file_count,
      signatures: JSON.parse(row.signatures) as PackSignature[],
    },
    deprecated: row.deprecated,
    yanked: row.yanked_at !== null,
    ...(row.yank_reason === null ? {} : { yankReason: row.yank_reason }),
    publishedAt: rfc3339(row.published_at),
    publishedBy: row.published_by,
  };
  return view;
}

/** Versions in semver order and dist-tags by name, so equal content always serializes (and tags) alike. */
export function packumentView(
  pack: Pick<PacksTable, 'name' | 'description' | 'keywords' | 'license' | 'created_at' | 'updated_at'>,
  versions: VersionRow[],
  tags: Array<{ tag: string; version: string }>,
): Packument {
  const sorted = [...versions].sort((a, b) => compareVersions(a.version, b.version));
  return {
    name: pack.name,
    description: pack.description,
    keywords: JSON.parse(pack.keywords) as string[],
    ...(pack.license === null ? {} : { license: pack.license }),
    distTags: distTagMap(tags),
    versions: Object.fromEntries(sorted.map((row) => [row.version, versionView(row)])),
    createdAt: rfc3339(pack.created_at),
    updatedAt: rfc3339(pack.updated_at),
  };
}

export function distTagMap(tags: Array<{ tag: string; version: string }>): Record<string, string> {
  return Object.fromEntries(
    [...tags].sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0)).map((t) => [t.tag, t.version]),
  );
}

/** Both stores hand back RFC 3339 text; normalise the precision so both read alike. */
export function rfc3339(value: string): string {
  return new Date(value).toISOString();
}
