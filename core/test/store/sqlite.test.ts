import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { GtcxError, openStore } from '../../src/index.js';
import { describeStoreConformance } from './conformance.js';

const root = mkdtempSync(join(tmpdir(), 'gtcx-store-sqlite-'));
let counter = 0;
const freshDir = () => join(root, `store-${++counter}`);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describeStoreConformance('sqlite', async () => ({ dataDir: freshDir() }));

describe('sqlite store', () => {
  it('creates a missing data dir 0700 with the database file in WAL mode', async () => {
    const dataDir = join(freshDir(), 'nested', 'data');
    const store = await openStore({ dataDir });
    try {
      expect(store.dialect).toBe('sqlite');
      expect(store.location).toBe(join(dataDir, 'gtcx.db'));
      expect(statSync(dataDir).mode & 0o777).toBe(0o700);
      const { rows } = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(store.db);
      expect(rows[0]?.journal_mode).toBe('wal');
    } finally {
      await store.close();
    }
  });

  it('releases the file on close: WAL checkpointed and removed, file reopenable', async () => {
    const dataDir = freshDir();
    const store = await openStore({ dataDir, fileName: 'custom.db' });
    await store.migrate();
    expect(readdirSync(dataDir).sort()).toEqual(['custom.db', 'custom.db-shm', 'custom.db-wal']);

    await store.close();

    expect(readdirSync(dataDir)).toEqual(['custom.db']);
    const again = await openStore({ dataDir, fileName: 'custom.db' });
    expect((await again.migrationStatus()).every((step) => step.appliedAt !== null)).toBe(true);
    await again.close();
  });

  it('refuses a data dir below a regular file, creating nothing', async () => {
    const parent = freshDir();
    mkdirSync(parent);
    writeFileSync(join(parent, 'plain-file'), 'keep me');
    const dataDir = join(parent, 'plain-file', 'data');

    const error = await openStore({ dataDir }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(GtcxError);
    expect(error).toMatchObject({ code: 'data_dir_not_writable' });
    expect((error as GtcxError).message).toContain(dataDir);
    expect((error as GtcxError).hint).toMatch(/--data-dir or GTCX_DATA_DIR/);
    expect(readdirSync(parent)).toEqual(['plain-file']);
    expect(readFileSync(join(parent, 'plain-file'), 'utf8')).toBe('keep me');
  });

  it('refuses a data dir that is a file', async () => {
    const parent = freshDir();
    mkdirSync(parent);
    const dataDir = join(parent, 'in-the-way');
    writeFileSync(dataDir, 'keep me');

    await expect(openStore({ dataDir })).rejects.toMatchObject({
      code: 'data_dir_not_writable',
      message: expect.stringContaining('a file is in the way'),
    });
    expect(readFileSync(dataDir, 'utf8')).toBe('keep me');
  });

  it.skipIf(process.getuid?.() === 0)(
    'refuses a data dir it may not write to (needs a non-root user)',
    async () => {
      const parent = freshDir();
      mkdirSync(parent);
      chmodSync(parent, 0o500);
      try {
        await expect(openStore({ dataDir: join(parent, 'data') })).rejects.toMatchObject({
          code: 'data_dir_not_writable',
        });
        expect(readdirSync(parent)).toEqual([]);
      } finally {
        chmodSync(parent, 0o700);
      }
    },
  );

  it('refuses a file that is not a database, leaving it untouched', async () => {
    const dataDir = freshDir();
    mkdirSync(dataDir);
    const file = join(dataDir, 'gtcx.db');
    const content = 'these are my notes, not a database\n'.repeat(200);
    writeFileSync(file, content);

    const error = await openStore({ dataDir }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(GtcxError);
    expect(error).toMatchObject({ code: 'config_invalid' });
    expect((error as GtcxError).message).toContain(`${file} is not a SQLite database`);
    expect(readFileSync(file, 'utf8')).toBe(content);
    expect(readdirSync(dataDir)).toEqual(['gtcx.db']);
  });

  it('refuses a file name that is a path', async () => {
    const dataDir = freshDir();
    await expect(openStore({ dataDir, fileName: '../elsewhere.db' })).rejects.toMatchObject({
      code: 'config_invalid',
    });
    expect(() => statSync(dataDir)).toThrow();
  });

  it('opens an in-memory store that migrates like a file', async () => {
    const store = await openStore({ fileName: ':memory:' });
    try {
      expect(store.location).toBe(':memory:');
      expect((await store.migrate()).applied.map((step) => step.name)).toEqual([
        '0001_meta',
        '0002_jobs',
        '0003_installed_packs',
      ]);
    } finally {
      await store.close();
    }
  });
});
