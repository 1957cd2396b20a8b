import { afterAll, describe, expect, it } from 'vitest';
import { GtcxError, openStore } from '../../src/index.js';
import { createTestDatabase } from '../support/postgres.js';
import { describeStoreConformance } from './conformance.js';

const databases: Array<Awaited<ReturnType<typeof createTestDatabase>>> = [];

afterAll(async () => {
  await Promise.all(databases.map((database) => database.drop()));
});

describeStoreConformance('postgres', async () => {
  const database = await createTestDatabase();
  databases.push(database);
  return { databaseUrl: database.url };
});

describe('postgres store', () => {
  it('names its location without the password', async () => {
    const database = await createTestDatabase();
    databases.push(database);
    const url = new URL(database.url);
    url.password = 's3cret';

    const store = await openStore({ databaseUrl: url.toString() });
    try {
      expect(store.dialect).toBe('postgres');
      expect(store.location).not.toContain('s3cret');
      expect(store.location).toContain(url.pathname);
    } finally {
      await store.close();
    }
  });

  it('fails at open when nothing listens at the address', async () => {
    const error = await openStore({ databaseUrl: 'postgres://gtcx:pw@127.0.0.1:1/gtcx' }).catch(
      (caught: unknown) => caught,
    );

    expect(error).toBeInstanceOf(GtcxError);
    expect(error).toMatchObject({ code: 'store_unreachable' });
    expect((error as GtcxError).message).toBe('PostgreSQL at 127.0.0.1:1 refused the connection');
    expect((error as GtcxError).hint).toMatch(/DATABASE_URL/);
    expect(JSON.stringify((error as GtcxError).toJSON())).not.toContain(':pw@');
  });

  it('names a role the server refuses', async () => {
    await expect(
      openStore({ databaseUrl: 'postgres://gtcx_no_such_role@127.0.0.1:5432/test' }),
    ).rejects.toMatchObject({
      code: 'store_unreachable',
      message: expect.stringContaining('refused user gtcx_no_such_role'),
      hint: expect.stringContaining('user and password'),
    });
  });

  it('names a database that does not exist', async () => {
    const database = await createTestDatabase();
    await database.drop();

    const error = await openStore({ databaseUrl: database.url }).catch((caught: unknown) => caught);

    const name = new URL(database.url).pathname.slice(1);
    expect(error).toMatchObject({
      code: 'store_unreachable',
      message: `PostgreSQL database "${name}" does not exist on 127.0.0.1:5432`,
      hint: expect.stringContaining(`createdb -h 127.0.0.1 -p 5432 ${name}`),
    });
  });
});
