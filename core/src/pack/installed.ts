import type { Kysely } from 'kysely';

/**
 * The local index of installed packs (the CLI's SQLite store, table installed_packs): one row per
 * pack name, pointing at the directory its files were materialised into. Functions take the query
 * layer (store.db or a transaction), so the caller decides what commits together.
 */
export interface InstalledPack {
  /** `@scope/name`. */
  name: string;
  version: string;
  /** sha512 SRI of the tarball it was installed from: its content address in the pack cache. */
  integrity: string;
  /** Where it came from: a registry tarball URL, `file:<path>` or `npm:<package>@<version>`. */
  resolved: string;
  /** RFC 3339. */
  installedAt: string;
  /** The directory holding the pack's files. */
  dir: string;
}

export interface InstalledPacksTable {
  name: string;
  version: string;
  integrity: string;
  resolved: string;
  installed_at: string;
  dir: string;
}

interface Tables {
  installed_packs: InstalledPacksTable;
}

// biome-ignore lint/suspicious/noExplicitAny: accepts any module's view of the database
type AnyDb = Kysely<any>;

/** Records packs as installed, replacing earlier rows of the same names. */
export async function recordInstalledPacks(
  db: AnyDb,
  packs: ReadonlyArray<Omit<InstalledPack, 'installedAt'> & { installedAt?: string }>,
): Promise<void> {
  if (packs.length === 0) return;
  const now = new Date().toISOString();
  const rows = packs.map((pack) => ({
    name: pack.name,
    version: pack.version,
    integrity: pack.integrity,
    resolved: pack.resolved,
    installed_at: pack.installedAt ?? now,
    dir: pack.dir,
  }));
  await (db as Kysely<Tables>)
    .insertInto('installed_packs')
    .values(rows)
    .onConflict((oc) =>
      oc.column('name').doUpdateSet((eb) => ({
        version: eb.ref('excluded.version'),
        integrity: eb.ref('excluded.integrity'),
        resolved: eb.ref('excluded.resolved'),
        installed_at: eb.ref('excluded.installed_at'),
        dir: eb.ref('excluded.dir'),
      })),
    )
    .execute();
}

/** Every installed pack, by name. */
export async function listInstalledPacks(db: AnyDb): Promise<InstalledPack[]> {
  const rows = await (db as Kysely<Tables>)
    .selectFrom('installed_packs')
    .selectAll()
    .orderBy('name')
    .execute();
  return rows.map(fromRow);
}

/** One installed pack; undefined when it is not installed. */
export async function getInstalledPack(db: AnyDb, name: string): Promise<InstalledPack | undefined> {
  const row = await (db as Kysely<Tables>)
    .selectFrom('installed_packs')
    .selectAll()
    .where('name', '=', name)
    .executeTakeFirst();
  return row === undefined ? undefined : fromRow(row);
}

/** Forgets an installed pack; answers whether it was installed. */
export async function removeInstalledPack(db: AnyDb, name: string): Promise<boolean> {
  const result = await (db as Kysely<Tables>)
    .deleteFrom('installed_packs')
    .where('name', '=', name)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

function fromRow(row: InstalledPacksTable): InstalledPack {
  return {
    name: row.name,
    version: row.version,
    integrity: row.integrity,
    resolved: row.resolved,
    // PostgreSQL may hand back a Date when a pool is not configured to keep timestamps as text.
    installedAt: new Date(row.installed_at).toISOString(),
    dir: row.dir,
  };
}
