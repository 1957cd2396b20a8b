import { jsonType, type MigrationSet, timestampType } from '@gtcx/core';

/** The audit log's table. Never edit a released migration; add the next one. */
export const complianceMigrations: MigrationSet = {
  module: 'compliance',
  migrations: {
    '0001_audit_events': {
      async up(db, dialect) {
        await db.schema
          .createTable('audit_events')
          // The write order: the list's sort key and cursor (timestamps can tie, ids are random).
          .addColumn('seq', dialect === 'postgres' ? 'bigserial' : 'integer', (col) =>
            dialect === 'postgres' ? col.primaryKey() : col.primaryKey().autoIncrement(),
          )
          .addColumn('id', 'text', (col) => col.notNull().unique())
          .addColumn('occurred_at', timestampType(dialect), (col) => col.notNull())
          .addColumn('actor', 'text')
          .addColumn('actor_type', 'text', (col) => col.notNull())
          .addColumn('action', 'text', (col) => col.notNull())
          .addColumn('target', 'text')
          .addColumn('org', 'text')
          .addColumn('outcome', 'text', (col) => col.notNull())
          .addColumn('ip', 'text')
          .addColumn('request_id', 'text')
          .addColumn('details', jsonType(dialect), (col) => col.notNull())
          .execute();
        await db.schema
          .createIndex('audit_events_org_seq')
          .on('audit_events')
          .columns(['org', 'seq'])
          .execute();
        await db.schema
          .createIndex('audit_events_actor_seq')
          .on('audit_events')
          .columns(['actor', 'seq'])
          .execute();
      },
    },
  },
};
