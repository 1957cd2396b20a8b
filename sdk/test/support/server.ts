import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningServer, startServer } from '../../../server/src/main.js';
import { createServerTestStore, createUserWithToken } from '../../../server/test/support/identity.js';

export interface GtcxTestServer {
  /** e.g. http://127.0.0.1:40123 */
  url: string;
  grpcAddress: string;
  /** A personal access token of a server admin: everything the tests do is allowed with it. */
  token: string;
  server: RunningServer;
  close(): Promise<void>;
}

/**
 * A real gtcx server (HTTP and gRPC) on 127.0.0.1 over a fresh SQLite store, with an admin user and
 * a `gtcx_` personal access token made the way the server makes them. The one place SDK tests get
 * their credentials.
 */
export async function startGtcxServer(): Promise<GtcxTestServer> {
  const testStore = await createServerTestStore('sqlite');
  const admin = await createUserWithToken(testStore.store, { username: 'sdk-admin', admin: true });
  const server = await startServer(testStore.config, { logger: false });
  return {
    url: server.url,
    grpcAddress: server.grpcAddress,
    token: admin.token,
    server,
    async close() {
      await server.close();
      await testStore.dispose();
    },
  };
}

export interface PackSource {
  /** The pack directory (pack.yaml and one template). */
  dir: string;
  /** A scratch directory the test may write into; removed by cleanup(). */
  root: string;
  cleanup(): void;
}

/** A one-template pack directory, as `gtcx pack init` would lay it out. */
export function writePackDir(name: string, version: string, keywords: string[] = ['sdk']): PackSource {
  const root = mkdtempSync(join(tmpdir(), 'gtcx-sdk-test-'));
  const dir = join(root, 'pack');
  const files: Record<string, string> = {
    'pack.yaml': [
      `name: "${name}"`,
      `version: ${version}`,
      'description: "Templates published by the SDK tests"',
      'license: MIT',
      `keywords: ${JSON.stringify(keywords)}`,
      'templates: [templates/svc]',
      '',
    ].join('\n'),
    'templates/svc/template.yaml': 'name: svc\nversion: 1.0.0\ndescription: A service\n',
    'templates/svc/files/README.md.hbs': '# {{name}}\n',
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return { dir, root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}
