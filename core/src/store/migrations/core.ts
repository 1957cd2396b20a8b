import { jsonType, nowDefault, timestampType } from '../schema.js';
import type { MigrationSet } from '../types.js';

/** Core's own tables. Applied before every other module's set. Never edit a released migration. */
export const coreMigrations: MigrationSet = {
  module: 'core',
  migrations: {
    '0001_meta': {
      async up(db, dialect) {
        await db.schema
          .createTable('meta')
          .addColumn('key', 'text', (col) => col.primaryKey())
          .addColumn('value', 'text', (col) => col.notNull())
          .addColumn('updated_at', timestampType(dialect), (col) =>
            col.notNull().defaultTo(nowDefault(dialect)),
          )
          .execute();
      },
    },
    '0002_jobs': {
      async up(db, dialect) {
        await db.schema
          .createTable('jobs')
          .addColumn('id', 'text', (col) => col.primaryKey())
          .addColumn('queue', 'text', (col) => col.notNull())
          .addColumn('payload', jsonType(dialect), (col) => col.notNull())
          .addColumn('status', 'text', (col) => col.notNull().defaultTo('queued'))
          .addColumn('run_at', timestampType(dialect), (col) => col.notNull().defaultTo(nowDefault(dialect)))
          .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
          .addColumn('locked_by', 'text')
          .addColumn('locked_until', timestampType(dialect))
          .addColumn('created_at', timestampType(dialect), (col) =>
            col.notNull().defaultTo(nowDefault(dialect)),
          )
          .execute();
        // Workers claim the next due job of a queue: WHERE queue = ? AND status = 'queued' AND run_at <= now.
        await db.schema
          .createIndex('jobs_queue_status_run_at')
          .on('jobs')
          .columns(['queue', 'status', 'run_at'])
          .execute();
      },
    },
    '0003_installed_packs': {
      async up(db, dialect) {
        // The CLI's index of packs materialised under the data dir (core/src/pack/installed.ts).
        await db.schema
          .createTable('installed_packs')
          .addColumn('name', 'text', (col) => col.primaryKey())
          .addColumn('version', 'text', (col) => col.notNull())
          .addColumn('integrity', 'text', (col) => col.notNull())
          .addColumn('resolved', 'text', (col) => col.notNull())
          .addColumn('installed_at', timestampType(dialect), (col) =>
            col.notNull().defaultTo(nowDefault(dialect)),
          )
          .addColumn('dir', 'text', (col) => col.notNull())
          .execute();
      },
    },
  },
};
