import { jsonType, type MigrationSet, timestampType } from '@gtcx/core';
import { sql } from 'kysely';

/** The registry's tables. Never edit a released migration; add the next one. */
export const packsMigrations: MigrationSet = {
  module: 'packs',
  migrations: {
    '0001_registry': {
      async up(db, dialect) {
        const time = timestampType(dialect);
        const json = jsonType(dialect);
        await db.schema
          .createTable('packs')
          .addColumn('name', 'text', (col) => col.primaryKey())
          .addColumn('scope', 'text', (col) => col.notNull())
          .addColumn('description', 'text', (col) => col.notNull())
          .addColumn('keywords', json, (col) => col.notNull())
          .addColumn('license', 'text')
          .addColumn('revision', 'integer', (col) => col.notNull().defaultTo(1))
          .addColumn('created_at', time, (col) => col.notNull())
          .addColumn('updated_at', time, (col) => col.notNull())
          .execute();
        await db.schema.createIndex('packs_scope_name').on('packs').columns(['scope', 'name']).execute();

        await db.schema
          .createTable('pack_versions')
          .addColumn('name', 'text', (col) => col.notNull().references('packs.name'))
          .addColumn('version', 'text', (col) => col.notNull())
          .addColumn('integrity', 'text', (col) => col.notNull())
          .addColumn('size', 'integer', (col) => col.notNull())
          .addColumn('unpacked_size', 'integer', (col) => col.notNull())
          .addColumn('file_count', 'integer', (col) => col.notNull())
          .addColumn('manifest', json, (col) => col.notNull())
          .addColumn('templates', json, (col) => col.notNull())
          .addColumn('signatures', json, (col) => col.notNull())
          .addColumn('tarball', dialect === 'postgres' ? 'bytea' : 'blob', (col) => col.notNull())
          .addColumn('published_at', time, (col) => col.notNull())
          .addColumn('published_by', 'text', (col) => col.notNull())
          .addColumn('deprecated', 'text')
          .addColumn('yanked_at', time)
          .addColumn('yank_reason', 'text')
          .addColumn('idempotency_key', 'text')
          .addPrimaryKeyConstraint('pack_versions_pk', ['name', 'version'])
          .execute();

        await db.schema
          .createTable('pack_dist_tags')
          .addColumn('name', 'text', (col) => col.notNull().references('packs.name'))
          .addColumn('tag', 'text', (col) => col.notNull())
          .addColumn('version', 'text', (col) => col.notNull())
          .addPrimaryKeyConstraint('pack_dist_tags_pk', ['name', 'tag'])
          .execute();

        // keyword first: the keyword filter walks one keyword's packs in name order.
        await db.schema
          .createTable('pack_keywords')
          .addColumn('keyword', 'text', (col) => col.notNull())
          .addColumn('name', 'text', (col) => col.notNull().references('packs.name'))
          .addPrimaryKeyConstraint('pack_keywords_pk', ['keyword', 'name'])
          .execute();

        await db.schema
          .createTable('pack_signing_keys')
          .addColumn('key_id', 'text', (col) => col.primaryKey())
          .addColumn('public_key', 'text', (col) => col.notNull())
          .addColumn('private_key', 'text')
          .addColumn('created_at', time, (col) => col.notNull())
          .addColumn('expires_at', time)
          .execute();

        if (dialect === 'postgres') {
          // Weighted: a hit in the name outranks one in the description, which outranks a keyword.
          // Name punctuation becomes spaces so `@acme/web-kit` indexes acme, web and kit.
          await sql`
            alter table packs add column search tsvector generated always as (
              setweight(to_tsvector('simple', translate(name, '@/._-', '     ')), 'A') ||
              setweight(to_tsvector('simple', description), 'B') ||
              setweight(to_tsvector('simple', translate(keywords::text, '[]",._-', '       ')), 'C')
            ) stored`.execute(db);
          await sql`create index packs_search on packs using gin (search)`.execute(db);
        } else {
          // unicode61 splits on punctuation, so names index word by word too.
          await sql`
            create virtual table packs_fts using fts5(
              name, description, keywords, tokenize = 'unicode61 remove_diacritics 2', prefix = '3 4'
            )`.execute(db);
        }
      },
    },
    '0002_search_index_without_pending_list': {
      async up(db, dialect) {
        if (dialect !== 'postgres') return;
        // A GIN index with fastupdate queues new entries in a pending list that every search then
        // scans in full until a vacuum merges it (a manual ANALYZE does not): with a few thousand
        // publishes since the last vacuum that list dominated search time. Publishes are rare next to
        // searches, so each one updates the index itself; the list built up so far is merged now.
        await sql`alter index packs_search set (fastupdate = off)`.execute(db);
        await sql`select gin_clean_pending_list('packs_search'::regclass)`.execute(db);
      },
    },
  },
};
