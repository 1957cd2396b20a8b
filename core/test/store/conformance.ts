import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ensureInstallationId,
  GtcxError,
  getMeta,
  type MigrationSet,
  openStore,
  type Store,
  type StoreConfig,
  setMeta,
} from '../../src/index.js';

/** A second module's set, to show sets apply in order after core's and that a failure rolls back. */
const widgets: MigrationSet = {
  module: 'widgets',
  migrations: {
    '0002_color': {
      async up(db) {
        await db.schema.alterTable('widgets').addColumn('color', 'text').execute();
      },
    },
    '0001_widgets': {
      async up(db) {
        await db.schema
          .createTable('widgets')
          .addColumn('id', 'text', (col) => col.primaryKey())
          .addColumn('name', 'text', (col) => col.notNull())
          .execute();
      },
    },
  },
};

const allNames = [
  { module: 'core', name: '0001_meta' },
  { module: 'core', name: '0002_jobs' },
  { module: 'core', name: '0003_installed_packs' },
  { module: 'widgets', name: '0001_widgets' },
  { module: 'widgets', name: '0002_color' },
];

// biome-ignore lint/suspicious/noExplicitAny: tests query tables by name
type AnyDb = Kysely<any>;

/**
 * The behaviour every store must show, run against each dialect. makeConfig returns the configuration
 * of a fresh, empty database each time it is called (the caller cleans those up after the run).
 */
export function describeStoreConformance(name: string, makeConfig: () => Promise<StoreConfig>): void {
  describe(`store conformance: ${name}`, () => {
    const opened: Store[] = [];
    const open = async (config: StoreConfig, sets: MigrationSet[] = [widgets]) => {
      const store = await openStore({ ...config, migrationSets: sets });
      opened.push(store);
      return store;
    };
    const fresh = async () => open(await makeConfig());

    afterEach(async () => {
      await Promise.all(opened.splice(0).map((store) => store.close()));
    });

    it('migrates an empty database completely, in order, and a second run applies nothing', async () => {
      const store = await fresh();

      expect((await store.migrate()).applied).toEqual(allNames);
      expect((await store.migrate()).applied).toEqual([]);

      await store.db.insertInto('widgets').values({ id: 'w1', name: 'gear', color: 'red' }).execute();
      await store.db.insertInto('jobs').values({ id: 'j1', queue: 'webhooks', payload: '{}' }).execute();
      const job = await store.db
        .selectFrom('jobs')
        .selectAll()
        .where('id', '=', 'j1')
        .executeTakeFirstOrThrow();
      expect(job).toMatchObject({ status: 'queued', attempts: 0, locked_by: null, locked_until: null });
    });

    it('lists every known migration with when it was applied', async () => {
      const store = await fresh();
      const before = await store.migrationStatus();
      expect(before).toEqual(allNames.map((step) => ({ ...step, appliedAt: null })));

      const start = Date.now();
      await store.migrate();
      const after = await store.migrationStatus();

      expect(after.map(({ module, name }) => ({ module, name }))).toEqual(allNames);
      for (const { appliedAt } of after) {
        expect(appliedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
        expect(Date.parse(appliedAt as string)).toBeGreaterThanOrEqual(start - 1000);
      }
    });

    it('round-trips meta values, replacing on a second set, unicode intact', async () => {
      const store = await fresh();
      await store.migrate();

      expect(await getMeta(store.db, 'greeting')).toBeUndefined();
      await setMeta(store.db, 'greeting', 'hello');
      await setMeta(store.db, 'greeting', 'grüß dich, 世界 👋 «ok»');
      await setMeta(store.db, 'other', '');

      expect(await getMeta(store.db, 'greeting')).toBe('grüß dich, 世界 👋 «ok»');
      expect(await getMeta(store.db, 'other')).toBe('');
      const rows = await store.db.selectFrom('meta').select('key').orderBy('key').execute();
      expect(rows).toEqual([{ key: 'greeting' }, { key: 'other' }]);
    });

    it('rolls back a transaction that throws, leaving nothing behind', async () => {
      const store = await fresh();
      await store.migrate();

      const failing = store.transaction(async (trx) => {
        await trx.insertInto('widgets').values({ id: 'w1', name: 'gear' }).execute();
        await setMeta(trx, 'half', 'written');
        throw new Error('changed my mind');
      });

      await expect(failing).rejects.toThrow('changed my mind');
      expect(await store.db.selectFrom('widgets').selectAll().execute()).toEqual([]);
      expect(await getMeta(store.db, 'half')).toBeUndefined();
      const committed = await store.transaction(async (trx) => {
        await setMeta(trx, 'whole', 'written');
        return getMeta(trx, 'whole');
      });
      expect(committed).toBe('written');
      expect(await getMeta(store.db, 'whole')).toBe('written');
    });

    it('rolls back a failing migration together with its bookkeeping and names it', async () => {
      const config = await makeConfig();
      const broken: MigrationSet = {
        module: 'broken',
        migrations: {
          '0001_half': {
            async up(db) {
              await db.schema.createTable('half').addColumn('id', 'text').execute();
              await sql`select * from no_such_table`.execute(db);
            },
          },
        },
      };
      const store = await open(config, [broken]);

      const error = await store.migrate().catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(GtcxError);
      expect((error as GtcxError).message).toContain('broken/0001_half');
      expect(await tableNames(store)).not.toContain('half');
      const status = await store.migrationStatus();
      expect(status.filter((step) => step.appliedAt !== null).map((step) => step.name)).toEqual([
        '0001_meta',
        '0002_jobs',
        '0003_installed_packs',
      ]);
    });

    it('answers a ping', async () => {
      const store = await fresh();
      await expect(store.ping()).resolves.toBeUndefined();
    });

    it('applies each migration once when two stores migrate the same database at once', async () => {
      const config = await makeConfig();
      const [first, second] = [await open(config), await open(config)] as [Store, Store];

      const [a, b] = await Promise.all([first.migrate(), second.migrate()]);

      const appliedBoth = [...a.applied, ...b.applied];
      expect(appliedBoth).toHaveLength(allNames.length);
      expect(new Set(appliedBoth.map((step) => `${step.module}/${step.name}`)).size).toBe(allNames.length);
      const rows = await first.db.selectFrom('gtcx_migrations').select(['module', 'name']).execute();
      expect(rows).toHaveLength(allNames.length);
    });

    it('keeps the installation id across close and reopen', async () => {
      const config = await makeConfig();
      const store = await open(config);
      await store.migrate();
      const id = await ensureInstallationId(store);
      expect(await ensureInstallationId(store)).toBe(id);
      await store.close();

      const reopened = await open(config);
      expect(await reopened.migrate()).toEqual({ applied: [], pending: 0 });
      expect(await ensureInstallationId(reopened)).toBe(id);
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('closes twice without error and answers no ping once closed', async () => {
      const store = await fresh();
      await store.close();
      await store.close();
      await expect(store.ping()).rejects.toMatchObject({ code: 'store_unreachable' });
    });

    it('refuses a database that records a migration this gtcx does not know', async () => {
      const config = await makeConfig();
      const store = await open(config);
      await store.migrate();
      await store.db
        .insertInto('gtcx_migrations')
        .values({ module: 'core', name: '9999_from_the_future', applied_at: new Date().toISOString() })
        .execute();
      // A module this process does not load is not its business: no complaint about it.
      await store.db
        .insertInto('gtcx_migrations')
        .values({ module: 'billing', name: '0001_plans', applied_at: new Date().toISOString() })
        .execute();

      for (const attempt of [() => store.migrate(), () => store.migrationStatus()]) {
        const error = await attempt().catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(GtcxError);
        expect(error).toMatchObject({ code: 'config_invalid' });
        expect((error as GtcxError).message).toContain('core/9999_from_the_future');
        expect((error as GtcxError).message).not.toContain('billing');
        expect((error as GtcxError).hint).toContain('upgrade gtcx');
      }
    });

    it('reads timestamps as RFC 3339 text, JSON as text and counts as numbers', async () => {
      const store = await fresh();
      await store.migrate();
      const payload = JSON.stringify({ url: 'https://example.test/hook', tries: [1, 2] });
      await store.db
        .insertInto('jobs')
        .values({ id: 'j1', queue: 'webhooks', payload, run_at: '2030-01-02T03:04:05.678Z' })
        .execute();

      const job = await store.db.selectFrom('jobs').selectAll().executeTakeFirstOrThrow();
      const { count } = await store.db
        .selectFrom('jobs')
        .select((eb) => eb.fn.countAll().as('count'))
        .executeTakeFirstOrThrow();

      expect(JSON.parse(job.payload)).toEqual({ url: 'https://example.test/hook', tries: [1, 2] });
      expect(job.run_at).toBe('2030-01-02T03:04:05.678Z');
      expect(job.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(count).toBe(1);
    });
  });
}

async function tableNames(store: Store): Promise<string[]> {
  const db: AnyDb = store.db;
  const tables = await db.introspection.getTables();
  return tables.map((table) => table.name);
}
