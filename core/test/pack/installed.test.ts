import { afterAll, describe, expect, it } from 'vitest';
import {
  getInstalledPack,
  listInstalledPacks,
  openStore,
  recordInstalledPacks,
  removeInstalledPack,
  type Store,
} from '../../src/index.js';
import { createTestDatabase } from '../support/postgres.js';

const integrity = (char: string) => `sha512-${char.repeat(86)}==`;

const databases: Array<Awaited<ReturnType<typeof createTestDatabase>>> = [];
afterAll(async () => {
  for (const database of databases) await database.drop();
});

const stores: Array<{ dialect: string; open: () => Promise<Store> }> = [
  { dialect: 'sqlite', open: () => openStore({ fileName: ':memory:' }) },
  {
    dialect: 'postgres',
    open: async () => {
      const database = await createTestDatabase();
      databases.push(database);
      return openStore({ databaseUrl: database.url });
    },
  },
];

describe.each(stores)('installed packs index on $dialect', ({ open }) => {
  it('records, replaces, lists by name and forgets installed packs', async () => {
    const store = await open();
    try {
      await store.migrate();
      await recordInstalledPacks(store.db, [
        {
          name: '@acme/web',
          version: '1.0.0',
          integrity: integrity('a'),
          resolved: 'http://127.0.0.1:1/v1/packs/%40acme%2Fweb/versions/1.0.0/tarball',
          dir: '/data/packs/acme/web',
          installedAt: '2026-01-02T03:04:05.000Z',
        },
        {
          name: '@acme/base',
          version: '2.1.0',
          integrity: integrity('b'),
          resolved: 'file:packs/base',
          dir: '/data/packs/acme/base',
        },
      ]);
      expect((await listInstalledPacks(store.db)).map((pack) => `${pack.name}@${pack.version}`)).toEqual([
        '@acme/base@2.1.0',
        '@acme/web@1.0.0',
      ]);
      expect(await getInstalledPack(store.db, '@acme/web')).toEqual({
        name: '@acme/web',
        version: '1.0.0',
        integrity: integrity('a'),
        resolved: 'http://127.0.0.1:1/v1/packs/%40acme%2Fweb/versions/1.0.0/tarball',
        installedAt: '2026-01-02T03:04:05.000Z',
        dir: '/data/packs/acme/web',
      });

      await recordInstalledPacks(store.db, [
        {
          name: '@acme/web',
          version: '1.1.0',
          integrity: integrity('c'),
          resolved: 'npm:@acme/web-pack@1.1.0',
          dir: '/data/packs/acme/web',
        },
      ]);
      const upgraded = await getInstalledPack(store.db, '@acme/web');
      expect(upgraded).toMatchObject({ version: '1.1.0', integrity: integrity('c') });
      expect(Date.parse(upgraded?.installedAt ?? '')).toBeGreaterThan(Date.parse('2026-01-02T03:04:05.000Z'));
      expect(await listInstalledPacks(store.db)).toHaveLength(2);

      expect(await removeInstalledPack(store.db, '@acme/web')).toBe(true);
      expect(await removeInstalledPack(store.db, '@acme/web')).toBe(false);
      expect(await getInstalledPack(store.db, '@acme/web')).toBeUndefined();
      expect((await listInstalledPacks(store.db)).map((pack) => pack.name)).toEqual(['@acme/base']);
    } finally {
      await store.close();
    }
  });

  it('keeps a batch all-or-nothing inside a transaction', async () => {
    const store = await open();
    try {
      await store.migrate();
      const failing = store.transaction(async (trx) => {
        await recordInstalledPacks(trx, [
          { name: '@acme/one', version: '1.0.0', integrity: integrity('d'), resolved: 'file:one', dir: '/x' },
        ]);
        throw new Error('the lockfile could not be written');
      });
      await expect(failing).rejects.toThrow('the lockfile could not be written');
      expect(await listInstalledPacks(store.db)).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
