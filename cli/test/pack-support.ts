import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { join } from 'node:path';
import { buildPack, initPack } from '@gtcx/core';
import { resolveServerConfig, startServer } from '@gtcx/server';
import { gtcx, type TempHome } from './support/cli.js';

export const adminToken = 'gtcx_test_admin_token_0123456789abcdef';

/** A real gtcx server on 127.0.0.1 with a temp data dir, on SQLite or on the given PostgreSQL. */
export function startRegistry(dataDir: string, databaseUrl?: string) {
  return startServer(
    resolveServerConfig(
      {
        dataDir,
        host: '127.0.0.1',
        port: 0,
        grpcPort: 0,
        adminToken,
        ...(databaseUrl ? { databaseUrl } : {}),
      },
      {},
    ),
    { logger: false },
  );
}

/** Writes a pack (pack.yaml, one template) at dir and builds it into dir/out; returns the tarball path. */
export async function makePack(
  dir: string,
  name: string,
  version: string,
  options: {
    dependencies?: Record<string, string>;
    template?: string;
    files?: number;
    /** The engines.gtcx range to write instead of the default. */
    engines?: string;
  } = {},
): Promise<string> {
  initPack(dir, { name, version, template: options.template ?? 'starter' });
  const file = join(dir, 'pack.yaml');
  const { readFileSync } = await import('node:fs');
  if (options.engines !== undefined) {
    const yaml = readFileSync(file, 'utf8').replace(
      / {2}gtcx: ".*"/,
      `  gtcx: ${JSON.stringify(options.engines)}`,
    );
    writeFileSync(file, yaml);
  }
  if (options.dependencies) {
    const deps = Object.entries(options.dependencies)
      .map(([dep, range]) => `  "${dep}": "${range}"`)
      .join('\n');
    writeFileSync(file, readFileSync(file, 'utf8').replace('dependencies: {}', `dependencies:\n${deps}`));
  }
  for (let i = 0; i < (options.files ?? 0); i++) {
    const sub = join(dir, 'templates', options.template ?? 'starter', 'files', `d${Math.floor(i / 100)}`);
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, `f${i}.txt.hbs`), `file ${i} of {{name}}\n`);
  }
  return (await buildPack(dir, { outDir: join(dir, 'out') })).file;
}

/** Runs the built CLI against a server with the admin token, parsing --json output. */
export async function gtcxJson(args: string[], home: TempHome, env: NodeJS.ProcessEnv = {}) {
  const result = await gtcx([...args, '--json'], home, { env, timeout: 60_000 });
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(result.stdout);
  } catch {
    // Not JSON: the test's expectations on exitCode and stderr say what went wrong.
  }
  return { ...result, json };
}

/** Every file under a directory, relative, or [] when it does not exist. */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (at: string, prefix: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(at, entry.name), `${prefix}${entry.name}/`);
      else out.push(`${prefix}${entry.name}`);
    }
  };
  walk(dir, '');
  return out.sort();
}

export interface ProxyRules {
  /** Rewrites a buffered response body for matching paths. */
  rewrite?: (path: string, body: Buffer) => Buffer | undefined;
  /** Sends the headers and half the body of matching paths, then destroys the connection. */
  cut?: (path: string) => boolean;
}

/**
 * A tiny HTTP proxy in front of the registry that can tamper with or cut responses: what a
 * compromised mirror or a dying server does to a download.
 */
export async function startProxy(
  target: string,
  rules: ProxyRules,
): Promise<{ url: string; close(): Promise<void> }> {
  const upstream = new URL(target);
  const server: Server = createServer((incoming, outgoing) => {
    const forward = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: incoming.url,
        method: incoming.method,
        headers: { ...incoming.headers, host: upstream.host, 'accept-encoding': 'identity' },
      },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          const path = incoming.url ?? '';
          const original = Buffer.concat(chunks);
          const body = rules.rewrite?.(path, original) ?? original;
          const headers = { ...answer.headers, 'content-length': String(body.length) };
          delete headers['transfer-encoding'];
          delete headers.etag;
          if (rules.cut?.(path)) {
            outgoing.writeHead(answer.statusCode ?? 502, headers);
            outgoing.write(body.subarray(0, Math.floor(body.length / 2)), () => outgoing.destroy());
            return;
          }
          outgoing.writeHead(answer.statusCode ?? 502, headers);
          outgoing.end(body);
        });
      },
    );
    incoming.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no proxy port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
