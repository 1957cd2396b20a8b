import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const fixture = fileURLToPath(new URL('./fixtures/run-server.mjs', import.meta.url));
const built = fileURLToPath(new URL('../dist/index.js', import.meta.url));

interface Event {
  event: string;
  [key: string]: unknown;
}

/** Each JSON line the fixture prints, in order. */
function events(child: ChildProcess): AsyncIterator<Event> {
  if (child.stdout === null) throw new Error('no stdout');
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    async next() {
      const line = await lines.next();
      return line.done ? line : { done: false, value: JSON.parse(line.value) as Event };
    },
  };
}

describe('runServer in its own process', () => {
  let dataDir: string;

  beforeAll(async () => {
    if (!existsSync(built)) throw new Error('server/dist is missing: run `npx tsc -b server` first');
    dataDir = await mkdtemp(join(tmpdir(), 'gtcx-sigterm-'));
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('drains the in-flight request on SIGTERM and exits 0', async () => {
    const child = spawn(process.execPath, [fixture], {
      env: { ...process.env, GTCX_DATA_DIR: dataDir, DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk) => {
      stderr += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const output = events(child);

    const listening = (await output.next()).value as Event;
    expect(listening).toMatchObject({
      event: 'listening',
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:/),
    });
    const slow = fetch(`${listening.url}/healthz`);
    expect((await output.next()).value).toEqual({ event: 'request-started' });

    child.kill('SIGTERM');
    const response = await slow;
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok' });
    expect((await output.next()).value).toEqual({ event: 'stopped', sigterm: true });
    expect(await exited).toBe(0);
    expect(stderr).toBe('');
    await expect(fetch(`${listening.url}/healthz`)).rejects.toThrow();
  });
});
