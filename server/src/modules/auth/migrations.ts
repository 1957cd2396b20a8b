import { jsonType, type MigrationSet, timestampType } from '@gtcx/core';
import { sql } from 'kysely';

/**
 * Every credential table: personal access tokens, OAuth clients (service accounts), refresh tokens,
 * device authorizations, the JWT signing keys every replica shares, and the revoked access tokens.
 * Secrets are stored only as hashes. Never edit a released migration; add the next one.
 */
export const authMigrations: MigrationSet = {
  module: 'auth',
  migrations: {
    '0001_credentials': {
      async up(db, dialect) {
        const time = timestampType(dialect);
        const json = jsonType(dialect);

        await db.schema
          .createTable('personal_access_tokens')
          .addColumn('id', 'text', (col) => col.primaryKey())
          .addColumn('user_id', 'text', (col) => col.notNull().references('users.id').onDelete('cascade'))
          .addColumn('name', 'text', (col) => col.notNull())
          .addColumn('token_prefix', 'text', (col) => col.notNull())
          .addColumn('token_hash', 'text', (col) => col.notNull().unique())
          .addColumn('scopes', json, (col) => col.notNull())
          .addColumn('pack_scopes', json, (col) => col.notNull())
          .addColumn('cidr_allowlist', json, (col) => col.notNull())
          .addColumn('expires_at', time)
          .addColumn('last_used_at', time)
          .addColumn('revoked_at', time)
          .addColumn('created_at', time, (col) => col.notNull())
          .addColumn('idempotency_key', 'text')
          .execute();
        // The list walks one user's tokens newest first; the id breaks ties between equal times.
        await db.schema
          .createIndex('personal_access_tokens_user_created')
          .on('personal_access_tokens')
          .columns(['user_id', 'created_at', 'id'])
          .execute();
        // A retried create finds the token its first attempt made.
        await db.schema
          .createIndex('personal_access_tokens_user_idempotency')
          .on('personal_access_tokens')
          .columns(['user_id', 'idempotency_key'])
          .unique()
          .execute();
        // Names tell a user's live tokens apart; a revoked token's name may be used again.
        await db.schema
          .createIndex('personal_access_tokens_user_live_name')
          .on('personal_access_tokens')
          .columns(['user_id', 'name'])
          .unique()
          .where(sql.ref('revoked_at'), 'is', null)
          .execute();

        await db.schema
          .createTable('oauth_clients')
          .addColumn('client_id', 'text', (col) => col.primaryKey())
          .addColumn('user_id', 'text', (col) => col.notNull().references('users.id').onDelete('cascade'))
          .addColumn('secret_hash', 'text', (col) => col.notNull())
          .addColumn('scopes', json, (col) => col.notNull())
          .addColumn('created_by', 'text')
          .addColumn('created_at', time, (col) => col.notNull())
          .addColumn('revoked_at', time)
          .execute();

        await db.schema
          .createTable('refresh_tokens')
          .addColumn('id', 'text', (col) => col.primaryKey())
          .addColumn('token_hash', 'text', (col) => col.notNull().unique())
          .addColumn('family_id', 'text', (col) => col.notNull())
          .addColumn('user_id', 'text', (col) => col.notNull().references('users.id').onDelete('cascade'))
          .addColumn('client_id', 'text')
          .addColumn('scopes', json, (col) => col.notNull())
          .addColumn('expires_at', time, (col) => col.notNull())
          .addColumn('used_at', time)
          .addColumn('revoked_at', time)
          .addColumn('created_at', time, (col) => col.notNull())
          .execute();
        await db.schema
          .createIndex('refresh_tokens_family')
          .on('refresh_tokens')
          .columns(['family_id'])
          .execute();

        await db.schema
          .createTable('device_authorizations')
          .addColumn('device_code_hash', 'text', (col) => col.primaryKey())
          .addColumn('user_code', 'text', (col) => col.notNull().unique())
          .addColumn('client_id', 'text', (col) => col.notNull())
          .addColumn('scopes', json, (col) => col.notNull())
          .addColumn('status', 'text', (col) => col.notNull())
          .addColumn('user_id', 'text', (col) => col.references('users.id').onDelete('cascade'))
          .addColumn('interval_seconds', 'integer', (col) => col.notNull())
          .addColumn('last_polled_at', time)
          .addColumn('expires_at', time, (col) => col.notNull())
          .addColumn('decided_at', time)
          .addColumn('created_at', time, (col) => col.notNull())
          .execute();

        await db.schema
          .createTable('jwt_signing_keys')
          .addColumn('kid', 'text', (col) => col.primaryKey())
          .addColumn('private_key', 'text', (col) => col.notNull())
          .addColumn('public_jwk', json, (col) => col.notNull())
          .addColumn('created_at', time, (col) => col.notNull())
          .addColumn('retired_at', time)
          .execute();

        await db.schema
          .createTable('revoked_access_tokens')
          .addColumn('jti', 'text', (col) => col.primaryKey())
          .addColumn('expires_at', time, (col) => col.notNull())
          .execute();
      },
    },
    // Access tokens carry their refresh family (`sid`); a revoked family ends them at once.
    '0002_revoked_token_families': {
      async up(db, dialect) {
        await db.schema
          .createTable('revoked_token_families')
          .addColumn('family_id', 'text', (col) => col.primaryKey())
          .addColumn('expires_at', timestampType(dialect), (col) => col.notNull())
          .execute();
      },
    },
  },
};
