#!/usr/bin/env node
/**
 * Regenerates sdk/src/generated from the contracts:
 *   openapi.yaml   -> openapi.ts          (openapi-typescript)
 *   protos/        -> proto/**\/*.ts      (ts-proto through `buf generate`, local plugin)
 *
 * Usage: node scripts/generate.mjs [--out <dir>]   (default: sdk/src/generated)
 *
 * The tree is built in a staging directory beside the target and swapped in by rename, so a failed
 * run leaves the previous tree untouched. The output depends only on the contracts and the pinned
 * tool versions, which is what the drift test (test/contracts/generated-drift.test.ts) relies on.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import openapiTS, { astToString } from 'openapi-typescript';

const run = promisify(execFile);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const openapiPath = join(root, 'openapi.yaml');
// Where buf.gen.yaml puts ts-proto's output, relative to buf's --output base.
const bufOutDir = join('sdk', 'src', 'generated', 'proto');

function parseArgs(argv) {
  let out = join(root, 'sdk', 'src', 'generated');
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--out') {
      const value = argv[++i];
      if (!value) throw new UsageError('--out needs a directory, e.g. --out /tmp/generated');
      out = resolve(value);
    } else if (arg.startsWith('--out=')) {
      out = resolve(arg.slice('--out='.length));
    } else {
      throw new UsageError(`unknown argument "${arg}"; the only option is --out <dir>`);
    }
  }
  return { out };
}

class UsageError extends Error {}

function header(source) {
  return [
    `// DO NOT EDIT. Generated from ${source} by \`npm run generate\` (scripts/generate.mjs).`,
    '// Change the contract and regenerate; CI fails when this file differs from a fresh generate.',
    '',
  ].join('\n');
}

async function generateOpenApiTypes(stage) {
  const ast = await openapiTS(pathToFileURL(openapiPath), { silent: true });
  await writeFile(join(stage, 'openapi.ts'), header('openapi.yaml') + astToString(ast));
}

async function generateProtoCode(stage) {
  const bufStage = await mkdtemp(join(stage, '.buf-'));
  const buf = join(root, 'node_modules', '.bin', 'buf');
  try {
    await run(buf, ['generate', '--template', 'buf.gen.yaml', '--output', bufStage], { cwd: root });
  } catch (error) {
    throw new Error(`buf generate failed:\n${error.stderr || error.message}`);
  }
  const from = join(bufStage, bufOutDir);
  const to = join(stage, 'proto');
  for (const file of await listFiles(from)) {
    const source = join('protos', file.replace(/\.ts$/, '.proto'));
    const text = await readFile(join(from, file), 'utf8');
    await mkdir(dirname(join(to, file)), { recursive: true });
    await writeFile(join(to, file), header(wellKnownSource(source)) + text);
  }
  await rm(bufStage, { recursive: true, force: true });
}

/** google/protobuf/*.ts come from buf's bundled well-known types, not from protos/. */
function wellKnownSource(source) {
  return source.startsWith(join('protos', 'google'))
    ? `${relative('protos', source)} (well-known type)`
    : source;
}

async function listFiles(dir) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

/** Puts the staged tree at `out`, keeping the old tree until the new one is in place. */
async function swapInto(stage, out) {
  const previous = `${out}.previous-${process.pid}`;
  let moved = false;
  try {
    await rename(out, previous);
    moved = true;
  } catch (error) {
    if (error.code !== 'ENOENT') throw error;
  }
  try {
    await rename(stage, out);
  } catch (error) {
    if (moved) await rename(previous, out);
    throw error;
  }
  if (moved) await rm(previous, { recursive: true, force: true });
}

async function main() {
  const { out } = parseArgs(process.argv.slice(2));
  await mkdir(dirname(out), { recursive: true });
  const stage = await mkdtemp(join(dirname(out), '.generated-'));
  try {
    await generateOpenApiTypes(stage);
    await generateProtoCode(stage);
    await swapInto(stage, out);
  } catch (error) {
    await rm(stage, { recursive: true, force: true });
    throw error;
  }
  console.log(`generated ${relative(process.cwd(), out) || '.'}`);
}

main().catch((error) => {
  console.error(`generate: ${error instanceof UsageError ? error.message : error.stack || error.message}`);
  process.exitCode = error instanceof UsageError ? 2 : 1;
});
