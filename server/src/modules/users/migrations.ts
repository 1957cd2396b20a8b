import { type MigrationSet, timestampType } from '@gtcx/core';

/**
 * Users, orgs, teams, memberships, invitations and the idempotency records of their creating calls.
 * Rows that hang off a user, org or team go with it (on delete cascade); other modules' tables that
 * reference users.id should cascade too, so deleting a user takes their tokens with them.
 * Never edit a released migration; add the next one.
 */
export const usersMigrations: MigrationSet = {
  module: 'users',
  migrations: {
    '0001_identity': {
      async up(db, dialect) {
        const time = timestampType(dialect);
        await db.schema
          .createTable('users')
          .addColumn('id', 'text', (col) => col.primaryKey())
          .addColumn('username', 'text', (col) => col.notNull().unique())
          // 'user' signs in with a password; 'serviceAccount' (an OAuth client) never does.
          .addColumn('kind', 'text', (col) => col.notNull())
          .addColumn('password_hash', 'text')
          .addColumn('display_name', 'text')
          .addColumn('email', 'text')
          .addColumn('admin', 'integer', (col) => col.notNull().defaultTo(0))
          .addColumn('disabled', 'integer', (col) => col.notNull().defaultTo(0))
          .addColumn('created_at', time, (col) => col.notNull())
          .addColumn('updated_at', time, (col) => col.notNull())
          .execute();
        await db.schema.createIndex('users_admin').on('users').columns(['admin']).execute();

        await db.schema
          .createTable('orgs')
          .addColumn('name', 'text', (col) => col.primaryKey())
          .addColumn('display_name', 'text')
          .addColumn('description', 'text')
          .addColumn('created_at', time, (col) => col.notNull())
          .addColumn('updated_at', time, (col) => col.notNull())
          .execute();

        await db.schema
          .createTable('org_members')
          .addColumn('org', 'text', (col) => col.notNull().references('orgs.name').onDelete('cascade'))
          .addColumn('user_id', 'text', (col) => col.notNull().references('users.id').onDelete('cascade'))
          .addColumn('role', 'text', (col) => col.notNull())
          .addColumn('created_at', time, (col) => col.notNull())
          .addColumn('updated_at', time, (col) => col.notNull())
          .addPrimaryKeyConstraint('org_members_pk', ['org', 'user_id'])
          .execute();
        // A user's orgs (whoami, listOrgs) without a scan.
        await db.schema
          .createIndex('org_members_user')
          .on('org_members')
          .columns(['user_id', 'org'])
          .execute();

        await db.schema
          .createTable('teams')
          .addColumn('id', 'text', (col) => col.primaryKey())
          .addColumn('org', 'text', (col) => col.notNull().references('orgs.name').onDelete('cascade'))
          .addColumn('name', 'text', (col) => col.notNull())
          .addColumn('description', 'text')
          .addColumn('created_at', time, (col) => col.notNull())
          .addColumn('updated_at', time, (col) => col.notNull())
          .addUniqueConstraint('teams_org_name', ['org', 'name'])
          .execute();

        await db.schema
          .createTable('team_members')
          .addColumn('team_id', 'text', (col) => col.notNull().references('teams.id').onDelete('cascade'))
          .addColumn('user_id', 'text', (col) => col.notNull().references('users.id').onDelete('cascade'))
          .addColumn('role', 'text', (col) => col.notNull())
          .addColumn('created_at', time, (col) => col.notNull())
          .addPrimaryKeyConstraint('team_members_pk', ['team_id', 'user_id'])
          .execute();
        await db.schema.createIndex('team_members_user').on('team_members').columns(['user_id']).execute();

        await db.schema
          .createTable('invitations')
          .addColumn('id', 'text', (col) => col.primaryKey())
          .addColumn('org', 'text', (col) => col.notNull().references('orgs.name').onDelete('cascade'))
          .addColumn('role', 'text', (col) => col.notNull())
          // Whom it is addressed to: a username (only that user may accept), an email, or neither.
          .addColumn('username', 'text')
          .addColumn('email', 'text')
          // sha256 of the token: the token itself is shown once and never stored.
          .addColumn('token_hash', 'text', (col) => col.notNull().unique())
          .addColumn('invited_by', 'text', (col) => col.notNull())
          .addColumn('created_at', time, (col) => col.notNull())
          .addColumn('expires_at', time, (col) => col.notNull())
          .addColumn('accepted_at', time)
          .addColumn('accepted_by', 'text')
          .addColumn('cancelled_at', time)
          .execute();
        await db.schema
          .createIndex('invitations_org_created')
          .on('invitations')
          .columns(['org', 'created_at', 'id'])
          .execute();

        // A creating call's Idempotency-Key, per caller and operation, with the answer it gave.
        await db.schema
          .createTable('users_idempotency_keys')
          .addColumn('caller_id', 'text', (col) => col.notNull())
          .addColumn('operation', 'text', (col) => col.notNull())
          .addColumn('key', 'text', (col) => col.notNull())
          .addColumn('request_hash', 'text', (col) => col.notNull())
          .addColumn('response', 'text', (col) => col.notNull())
          .addColumn('created_at', time, (col) => col.notNull())
          .addPrimaryKeyConstraint('users_idempotency_keys_pk', ['caller_id', 'operation', 'key'])
          .execute();
      },
    },
  },
};
