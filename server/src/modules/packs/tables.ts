import type { ColumnType, Generated } from 'kysely';

/**
 * Row types of the packs module's tables. Timestamps are RFC 3339 strings and JSON columns JSON text
 * on both dialects (see core's store); tarballs are bytes (bytea, blob) so every replica serves them.
 */
export interface PacksTables {
  packs: PacksTable;
  pack_versions: PackVersionsTable;
  pack_dist_tags: PackDistTagsTable;
  pack_keywords: PackKeywordsTable;
  pack_signing_keys: PackSigningKeysTable;
  /** SQLite only: the FTS5 index the service keeps in step with `packs`. */
  packs_fts: PacksFtsTable;
}

export interface PacksTable {
  name: string;
  /** `@scope`, for the scope filter. */
  scope: string;
  /** The latest version's, as search and the packument show them. */
  description: string;
  /** JSON array of strings. */
  keywords: string;
  license: string | null;
  /** Bumped by every change, so a reader can tell its copy is current. */
  revision: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface PackVersionsTable {
  name: string;
  version: string;
  integrity: string;
  size: number;
  unpacked_size: number;
  file_count: number;
  /** The validated pack.yaml as JSON. */
  manifest: string;
  /** JSON array of the templates' names (what `gtcx new @scope/pack/<name>` takes). */
  templates: string;
  /** JSON array of { keyId, sig }. */
  signatures: string;
  tarball: Buffer;
  published_at: string;
  published_by: string;
  deprecated: string | null;
  yanked_at: string | null;
  yank_reason: string | null;
  /** The Idempotency-Key of the publish, so a retried upload answers the first result. */
  idempotency_key: string | null;
}

export interface PackDistTagsTable {
  name: string;
  tag: string;
  version: string;
}

export interface PackKeywordsTable {
  keyword: string;
  name: string;
}

export interface PackSigningKeysTable {
  key_id: string;
  /** Base64 DER SubjectPublicKeyInfo. */
  public_key: string;
  /** PKCS#8 PEM; null for a retired key kept only so old signatures still verify. */
  private_key: string | null;
  created_at: ColumnType<string, string, never>;
  expires_at: string | null;
}

export interface PacksFtsTable {
  name: string;
  description: string;
  keywords: string;
}
