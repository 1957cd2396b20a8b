import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach } from 'vitest';

const made: string[] = [];

afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary directory, removed after the test. */
export function tempDir(prefix = 'gtcx-tpl-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Writes files (path -> text or bytes) under root; a string ending in "!x" marks the file executable. */
export function writeTree(root: string, files: Record<string, string | Buffer>): void {
  for (const [path, content] of Object.entries(files)) {
    const absolute = join(root, path);
    mkdirSync(dirname(absolute), { recursive: true });
    writeFileSync(absolute, content);
  }
}

export function makeExecutable(path: string): void {
  chmodSync(path, 0o755);
}

/** A template directory with template.yaml and files/ (and partials/ when given). */
export function writeTemplate(
  yaml: string,
  files: Record<string, string | Buffer>,
  partials: Record<string, string> = {},
): string {
  const dir = tempDir('gtcx-template-');
  writeFileSync(join(dir, 'template.yaml'), yaml);
  mkdirSync(join(dir, 'files'), { recursive: true });
  writeTree(join(dir, 'files'), files);
  if (Object.keys(partials).length > 0) writeTree(join(dir, 'partials'), partials);
  return dir;
}

/** Every file under root (posix relative path -> bytes and mode), for byte-for-byte comparisons. */
export function snapshot(root: string): Record<string, { content: string; mode: number }> {
  const out: Record<string, { content: string; mode: number }> = {};
  const walk = (dir: string, prefix: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const rel = `${prefix}${entry.name}`;
      const absolute = join(dir, entry.name);
      if (entry.isDirectory()) {
        out[`${rel}/`] = { content: '', mode: statSync(absolute).mode & 0o777 };
        walk(absolute, `${rel}/`);
      } else {
        out[rel] = {
          content: readFileSync(absolute).toString('base64'),
          mode: statSync(absolute).mode & 0o777,
        };
      }
    }
  };
  walk(root, '');
  return out;
}
