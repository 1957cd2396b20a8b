import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { openStore } from '@gtcx/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../core/test/support/postgres.js';
import { listAuditEvents } from '../src/modules/compliance/index.js';
import { moduleMigrationSets } from '../src/modules/index.js';

const cli = fileURLToPath(new URL('../../cli/bin/run.js', import.meta.url));
const cliBuilt = fileURLToPath(new URL('../../cli/dist/commands/server/start.js', import.meta.url));
const signInLimit = 5;

interface Replica {
  url: string;
  child: ChildProcess;
  stderr: () => string;
}

/** `gtcx server start` in its own process; resolves with its URL once it logs that it listens. */
async function startReplica(env: NodeJS.ProcessEnv, databaseUrl: string): Promise<Replica> {
  const child = spawn(
    process.execPath,
    [cli, 'server', 'start', '--port', '0', '--grpc-port', '0', '--database-url', databaseUrl],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before listening: ${stderr}`))),
  );
  const listening = (async () => {
    for await (const line of lines) {
      const entry = JSON.parse(line) as { msg?: string; url?: string };
      if (entry.msg === 'gtcx server listening' && entry.url !== undefined) return entry.url;
    }
    throw new Error(`server closed its output before listening: ${stderr}`);
  })();
  const url = await Promise.race([listening, exited]);
  return { url, child, stderr: () => stderr };
}

async function stop(replica: Replica): Promise<number | null> {
  if (replica.child.exitCode !== null) return replica.child.exitCode;
  const exited = new Promise<number | null>((resolve) => replica.child.once('exit', resolve));
  replica.child.kill('SIGTERM');
  return exited;
}

describe('two server processes sharing PostgreSQL and Redis', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let dataDir: string;
  const replicas: Replica[] = [];

  beforeAll(async () => {
    if (!existsSync(cliBuilt)) throw new Error('cli/dist is missing: run `npm run build` first');
    database = await createTestDatabase();
    dataDir = await mkdtemp(join(tmpdir(), 'gtcx-replicas-'));
    const inherited = Object.fromEntries(
      Object.entries(process.env).filter(
        ([name]) => !/^(GTCX_|DATABASE_URL$|REDIS_URL$|NODE_OPTIONS$)/.test(name),
      ),
    );
    const env = {
      ...inherited,
      GTCX_DATA_DIR: dataDir,
      GTCX_LOG_LEVEL: 'info',
      REDIS_URL: 'redis://127.0.0.1:6379',
      // A namespace of this run's own: counters of earlier runs (or other tests) never mix in.
      GTCX_RATE_LIMIT_NAMESPACE: `gtcx-test:${randomBytes(6).toString('hex')}:`,
      GTCX_RATE_LIMIT_SIGN_IN: String(signInLimit),
    };
    // One after the other: the first start migrates the shared database.
    replicas.push(await startReplica(env, database.url));
    replicas.push(await startReplica(env, database.url));
  }, 60_000);

  afterAll(async () => {
    for (const replica of replicas) await stop(replica);
    await database?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('enforce one sign-in limit between them', async () => {
    const [first, second] = replicas as [Replica, Replica];
    expect(first.url).not.toBe(second.url);
    const answers: Array<{ replica: number; status: number; response: Response }> = [];
    for (let attempt = 0; attempt < 3 * signInLimit; attempt += 1) {
      const replica = attempt % 2;
      const response = await fetch(`${(replica === 0 ? first : second).url}/v1/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: `user${attempt}`, password: 'not-the-password' }),
      });
      answers.push({ replica, status: response.status, response });
    }
    const allowed = answers.filter((answer) => answer.status !== 429);
    const refused = answers.filter((answer) => answer.status === 429);
    // One counter for both processes: the limit holds in total, not per replica.
    expect(allowed).toHaveLength(signInLimit);
    expect(answers.slice(0, signInLimit).every((answer) => answer.status !== 429)).toBe(true);
    expect(new Set(refused.map((answer) => answer.replica))).toEqual(new Set([0, 1]));
    for (const { response } of allowed) await response.arrayBuffer();
    for (const { response } of refused) {
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const retryAfter = Number(response.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(response.headers.get('ratelimit-limit')).toBe(String(signInLimit));
      expect(await response.json()).toMatchObject({ status: 429, code: 'rate_limited', policy: 'sign-in' });
    }

    // Both wrote to the one database: each process audits the refusals once per window.
    const store = await openStore({
      databaseUrl: database.url,
      dataDir,
      migrationSets: moduleMigrationSets(),
    });
    try {
      const audited = await listAuditEvents(store.db, { action: 'auth.rate_limited' });
      expect(audited.items.length).toBeGreaterThanOrEqual(1);
      expect(audited.items.length).toBeLessThanOrEqual(2);
      expect(audited.items[0]).toMatchObject({ outcome: 'failure', details: { operation: 'createSession' } });
    } finally {
      await store.close();
    }
  });

  it('shut down cleanly, closing their Redis connections', async () => {
    for (const replica of replicas.splice(0)) {
      expect(await stop(replica)).toBe(0);
      expect(replica.stderr()).toBe('');
    }
  });
});
