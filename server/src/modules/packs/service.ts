import {
  type Dialect,
  GtcxError,
  isPackName,
  type PackSigningKey,
  type Packument,
  type PackVersion,
  readPackTarball,
  type Store,
  signPackVersion,
  splitPackName,
  verifyIntegrity,
} from '@gtcx/core';
import type { Kysely, Transaction } from 'kysely';
import validVersion from 'semver/functions/valid.js';
import { type AuditEventInput, recordAuditEvent } from '../compliance/index.js';
import { type DistTagMap, latestTag, tagsAfterPublish, tagsAfterUnyank, tagsAfterYank } from './dist-tags.js';
import { assertIfMatch, etagOf } from './etag.js';
import { indexPackText, type SearchPacksQuery, searchPacks } from './search.js';
import { type ActiveSigningKey, ensureSigningKey, listSigningKeys } from './signing-key.js';
import type { PacksTables } from './tables.js';
import {
  distTagMap,
  type PackPage,
  packumentView,
  type VersionRow,
  versionColumns,
  versionView,
} from './views.js';

export interface PacksServiceOptions {
  store: Store;
  /** GTCX_PACK_SIGNING_KEY: an Ed25519 private key in PEM; unset, the database's key (made on first need). */
  signingKeyPem?: string | undefined;
  /** The largest tarball publish accepts, in bytes (default 50 MiB). */
  maxTarballBytes?: number | undefined;
  /**
   * Whether listing the keys first makes sure one exists (default true). Read-only transports (gRPC)
   * pass false: they list what the database holds and never mint a key the configuration did not ask for.
   */
  createSigningKey?: boolean | undefined;
  now?: () => Date;
}

export interface PublishInput {
  name: string;
  version: string;
  tarball: Buffer;
  /** Recorded as the version's publishedBy. */
  publishedBy: string;
  /** The dist-tag to point at the version; without one `latest` follows the highest release. */
  tag?: string | undefined;
  /** The client's SRI; a mismatch refuses the publish. */
  integrity?: string | undefined;
  /** A retry with the same key and tarball answers the first result instead of a conflict. */
  idempotencyKey?: string | undefined;
  /** Written to the audit log in the publish's own transaction (not again for a retry). */
  audit?: AuditEventInput | undefined;
}

export interface PublishResult {
  version: PackVersion;
  /** false when an idempotent retry answered an earlier publish. */
  created: boolean;
}

/** An update's `If-Match`: the ETag of the representation it is based on. */
/** How a change to an existing pack is made: against which ETag, and recorded as what. */
export interface Precondition {
  ifMatch?: string | undefined;
  /** Written to the audit log in the change's own transaction. */
  audit?: AuditEventInput | undefined;
}

export interface PackTarball {
  tarball: Buffer;
  integrity: string;
}

export interface PacksService {
  search(query: SearchPacksQuery): Promise<PackPage>;
  getPackument(name: string): Promise<Packument>;
  getVersion(name: string, version: string): Promise<PackVersion>;
  /** Yanked versions too: lockfiles install them by exact version. */
  getTarball(name: string, version: string): Promise<PackTarball>;
  publish(input: PublishInput): Promise<PublishResult>;
  /** A message deprecates; null lifts the deprecation. */
  deprecate(name: string, version: string, message: string | null, pre?: Precondition): Promise<PackVersion>;
  yank(name: string, version: string, reason: string | undefined, pre?: Precondition): Promise<PackVersion>;
  unyank(name: string, version: string, pre?: Precondition): Promise<PackVersion>;
  getDistTags(name: string): Promise<DistTagMap>;
  setDistTag(name: string, tag: string, version: string, pre?: Precondition): Promise<DistTagMap>;
  deleteDistTag(name: string, tag: string, pre?: Precondition): Promise<DistTagMap>;
  /** Current and retired public keys. */
  listSigningKeys(): Promise<PackSigningKey[]>;
  /** Creates (or imports the configured) signing key if the database has none; returns its id. */
  ensureSigningKey(): Promise<string>;
}

export const defaultMaxTarballBytes = 50 * 1024 * 1024;
const maxCachedPackuments = 1000;

type Db = Kysely<PacksTables>;

/**
 * The registry's logic, shared by the REST routes and the gRPC service. Every change runs in one
 * transaction and bumps the pack's revision and updatedAt; nothing is kept in memory that another
 * replica would need (keys and tarballs live in the database).
 */
export function createPacksService(options: PacksServiceOptions): PacksService {
  const { store } = options;
  const db = store.db as Db;
  const now = options.now ?? (() => new Date());
  const maxTarballBytes = options.maxTarballBytes ?? defaultMaxTarballBytes;
  let signingKey: Promise<ActiveSigningKey> | undefined;
  /**
   * Packuments by name with the revision they were built at. Every read still asks the database for
   * the current revision, so a change made through any replica is seen at once; the cache only saves
   * rebuilding (and re-hashing) a document that has not changed.
   */
  const packuments = new Map<string, { revision: number; packument: Packument }>();
  const remember = (revision: number, packument: Packument) => {
    packuments.delete(packument.name);
    packuments.set(packument.name, { revision, packument });
    if (packuments.size > maxCachedPackuments) {
      const oldest = packuments.keys().next().value;
      if (oldest !== undefined) packuments.delete(oldest);
    }
  };
  const activeKey = () => {
    signingKey ??= ensureSigningKey(db, options.signingKeyPem, now()).catch((error: unknown) => {
      signingKey = undefined;
      throw error;
    });
    return signingKey;
  };

  /** Runs a change to one existing pack in a transaction that ends by bumping its revision. */
  const change = <T>(name: string, fn: (trx: Db) => Promise<T>, audit?: AuditEventInput): Promise<T> =>
    store.transaction(async (transaction) => {
      const trx = transaction as Transaction<PacksTables>;
      let lookup = trx.selectFrom('packs').select('name').where('name', '=', name);
      if (store.dialect === 'postgres') lookup = lookup.forUpdate();
      if ((await lookup.executeTakeFirst()) === undefined) throw unknownPack(name);
      const result = await fn(trx);
      await touch(trx, name, now());
      if (audit !== undefined) await recordAuditEvent(trx, audit);
      return result;
    });

  return {
    search: (query) => searchPacks(db, store.dialect, query),

    async getPackument(name) {
      checkName(name);
      const head = await db
        .selectFrom('packs')
        .select('revision')
        .where('name', '=', name)
        .executeTakeFirst();
      if (head === undefined) throw unknownPack(name);
      const cached = packuments.get(name);
      if (cached?.revision === head.revision) return cached.packument;
      const loaded = await loadPackument(db, name);
      if (loaded === undefined) throw unknownPack(name);
      remember(loaded.revision, loaded.packument);
      return loaded.packument;
    },

    async getVersion(name, version) {
      checkName(name);
      checkVersion(version);
      return versionView(await versionRow(db, name, version));
    },

    async getTarball(name, version) {
      checkName(name);
      checkVersion(version);
      const row = await db
        .selectFrom('pack_versions')
        .select(['tarball', 'integrity'])
        .where('name', '=', name)
        .where('version', '=', version)
        .executeTakeFirst();
      if (row === undefined) throw await unknownVersion(db, name, version);
      return { tarball: Buffer.from(row.tarball), integrity: row.integrity };
    },

    async publish(input) {
      const { name, version, tarball } = input;
      checkName(name);
      checkVersion(version);
      const label = `${name}@${version}`;
      if (tarball.length > maxTarballBytes) throw tooLarge(label, tarball.length, maxTarballBytes);
      if (input.integrity !== undefined) verifyIntegrity(tarball, input.integrity, { label });
      const pack = await readPackTarball(tarball, { label });
      checkManifestMatches(pack.manifest, name, version);
      const key = await activeKey();
      const signature = signPackVersion(key.privateKey, key.keyId, {
        name,
        version,
        integrity: pack.integrity,
      });
      const publishedAt = now().toISOString();
      return store.transaction(async (transaction) => {
        const trx = transaction as Transaction<PacksTables>;
        const earlier = await trx
          .selectFrom('pack_versions')
          .select(versionColumns)
          .where('name', '=', name)
          .where('version', '=', version)
          .executeTakeFirst();
        if (earlier !== undefined) {
          if (isRetry(earlier, input.idempotencyKey, pack.integrity)) {
            return { version: versionView(earlier), created: false };
          }
          throw alreadyPublished(earlier, input.idempotencyKey);
        }
        await trx
          .insertInto('packs')
          .values({
            name,
            scope: `@${splitPackName(name)?.scope}`,
            description: pack.manifest.description,
            keywords: JSON.stringify(pack.manifest.keywords),
            license: pack.manifest.license ?? null,
            created_at: publishedAt,
            updated_at: publishedAt,
          })
          .onConflict((oc) => oc.column('name').doNothing())
          .execute();
        await trx
          .insertInto('pack_versions')
          .values({
            name,
            version,
            integrity: pack.integrity,
            size: pack.size,
            unpacked_size: pack.unpackedSize,
            file_count: pack.fileCount,
            manifest: JSON.stringify(pack.manifest),
            templates: JSON.stringify(pack.templates.map((template) => template.name)),
            signatures: JSON.stringify([signature]),
            tarball,
            published_at: publishedAt,
            published_by: input.publishedBy,
            deprecated: null,
            yanked_at: null,
            yank_reason: null,
            idempotency_key: input.idempotencyKey ?? null,
          })
          .execute()
          .catch((error: unknown) => {
            // A concurrent publish of the same version won the race.
            throw isUniqueViolation(error) ? conflictFor(label) : error;
          });
        const tags = await readTags(trx, name);
        await writeTags(trx, store.dialect, name, tags, tagsAfterPublish(tags, version, input.tag));
        await touch(trx, name, new Date(publishedAt));
        if (input.audit !== undefined) await recordAuditEvent(trx, input.audit);
        const row = await versionRow(trx, name, version);
        return { version: versionView(row), created: true };
      });
    },

    deprecate: (name, version, message, pre = {}) =>
      updateVersion(name, version, pre, async (trx) => {
        await trx
          .updateTable('pack_versions')
          .set({ deprecated: message })
          .where('name', '=', name)
          .where('version', '=', version)
          .execute();
      }),

    yank: (name, version, reason, pre = {}) =>
      updateVersion(name, version, pre, async (trx, row) => {
        if (row.yanked_at !== null && reason === undefined) return;
        await trx
          .updateTable('pack_versions')
          .set({ yanked_at: row.yanked_at ?? now().toISOString(), yank_reason: reason ?? null })
          .where('name', '=', name)
          .where('version', '=', version)
          .execute();
        const installable = await trx
          .selectFrom('pack_versions')
          .select('version')
          .where('name', '=', name)
          .where('yanked_at', 'is', null)
          .execute();
        const tags = await readTags(trx, name);
        const remaining = installable.map((candidate) => candidate.version);
        await writeTags(trx, store.dialect, name, tags, tagsAfterYank(tags, version, remaining));
      }),

    unyank: (name, version, pre = {}) =>
      updateVersion(name, version, pre, async (trx, row) => {
        if (row.yanked_at === null) return;
        await trx
          .updateTable('pack_versions')
          .set({ yanked_at: null, yank_reason: null })
          .where('name', '=', name)
          .where('version', '=', version)
          .execute();
        const tags = await readTags(trx, name);
        await writeTags(trx, store.dialect, name, tags, tagsAfterUnyank(tags, version));
      }),

    async getDistTags(name) {
      checkName(name);
      const exists = await db.selectFrom('packs').select('name').where('name', '=', name).executeTakeFirst();
      if (exists === undefined) throw unknownPack(name);
      return readTags(db, name);
    },

    setDistTag(name, tag, version, pre = {}) {
      checkName(name);
      checkVersion(version);
      return change(
        name,
        async (trx) => {
          const tags = await readTags(trx, name);
          assertIfMatch(pre.ifMatch, etagOf({ distTags: tags }), `the dist-tags of ${name}`);
          const row = await versionRow(trx, name, version);
          if (row.yanked_at !== null) {
            throw new GtcxError(
              'conflict',
              `cannot point ${tag} at ${name}@${version}: that version is yanked`,
              {
                hint: `restore it first (gtcx pack yank ${name}@${version} --undo) or pick another version`,
                details: { pack: name, tag, version },
              },
            );
          }
          const next = { ...tags, [tag]: version };
          await writeTags(trx, store.dialect, name, tags, next);
          return next;
        },
        pre.audit,
      );
    },

    deleteDistTag(name, tag, pre = {}) {
      checkName(name);
      return change(
        name,
        async (trx) => {
          const tags = await readTags(trx, name);
          assertIfMatch(pre.ifMatch, etagOf({ distTags: tags }), `the dist-tags of ${name}`);
          if (tag === latestTag) {
            throw new GtcxError('conflict', `the latest dist-tag of ${name} cannot be removed`, {
              hint: `point it at another version instead: gtcx pack dist-tag add ${name}@<version> latest`,
              details: { pack: name, tag },
            });
          }
          if (tags[tag] === undefined) {
            throw new GtcxError('not_found', `${name} has no dist-tag "${tag}"`, {
              hint: `its dist-tags are ${Object.keys(tags).join(', ') || '(none)'}`,
              details: { pack: name, tag },
            });
          }
          const { [tag]: _removed, ...next } = tags;
          await writeTags(trx, store.dialect, name, tags, next);
          return next;
        },
        pre.audit,
      );
    },

    async listSigningKeys() {
      if (options.createSigningKey !== false) await activeKey();
      return listSigningKeys(db);
    },

    ensureSigningKey: async () => (await activeKey()).keyId,
  };

  /** A change to one version, refused unless If-Match names the version's current ETag. */
  function updateVersion(
    name: string,
    version: string,
    pre: Precondition,
    apply: (trx: Db, row: VersionRow) => Promise<void>,
  ): Promise<PackVersion> {
    checkName(name);
    checkVersion(version);
    return change(
      name,
      async (trx) => {
        const row = await versionRow(trx, name, version);
        assertIfMatch(pre.ifMatch, etagOf(versionView(row)), `${name}@${version}`);
        await apply(trx, row);
        return versionView(await versionRow(trx, name, version));
      },
      pre.audit,
    );
  }
}

/**
 * The pack row first: its revision is what the result is cached under, so a change landing between
 * the reads leaves an entry that the next read already sees as stale.
 */
async function loadPackument(
  db: Db,
  name: string,
): Promise<{ revision: number; packument: Packument } | undefined> {
  const pack = await db
    .selectFrom('packs')
    .select(['name', 'description', 'keywords', 'license', 'revision', 'created_at', 'updated_at'])
    .where('name', '=', name)
    .executeTakeFirst();
  if (pack === undefined) return undefined;
  const [versions, tags] = await Promise.all([
    db.selectFrom('pack_versions').select(versionColumns).where('name', '=', name).execute(),
    db.selectFrom('pack_dist_tags').select(['tag', 'version']).where('name', '=', name).execute(),
  ]);
  return { revision: pack.revision, packument: deepFreeze(packumentView(pack, versions, tags)) };
}

/**
 * Cached packuments are handed to every reader, so nothing may change them; frozen all the way down,
 * the HTTP layer may also keep their ETag, contract check and JSON per object (see etagOf and
 * registerOperations).
 */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

async function versionRow(db: Db, name: string, version: string): Promise<VersionRow> {
  const row = await db
    .selectFrom('pack_versions')
    .select(versionColumns)
    .where('name', '=', name)
    .where('version', '=', version)
    .executeTakeFirst();
  if (row === undefined) throw await unknownVersion(db, name, version);
  return row;
}

async function readTags(db: Db, name: string): Promise<DistTagMap> {
  const rows = await db
    .selectFrom('pack_dist_tags')
    .select(['tag', 'version'])
    .where('name', '=', name)
    .execute();
  return distTagMap(rows);
}

/**
 * Stores the new tags; when `latest` moved, the pack's description, keywords and search text follow
 * the version it now points at.
 */
async function writeTags(
  db: Db,
  dialect: Dialect,
  name: string,
  before: DistTagMap,
  after: DistTagMap,
): Promise<void> {
  for (const [tag, version] of Object.entries(after)) {
    if (before[tag] === version) continue;
    await db
      .insertInto('pack_dist_tags')
      .values({ name, tag, version })
      .onConflict((oc) => oc.columns(['name', 'tag']).doUpdateSet({ version }))
      .execute();
  }
  const removed = Object.keys(before).filter((tag) => after[tag] === undefined);
  if (removed.length > 0) {
    await db.deleteFrom('pack_dist_tags').where('name', '=', name).where('tag', 'in', removed).execute();
  }
  const latest = after[latestTag];
  if (latest !== undefined && latest !== before[latestTag]) await followLatest(db, dialect, name, latest);
}

async function followLatest(db: Db, dialect: Dialect, name: string, version: string): Promise<void> {
  const row = await db
    .selectFrom('pack_versions')
    .select('manifest')
    .where('name', '=', name)
    .where('version', '=', version)
    .executeTakeFirstOrThrow();
  const manifest = JSON.parse(row.manifest) as { description: string; keywords: string[]; license?: string };
  const keywords = [...new Set(manifest.keywords)];
  await db
    .updateTable('packs')
    .set({
      description: manifest.description,
      keywords: JSON.stringify(manifest.keywords),
      license: manifest.license ?? null,
    })
    .where('name', '=', name)
    .execute();
  await db.deleteFrom('pack_keywords').where('name', '=', name).execute();
  if (keywords.length > 0) {
    await db
      .insertInto('pack_keywords')
      .values(keywords.map((keyword) => ({ keyword, name })))
      .execute();
  }
  await indexPackText(db, dialect, { name, description: manifest.description, keywords });
}

async function touch(db: Db, name: string, at: Date): Promise<void> {
  await db
    .updateTable('packs')
    .set((eb) => ({ revision: eb('revision', '+', 1), updated_at: at.toISOString() }))
    .where('name', '=', name)
    .execute();
}

function isRetry(earlier: VersionRow, idempotencyKey: string | undefined, integrity: string): boolean {
  return (
    idempotencyKey !== undefined &&
    earlier.idempotency_key === idempotencyKey &&
    earlier.integrity === integrity
  );
}

function alreadyPublished(earlier: VersionRow, idempotencyKey: string | undefined): GtcxError {
  const label = `${earlier.name}@${earlier.version}`;
  if (idempotencyKey !== undefined && earlier.idempotency_key === idempotencyKey) {
    return new GtcxError(
      'conflict',
      `Idempotency-Key "${idempotencyKey}" already published ${label} with other bytes`,
      {
        hint: 'use a new Idempotency-Key for a different tarball, and a new version for a different pack',
        details: { pack: label, integrity: earlier.integrity },
      },
    );
  }
  return conflictFor(label, earlier.yanked_at !== null);
}

function conflictFor(label: string, yanked = false): GtcxError {
  return new GtcxError(
    'conflict',
    `${label} is already published${yanked ? ' (and yanked)' : ''}; a version is never published twice`,
    {
      hint: 'bump the version in pack.yaml, rebuild with gtcx pack build, and publish again',
      details: { pack: label },
    },
  );
}

function checkManifestMatches(
  manifest: { name: string; version: string },
  name: string,
  version: string,
): void {
  if (manifest.name === name && manifest.version === version) return;
  throw new GtcxError(
    'bad_request',
    `the tarball's pack.yaml is ${manifest.name}@${manifest.version}, but the request publishes ${name}@${version}`,
    {
      hint: `publish it to /v1/packs/${encodeURIComponent(manifest.name)}/versions/${manifest.version}, or fix name and version in pack.yaml and rebuild`,
      details: {
        errors: [
          ...(manifest.name === name
            ? []
            : [{ field: 'params.packName', message: `does not match pack.yaml name ${manifest.name}` }]),
          ...(manifest.version === version
            ? []
            : [{ field: 'params.version', message: `does not match pack.yaml version ${manifest.version}` }]),
        ],
      },
    },
  );
}

function tooLarge(label: string, size: number, max: number): GtcxError {
  return new GtcxError(
    'payload_too_large',
    `${label} is ${size} bytes, over this server's ${max}-byte limit`,
    {
      hint: 'make the pack smaller (leave build output and assets out of its templates), or ask the operator to raise GTCX_PACK_MAX_BYTES',
      details: { pack: label, size, max },
    },
  );
}

function checkName(name: string): void {
  if (isPackName(name)) return;
  throw new GtcxError('validation_failed', `"${name}" is not a pack name`, {
    hint: 'pack names look like @scope/name (lowercase; the name may also hold ".", "_" and "-")',
    details: { errors: [{ field: 'name', message: 'is not a pack name' }] },
  });
}

function checkVersion(version: string): void {
  if (validVersion(version) === version) return;
  throw new GtcxError('validation_failed', `"${version}" is not an exact semver version`, {
    hint: 'name one exact version, e.g. 1.2.0 (not a range or a dist-tag)',
    details: { errors: [{ field: 'version', message: 'is not an exact semver version' }] },
  });
}

function unknownPack(name: string): GtcxError {
  return new GtcxError('not_found', `pack ${name} does not exist on this server`, {
    hint: 'check the name (gtcx pack search lists the packs), or publish it first',
    details: { pack: name },
  });
}

async function unknownVersion(db: Db, name: string, version: string): Promise<GtcxError> {
  const versions = await db.selectFrom('pack_versions').select('version').where('name', '=', name).execute();
  if (versions.length === 0) return unknownPack(name);
  const known = versions.map((row) => row.version);
  return new GtcxError('not_found', `${name} has no version ${version}`, {
    hint: `its versions are ${known.slice(-10).join(', ')}; gtcx pack info ${name} lists them all`,
    details: { pack: name, version },
  });
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || (typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT'));
}
