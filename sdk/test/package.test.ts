import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPack } from '@gtcx/core';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GtcxTestServer, startGtcxServer, writePackDir } from './support/server.js';

const sdkDir = fileURLToPath(new URL('..', import.meta.url));
const workspaceTypes = fileURLToPath(new URL('../../node_modules/@types', import.meta.url));

interface Example {
  /** The heading the block sits under, to name failures. */
  section: string;
  code: string;
}

/** Every ```js block of the README, in order, with the section it belongs to. */
function readmeExamples(): Example[] {
  const examples: Example[] = [];
  let section = '';
  const lines = readFileSync(join(sdkDir, 'README.md'), 'utf8').split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    if (line.startsWith('## ')) section = line.slice(3);
    if (line !== '```js') continue;
    const end = lines.indexOf('```', index + 1);
    examples.push({ section, code: `${lines.slice(index + 1, end).join('\n')}\n` });
    index = end;
  }
  return examples;
}

/**
 * Node binaries to run the examples with besides this one: GTCX_TEST_NODES (colon-separated paths),
 * e.g. a Node 22 next to the Node 20 running the tests.
 */
function extraNodes(): string[] {
  return (process.env.GTCX_TEST_NODES ?? '').split(':').filter((path) => path !== '' && existsSync(path));
}

describe('the packed SDK in a fresh project', () => {
  let server: GtcxTestServer;
  let work: string;
  let project: string;
  let tarball: string;

  beforeAll(async () => {
    server = await startGtcxServer();
    work = mkdtempSync(join(tmpdir(), 'gtcx-sdk-pack-'));
    project = join(work, 'project');
    mkdirSync(project);
    const packed = execFileSync('npm', ['pack', '--pack-destination', work, '--json'], {
      cwd: sdkDir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    tarball = join(work, (JSON.parse(packed) as Array<{ filename: string }>)[0]?.filename ?? '');
    writeFileSync(
      join(project, 'package.json'),
      `${JSON.stringify({ name: 'sdk-user', private: true, type: 'module' }, null, 2)}\n`,
    );
    await execa(
      'npm',
      ['install', tarball, '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts'],
      {
        cwd: project,
        env: { ...process.env, npm_config_loglevel: 'error' },
        timeout: 240_000,
      },
    );
    // The pack the README's publish example sends, built as `gtcx pack build` builds it.
    const source = writePackDir('@acme/hello', '1.0.0', ['hello']);
    try {
      const built = await buildPack(source.dir, { outDir: join(source.root, 'out') });
      writeFileSync(join(project, 'acme-hello-1.0.0.tgz'), readFileSync(built.file));
    } finally {
      source.cleanup();
    }
  }, 300_000);

  afterAll(async () => {
    await server?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  function run(node: string, file: string, extraEnv: Record<string, string> = {}) {
    return execa(node, [file], {
      cwd: project,
      reject: false,
      timeout: 60_000,
      env: {
        ...process.env,
        GTCX_SERVER: server.url,
        GTCX_TOKEN: server.token,
        GTCX_GRPC_ADDRESS: server.grpcAddress,
        ...extraEnv,
      },
    });
  }

  it('installs with its own dependencies only: no server, no CLI, no core', () => {
    const manifest = JSON.parse(readFileSync(join(project, 'node_modules/@gtcx/sdk/package.json'), 'utf8'));
    expect(Object.keys(manifest.dependencies).sort()).toEqual([
      '@bufbuild/protobuf',
      '@grpc/grpc-js',
      'openapi-fetch',
      'yaml',
    ]);
    expect(manifest.peerDependenciesMeta['@gtcx/core'].optional).toBe(true);
    expect(readdirSync(join(project, 'node_modules/@gtcx'))).toEqual(['sdk']);
    expect(existsSync(join(project, 'node_modules/@gtcx/sdk/dist/index.d.ts'))).toBe(true);
    expect(existsSync(join(project, 'node_modules/@gtcx/sdk/README.md'))).toBe(true);
  });

  it('runs every README example, in order, against a server', async () => {
    const examples = readmeExamples();
    expect(examples.map((example) => example.section)).toEqual([
      'Quick start',
      'Errors as exceptions',
      'Authentication',
      'Retries, timeouts and cancellation',
      'Pagination',
      'Publish a pack',
      'Download and verify a pack',
      'Search the registry',
      'Render a template on the server',
      'gRPC',
    ]);
    const outputs = new Map<string, string>();
    for (const [index, example] of examples.entries()) {
      const file = join(project, `example-${index + 1}.mjs`);
      writeFileSync(file, example.code);
      const result = await run(process.execPath, file);
      expect({ section: example.section, exitCode: result.exitCode, stderr: result.stderr }).toEqual({
        section: example.section,
        exitCode: 0,
        stderr: '',
      });
      outputs.set(example.section, result.stdout);
    }
    expect(outputs.get('Quick start')).toMatch(/^fastify-service@\S+\noclif-cli@\S+\nts-lib@\S+$/);
    expect(outputs.get('Errors as exceptions')).toBe('not_found 404 true\nserver_unreachable');
    expect(outputs.get('Retries, timeouts and cancellation')).toBe('ok\naborted');
    expect(outputs.get('Pagination')).toContain('3 templates');
    expect(outputs.get('Publish a pack')).toMatch(/^@acme\/hello@1\.0\.0 sha512-\S+ false\nagain: true$/);
    expect(outputs.get('Download and verify a pack')).toMatch(
      /^1\.0\.0 true true\nwrote \d+ bytes to downloads\/hello\.tgz$/,
    );
    expect(outputs.get('Search the registry')).toBe('@acme/hello 1.0.0 Templates published by the SDK tests');
    expect(outputs.get('Render a template on the server')).toMatch(/^\d+ files in .*utils\ntrue$/);
    expect(outputs.get('gRPC')).toBe('@acme/hello 1.0.0\nnot_found');
    expect(existsSync(join(project, 'utils', 'package.json'))).toBe(true);
  });

  it('names the missing optional dependency when asked to publish a directory', async () => {
    const file = join(project, 'publish-dir.mjs');
    writeFileSync(
      file,
      [
        "import { createClient, publishPack } from '@gtcx/sdk';",
        'const gtcx = createClient({ baseUrl: process.env.GTCX_SERVER, token: process.env.GTCX_TOKEN });',
        "await publishPack(gtcx, { dir: 'my-pack' }).catch((error) => console.log(error.code, error.hint));",
        '',
      ].join('\n'),
    );
    const result = await run(process.execPath, file);
    expect(result.stdout).toBe(
      'dependency_missing npm install @gtcx/core, or build the tarball with gtcx pack build and publish that file',
    );
  });

  it('type-checks a TypeScript script through the exports map, catching a wrong path', async () => {
    writeFileSync(
      join(project, 'check.ts'),
      [
        "import { createClient, GtcxApiError, type components } from '@gtcx/sdk';",
        "import { createGrpcClient, grpcCall } from '@gtcx/sdk/grpc';",
        "import { GetPackRequest } from '@gtcx/sdk/proto';",
        "const gtcx = createClient({ baseUrl: 'http://127.0.0.1:8080', token: 'gtcx_x' });",
        "const { data } = await gtcx.GET('/v1/packs/{packName}', { params: { path: { packName: '@a/b' } } });",
        'const name: string | undefined = data?.name;',
        "for await (const pack of gtcx.paginate('/v1/packs')) { const summary: components['schemas']['PackSummary'] = pack; }",
        '// @ts-expect-error: not a path of the contract',
        "await gtcx.GET('/v1/pakcs');",
        "const grpc = createGrpcClient({ address: '127.0.0.1:4801' });",
        "const reply = await grpcCall(grpc.packs, 'getPack', GetPackRequest.fromPartial({ name: '@a/b' }));",
        'const latest: string | undefined = reply.pack?.distTags.latest;',
        'export { name, latest, GtcxApiError };',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          typeRoots: [workspaceTypes],
          types: ['node'],
        },
        files: ['check.ts'],
      }),
    );
    const tsc = fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url));
    const result = await execa(process.execPath, [tsc, '-p', project], { reject: false });
    expect(result.stdout).toBe('');
    expect(result.exitCode).toBe(0);
  });

  const nodes = extraNodes();
  it.skipIf(nodes.length === 0)(
    'runs the README examples on the other Node versions in GTCX_TEST_NODES',
    async () => {
      for (const node of nodes) {
        for (const [index, example] of readmeExamples().entries()) {
          // The render's target directory exists since the first run (publishing again is idempotent).
          if (example.section.startsWith('Render')) continue;
          const file = join(project, `example-${index + 1}.mjs`);
          const result = await run(node, file);
          expect({
            node,
            section: example.section,
            exitCode: result.exitCode,
            stderr: result.stderr,
          }).toEqual({
            node,
            section: example.section,
            exitCode: 0,
            stderr: '',
          });
        }
      }
    },
  );
});
