import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect } from 'vitest';
import { GtcxError } from '../../src/errors.js';

const made: string[] = [];

afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary directory, removed after the test. */
export function tempDir(prefix = 'gtcx-pack-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Every path under dir (directories end in '/'), sorted, with modes for files. */
export function listTree(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) out.push(`${relative}/`, ...listTree(dir, relative));
    else out.push(`${relative} ${(statSync(join(dir, relative)).mode & 0o7777).toString(8)}`);
  }
  return out.sort();
}

/** Runs fn and returns the GtcxError it throws, failing the test when it does not throw one. */
export async function gtcxError(fn: () => unknown): Promise<GtcxError> {
  try {
    await fn();
  } catch (error) {
    expect(error).toBeInstanceOf(GtcxError);
    return error as GtcxError;
  }
  throw new Error('expected a GtcxError, nothing was thrown');
}
