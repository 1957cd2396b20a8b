import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * A fresh, empty PostgreSQL database for one test run, dropped (WITH (FORCE), so lingering pools do not
 * block it) by drop(). Connects as postgres, or root where that is the role that exists, to the `test`
 * database at 127.0.0.1:5432; TEST_DATABASE_URL overrides that administrative connection.
 */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = await connectAdmin();
  const name = `gtcx_test_${randomBytes(6).toString('hex')}`;
  try {
    await admin.client.query(`create database ${name}`);
  } finally {
    await admin.client.end();
  }
  const url = new URL(admin.url);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    url: url.toString(),
    async drop() {
      if (dropped) return;
      dropped = true;
      const again = await connectAdmin();
      try {
        await again.client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await again.client.end();
      }
    },
  };
}

async function connectAdmin(): Promise<{ client: pg.Client; url: string }> {
  const candidates = process.env.TEST_DATABASE_URL
    ? [process.env.TEST_DATABASE_URL]
    : ['postgres://postgres@127.0.0.1:5432/test', 'postgres://root@127.0.0.1:5432/test'];
  const failures: string[] = [];
  for (const url of candidates) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
    try {
      await client.connect();
      return { client, url };
    } catch (error) {
      await client.end().catch(() => {});
      failures.push(`${url}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  throw new Error(
    `no PostgreSQL for tests (${failures.join('; ')}); start it (pg_ctlcluster <version> main start) or set TEST_DATABASE_URL`,
  );
}
