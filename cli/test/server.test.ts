import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../core/test/support/postgres.js';
import { binPath, freePort, gtcx, type TempHome, tempHome } from './support/cli.js';

let home: TempHome;
beforeEach(() => {
  home = tempHome();
});
afterEach(() => home.cleanup());

interface MigrateResult {
  location: string;
  applied: Array<{ module: string; name: string }>;
  pending: number;
}

/** Polls until the server answers; the test's timeout bounds the wait. */
async function waitForHealth(base: string): Promise<void> {
  for (;;) {
    try {
      const response = await fetch(`${base}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function expectOneLineError(stderr: string, pattern: RegExp): void {
  const lines = stderr.trimEnd().split('\n');
  expect(lines, stderr).toHaveLength(2);
  expect(lines[0]).toMatch(/^Error: /);
  expect(lines[0]).toMatch(pattern);
  expect(lines[1]).toMatch(/^Hint: \S/);
}

describe('gtcx server migrate', () => {
  it('migrates a SQLite data dir, then reports it up to date', async () => {
    const dataDir = join(home.root, 'server-data');
    const first = await gtcx(['server', 'migrate', '--data-dir', dataDir, '--json'], home);
    expect(first.exitCode, first.stderr).toBe(0);
    const report = JSON.parse(first.stdout) as MigrateResult;
    expect(report.applied.length).toBeGreaterThan(0);
    expect(report.applied[0]).toMatchObject({ module: 'core' });
    expect(report.pending).toBe(0);
    expect(report.location).toContain(dataDir);

    const again = await gtcx(['server', 'migrate', '--data-dir', dataDir], home);
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toMatch(/: up to date$/);
  });

  it('migrates PostgreSQL named by --database-url', async () => {
    const database = await createTestDatabase();
    try {
      const first = await gtcx(['server', 'migrate', '--database-url', database.url, '--json'], home);
      expect(first.exitCode, first.stderr).toBe(0);
      const report = JSON.parse(first.stdout) as MigrateResult;
      expect(report.applied.map((m) => m.module)).toContain('core');
      expect(report.location).toContain(new URL(database.url).pathname.slice(1));

      const again = await gtcx(['server', 'migrate', '--json'], home, {
        env: { DATABASE_URL: database.url },
      });
      expect(JSON.parse(again.stdout)).toMatchObject({ applied: [], pending: 0 });
    } finally {
      await database.drop();
    }
  });
});

describe('gtcx server start', () => {
  it('answers /healthz and /readyz, then exits 0 on SIGTERM', async () => {
    const [port, grpcPort] = [await freePort(), await freePort()];
    const server = execa(
      process.execPath,
      [
        binPath,
        'server',
        'start',
        '--port',
        String(port),
        '--grpc-port',
        String(grpcPort),
        '--log-level',
        'warn',
      ],
      { reject: false, extendEnv: false, env: home.env, cwd: home.root },
    );
    try {
      const base = `http://127.0.0.1:${port}`;
      await waitForHealth(base);
      const health = (await (await fetch(`${base}/healthz`)).json()) as Record<string, unknown>;
      expect(health).toMatchObject({ status: 'ok', version: expect.any(String) });
      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ status: 'ready' });
    } finally {
      server.kill('SIGTERM');
    }
    const result = await server;
    expect(result.exitCode, result.stderr).toBe(0);
  });

  it('--json keeps stdout to one JSON document: the log goes to stderr', async () => {
    const [port, grpcPort] = [await freePort(), await freePort()];
    const server = execa(
      process.execPath,
      [binPath, 'server', 'start', '--port', String(port), '--grpc-port', String(grpcPort), '--json'],
      { reject: false, extendEnv: false, env: home.env, cwd: home.root },
    );
    try {
      await waitForHealth(`http://127.0.0.1:${port}`);
    } finally {
      server.kill('SIGTERM');
    }
    const result = await server;
    expect(result.exitCode, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      url: `http://127.0.0.1:${port}`,
      grpcAddress: `127.0.0.1:${grpcPort}`,
      stopped: true,
    });
    expect(result.stderr).toContain('"msg":"gtcx server listening"');
  });

  describe('bad input', () => {
    let blocker: Server | undefined;
    afterEach(() => blocker?.close());

    it('a port already in use: one-line error, non-zero exit', async () => {
      blocker = createServer();
      await new Promise<void>((resolve) => blocker?.listen(0, '127.0.0.1', resolve));
      const port = (blocker.address() as { port: number }).port;
      const result = await gtcx(
        [
          'server',
          'start',
          '--port',
          String(port),
          '--grpc-port',
          String(await freePort()),
          '--log-level',
          'silent',
        ],
        home,
      );
      expect(result.exitCode).not.toBe(0);
      expectOneLineError(result.stderr, new RegExp(String(port)));
    });

    it('an unreachable --database-url: one-line error, non-zero exit', async () => {
      const url = `postgres://postgres@127.0.0.1:${await freePort()}/gtcx`;
      const result = await gtcx(
        [
          'server',
          'start',
          '--database-url',
          url,
          '--port',
          '0',
          '--grpc-port',
          '0',
          '--log-level',
          'silent',
        ],
        home,
      );
      expect(result.exitCode).not.toBe(0);
      expectOneLineError(result.stderr, /127\.0\.0\.1/);
    });

    it('a data dir under a regular file: one-line error, nothing created', async () => {
      const file = join(home.root, 'a-file');
      writeFileSync(file, 'keep me');
      const before = readdirSync(home.root).sort();
      const result = await gtcx(
        ['server', 'start', '--data-dir', join(file, 'data'), '--port', '0', '--grpc-port', '0'],
        home,
      );
      expect(result.exitCode).not.toBe(0);
      expectOneLineError(result.stderr, /a-file/);
      expect(readdirSync(home.root).sort()).toEqual(before);
      expect(statSync(file).isFile()).toBe(true);
    });

    it('a bad --port value names the flag', async () => {
      const result = await gtcx(['server', 'start', '--port', 'http', '--json'], home);
      expect(result.exitCode).toBe(78);
      expect(JSON.parse(result.stdout)).toMatchObject({
        error: { code: 'config_invalid', details: { field: 'port' } },
      });
    });
  });
});
