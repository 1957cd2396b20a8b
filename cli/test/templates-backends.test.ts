import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinTemplatesDir } from '@gtcx/core';
import { resolveServerConfig, startServer } from '@gtcx/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLocalBackend } from '../src/backends/local.js';
import { openRemoteBackend } from '../src/backends/remote.js';
import type { Backend } from '../src/backends/types.js';

const scratch = mkdtempSync(join(tmpdir(), 'gtcx-template-backends-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const token = 'gtcx_test_admin_token_0123456789abcdef';
const server = await startServer(
  resolveServerConfig(
    { dataDir: join(scratch, 'server'), host: '127.0.0.1', port: 0, grpcPort: 0, adminToken: token },
    {},
  ),
  { logger: false },
);
afterAll(() => server.close());

const answers = {
  name: 'conformance-lib',
  description: 'A small TypeScript library',
  author: '',
  license: 'MIT',
  ci: true,
  nodeVersion: '22',
};

// This machine's own XDG dirs (and any packs installed there) stay out of the comparison.
const env = {
  ...process.env,
  XDG_CONFIG_HOME: join(scratch, 'config'),
  XDG_DATA_HOME: join(scratch, 'data'),
  XDG_CACHE_HOME: join(scratch, 'cache'),
};

const backends: Array<{ mode: Backend['mode']; open: () => Promise<Backend> }> = [
  {
    mode: 'local',
    open: () => openLocalBackend(join(scratch, 'local'), { lazyStore: true, cwd: scratch, env }),
  },
  { mode: 'remote', open: async () => openRemoteBackend({ server: server.url, token, env, cwd: scratch }) },
];

/** What every backend answers alike, so the suite can compare them with each other too. */
const seen = new Map<string, unknown>();

describe.each(backends)('$mode backend: templates', ({ mode, open }) => {
  let backend: Backend;
  beforeAll(async () => {
    backend = await open();
  });
  afterAll(() => backend.close());

  it('lists the built-in templates with every version, ascending', async () => {
    const templates = await backend.listTemplates();
    expect(templates.map((t) => t.name)).toEqual(
      expect.arrayContaining(['fastify-service', 'oclif-cli', 'ts-lib']),
    );
    expect(templates.find((t) => t.name === 'fastify-service')).toMatchObject({
      kind: 'builtin',
      versions: ['1.0.0', '1.1.0'],
      description: expect.stringContaining('Fastify'),
    });
    record(`list`, templates, mode);
  });

  it('describes a template and one of its versions, with typed questions', async () => {
    const latest = await backend.getTemplate('fastify-service');
    expect(latest).toMatchObject({
      source: 'builtin:fastify-service',
      kind: 'builtin',
      name: 'fastify-service',
      version: '1.1.0',
    });
    expect(latest.questions.find((q) => q.name === 'port')).toMatchObject({
      type: 'number',
      default: 3000,
      required: false,
      validate: { min: 1, max: 65535 },
    });
    const old = await backend.getTemplate('builtin:fastify-service', '1.0.0');
    expect(old.version).toBe('1.0.0');
    expect(old.questions.map((q) => q.name)).not.toContain('logLevel');
    record('show', latest, mode);
  });

  it('renders the same bytes and modes', async () => {
    const rendered = await backend.render('ts-lib', answers);
    expect(rendered).toMatchObject({
      name: 'ts-lib',
      version: '1.0.0',
      source: 'builtin:ts-lib',
      hooks: { pre: [], post: [] },
    });
    expect(rendered.files.get('package.json')?.content.toString('utf8')).toMatch(/"name": "conformance-lib"/);
    const tree = Object.fromEntries(
      [...rendered.files].map(([path, file]) => [path, [file.mode, file.content.toString('base64')]]),
    );
    record('render', tree, mode);
  });

  it('names an unknown template and an unknown version as not_found', async () => {
    await expect(backend.getTemplate('no-such-template')).rejects.toMatchObject({ code: 'not_found' });
    await expect(backend.getTemplate('ts-lib', '9.9.9')).rejects.toMatchObject({ code: 'not_found' });
  });
});

function record(key: string, value: unknown, mode: Backend['mode']): void {
  if (mode === 'local') seen.set(key, value);
  else expect(value, `${key}: the remote backend answers what the local one does`).toEqual(seen.get(key));
}

describe('remote backend: template failures', () => {
  it('without a token the server refuses, and the error says to set GTCX_TOKEN', async () => {
    const backend = openRemoteBackend({ server: server.url });
    await expect(backend.listTemplates()).rejects.toMatchObject({ code: 'unauthenticated' });
  });

  it('a local path is resolved and rendered on this machine, as the local backend does', async () => {
    const dir = join(builtinTemplatesDir(), 'ts-lib');
    const remote = openRemoteBackend({ server: server.url, token, cwd: scratch });
    const local = await openLocalBackend(join(scratch, 'local'), { lazyStore: true, cwd: scratch });
    try {
      const info = await remote.getTemplate(dir);
      expect(info).toMatchObject({ source: dir, kind: 'path', name: 'ts-lib' });
      expect(info).toEqual(await local.getTemplate(dir));
      const rendered = await remote.render(dir, answers);
      expect(rendered.source).toBe(dir);
      expect(rendered.files).toEqual((await local.render(dir, answers)).files);
    } finally {
      await Promise.all([remote.close(), local.close()]);
    }
  });
});
