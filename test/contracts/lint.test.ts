import { execFile } from 'node:child_process';
import { copyFile, cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const bin = (name: string) => join(root, 'node_modules/.bin', name);

interface RunResult {
  code: number;
  output: string;
}

async function run(command: string, args: string[], cwd: string): Promise<RunResult> {
  try {
    const { stdout, stderr } = await promisify(execFile)(command, args, { cwd });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failure = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failure.code ?? 1, output: (failure.stdout ?? '') + (failure.stderr ?? '') };
  }
}

describe('contract linters', () => {
  let scratch: string;

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'gtcx-lint-'));
  });

  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it('redocly lint passes on openapi.yaml', async () => {
    const result = await run(bin('redocly'), ['lint', 'openapi.yaml'], root);
    expect(result.output).toContain('Your API description is valid');
    expect(result.code, result.output).toBe(0);
  });

  it('redocly lint fails on an operation without an operationId (the check bites)', async () => {
    const spec = (await readFile(join(root, 'openapi.yaml'), 'utf8')).replace(
      /^ *operationId: getHealth\n/m,
      '',
    );
    await writeFile(join(scratch, 'openapi.yaml'), spec);
    await copyFile(join(root, 'redocly.yaml'), join(scratch, 'redocly.yaml'));
    const result = await run(bin('redocly'), ['lint', 'openapi.yaml'], scratch);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('operation-operationId');
  });

  it('buf lint passes on protos/', async () => {
    const result = await run(bin('buf'), ['lint', 'protos'], root);
    expect(result.code, result.output).toBe(0);
  });

  it('buf lint fails on a non-standard RPC name outside the health exception (the check bites)', async () => {
    const copy = join(scratch, 'buf');
    await cp(join(root, 'protos'), join(copy, 'protos'), { recursive: true });
    await copyFile(join(root, 'buf.yaml'), join(copy, 'buf.yaml'));
    const packs = join(copy, 'protos/gtcx/v1/packs.proto');
    await writeFile(
      packs,
      (await readFile(packs, 'utf8')).replace('returns (GetPackResponse)', 'returns (Packument)'),
    );
    const result = await run(bin('buf'), ['lint', 'protos'], copy);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('should be named "GetPackResponse"');
  });
});
