import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every entry under dir (recursively, sorted) with a digest of each file's bytes and its mode, so
 * "nothing was written" is one equality between a listing before and after.
 */
export function snapshot(dir: string, skip: (path: string) => boolean = () => false): Record<string, string> {
  const entries: Record<string, string> = {};
  const walk = (absolute: string, relative: string): void => {
    let names: string[];
    try {
      names = readdirSync(absolute).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const path = relative === '' ? name : `${relative}/${name}`;
      if (skip(path)) continue;
      const full = join(absolute, name);
      const stats = lstatSync(full);
      if (stats.isDirectory()) {
        entries[`${path}/`] = 'dir';
        walk(full, path);
      } else {
        const digest = createHash('sha256').update(readFileSync(full)).digest('hex').slice(0, 16);
        entries[path] = `${(stats.mode & 0o777).toString(8)} ${digest}`;
      }
    }
  };
  walk(dir, '');
  return entries;
}
