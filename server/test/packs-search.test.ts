import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPacksService, type PacksService } from '../src/modules/packs/index.js';
import { buildSamplePack, createPacksTestStore, type PacksTestStore } from './packs-support.js';

const catalogue = [
  {
    name: '@acme/react-starter',
    description: 'React single page app starter',
    keywords: ['react', 'frontend'],
  },
  { name: '@acme/fastify-service', description: 'HTTP service on Fastify', keywords: ['backend', 'http'] },
  { name: '@acme/cli', description: 'Command line tool with oclif', keywords: ['cli'] },
  { name: '@tools/react-native', description: 'Mobile apps', keywords: ['react', 'mobile'] },
  { name: '@tools/docs', description: 'Documentation site using React components', keywords: ['docs'] },
  { name: '@zeta/lib', description: 'A TypeScript library', keywords: ['library', 'typescript'] },
];

describe.each(['sqlite', 'postgres'] as const)('pack search on %s', (dialect) => {
  let testStore: PacksTestStore;
  let service: PacksService;

  beforeAll(async () => {
    testStore = await createPacksTestStore(dialect);
    service = createPacksService({ store: testStore.store });
    for (const pack of catalogue) {
      const built = await buildSamplePack({ ...pack, version: '1.0.0' });
      await service.publish({
        name: pack.name,
        version: '1.0.0',
        tarball: built.tarball,
        publishedBy: 'admin',
      });
    }
  });

  afterAll(async () => {
    await testStore?.dispose();
  });

  const names = (page: { items: Array<{ name: string }> }) => page.items.map((item) => item.name);

  it('lists every pack by name without q', async () => {
    const page = await service.search({});
    expect(names(page)).toEqual(catalogue.map((pack) => pack.name).sort());
    expect(page.nextCursor).toBeNull();
    expect(page.items[0]).toMatchObject({ latestVersion: '1.0.0', deprecated: false });
  });

  it('ranks a name match above a description match, words as prefixes', async () => {
    // Both name matches (react-native also has the keyword) come before the description-only match.
    const found = names(await service.search({ q: 'react' }));
    expect(found.slice(0, 2).sort()).toEqual(['@acme/react-starter', '@tools/react-native']);
    expect(found[2]).toBe('@tools/docs');
    expect(names(await service.search({ q: 'fasti' }))).toEqual(['@acme/fastify-service']);
    expect(names(await service.search({ q: 'react mobile' }))).toEqual(['@tools/react-native']);
    expect(names(await service.search({ q: 'nothing-like-this' }))).toEqual([]);
  });

  it('filters by keyword and scope, with and without q', async () => {
    expect(names(await service.search({ keyword: 'react' }))).toEqual([
      '@acme/react-starter',
      '@tools/react-native',
    ]);
    expect(names(await service.search({ scope: '@tools' }))).toEqual(['@tools/docs', '@tools/react-native']);
    expect(names(await service.search({ q: 'react', scope: '@tools' }))).toEqual([
      '@tools/react-native',
      '@tools/docs',
    ]);
    expect(names(await service.search({ q: 'react', keyword: 'frontend' }))).toEqual(['@acme/react-starter']);
  });

  it('pages with an opaque cursor, in the same order as one big page', async () => {
    for (const q of [undefined, 'react']) {
      const whole = names(await service.search({ q, limit: 100 }));
      const paged: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await service.search({ q, limit: 2, cursor });
        paged.push(...names(page));
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
      expect(paged).toEqual(whole);
    }
  });

  it('follows a new latest version and refuses bad input naming the field', async () => {
    const built = await buildSamplePack({
      name: '@zeta/lib',
      version: '1.1.0',
      description: 'A Rust binding',
      keywords: ['rust'],
    });
    await service.publish({
      name: '@zeta/lib',
      version: '1.1.0',
      tarball: built.tarball,
      publishedBy: 'admin',
    });
    expect(names(await service.search({ q: 'rust' }))).toEqual(['@zeta/lib']);
    expect(names(await service.search({ q: 'typescript' }))).toEqual([]);
    expect(names(await service.search({ keyword: 'rust' }))).toEqual(['@zeta/lib']);

    await expect(service.search({ q: '!!!' })).rejects.toMatchObject({
      code: 'validation_failed',
      details: { errors: [{ field: 'q', message: 'has no searchable words' }] },
    });
    await expect(service.search({ cursor: 'not-a-cursor' })).rejects.toMatchObject({
      code: 'validation_failed',
      details: { errors: [{ field: 'cursor', message: 'is not a cursor this server issued' }] },
    });
  });

  it('shows a change made through another replica on the next read', async () => {
    const replica = createPacksService({ store: testStore.store });
    const before = await replica.getPackument('@acme/cli');
    await service.deprecate('@acme/cli', '1.0.0', 'moved to @acme/cli2');
    const after = await replica.getPackument('@acme/cli');
    expect(before.versions['1.0.0']?.deprecated).toBeNull();
    expect(after.versions['1.0.0']?.deprecated).toBe('moved to @acme/cli2');
    expect((await replica.search({ q: 'oclif' })).items[0]).toMatchObject({
      name: '@acme/cli',
      deprecated: true,
    });
  });

  it.skipIf(dialect !== 'postgres')('keeps no GIN pending list that every search would scan', async () => {
    const { rows } = await sql<{ options: string[] | null }>`
      select reloptions as options from pg_class where relname = 'packs_search'`.execute(testStore.store.db);
    expect(rows[0]?.options).toContain('fastupdate=off');
  });
});
