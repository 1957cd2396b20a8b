import { describe, expect, it } from 'vitest';
import { GtcxError, openStore } from '../../src/index.js';

describe('openStore configuration', () => {
  it.each([
    ['mysql://user:pw@db.example:3306/gtcx', 'mysql:'],
    ['sqlite:///var/lib/gtcx.db', 'sqlite:'],
  ])('refuses DATABASE_URL %s, naming the scheme and the fix', async (databaseUrl, scheme) => {
    const error = await openStore({ databaseUrl }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(GtcxError);
    expect(error).toMatchObject({ code: 'config_invalid' });
    expect((error as GtcxError).message).toContain(`"${scheme}"`);
    expect((error as GtcxError).message).not.toContain('pw');
    expect((error as GtcxError).hint).toContain('postgres://');
  });

  it('refuses a DATABASE_URL without a scheme', async () => {
    await expect(openStore({ databaseUrl: 'db.example:5432' })).rejects.toMatchObject({
      code: 'config_invalid',
      message: expect.stringContaining('DATABASE_URL'),
    });
  });

  it('refuses a migration set given twice', async () => {
    const set = { module: 'core', migrations: {} };
    await expect(openStore({ fileName: ':memory:', migrationSets: [set] })).rejects.toMatchObject({
      code: 'config_invalid',
      message: 'migration set "core" is given twice',
    });
  });
});
