import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

const tsc = fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url));
const project = fileURLToPath(new URL('./types/tsconfig.json', import.meta.url));

describe('the client types', () => {
  // types/client-types.ts holds the checks: typed per-call options, list paths only for list operations.
  it('compile as types/client-types.ts expects: each @ts-expect-error an error, the rest clean', async () => {
    const result = await execa(process.execPath, [tsc, '--noEmit', '-p', project], { reject: false });
    expect(result.stdout).toBe('');
    expect(result.exitCode).toBe(0);
  }, 120_000);
});
