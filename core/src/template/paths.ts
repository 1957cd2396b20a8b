import { lstatSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { GtcxError } from '../errors.js';

/**
 * Resolves a generated file's relative path inside root, refusing anything that could write
 * elsewhere: `..`, absolute paths, drive letters, backslashes, NUL, a `.git` segment, and any
 * existing symlink along the way (a symlink in the target could point anywhere).
 */
export function resolveInside(root: string, relPath: string): string {
  return createPathGuard(root).resolve(relPath);
}

export interface PathGuard {
  /** The absolute path of relPath inside the root, or an unsafe_path error naming it. */
  resolve(relPath: string): string;
  /** resolve, plus the lstat of the path itself when it exists. */
  inspect(relPath: string): { absolute: string; stats: Stats | undefined };
}

/** resolveInside for many paths under one root: each existing directory is lstat'ed once. */
export function createPathGuard(root: string): PathGuard {
  const seen = new Map<string, Stats | null>();

  const lstat = (absolute: string, relPath: string): Stats | null => {
    const known = seen.get(absolute);
    if (known !== undefined) return known;
    let stats: Stats | null = null;
    try {
      stats = lstatSync(absolute);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
    }
    if (stats?.isSymbolicLink()) throw unsafe(relPath, `passes through the symlink ${absolute}`);
    seen.set(absolute, stats);
    return stats;
  };

  const inspect = (relPath: string): { absolute: string; stats: Stats | undefined } => {
    let absolute = root;
    let stats: Stats | null = null;
    let exists = true;
    for (const segment of safeSegments(relPath)) {
      absolute = join(absolute, segment);
      stats = exists ? lstat(absolute, relPath) : null;
      exists = stats !== null;
    }
    return { absolute, stats: stats ?? undefined };
  };

  return { resolve: (relPath) => inspect(relPath).absolute, inspect };
}

/** The path's segments, or an unsafe_path error: the lexical half of resolveInside. */
export function safeSegments(relPath: string): string[] {
  if (typeof relPath !== 'string' || relPath === '') throw unsafe(String(relPath), 'is empty');
  if (relPath.includes('\0')) throw unsafe(relPath, 'contains a NUL byte');
  if (relPath.startsWith('/') || /^[A-Za-z]:/.test(relPath)) throw unsafe(relPath, 'is absolute');
  if (relPath.includes('\\')) throw unsafe(relPath, 'contains a backslash');
  const segments = relPath.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.length === 0) throw unsafe(relPath, 'names no file');
  if (segments.includes('..')) throw unsafe(relPath, 'leaves the target directory');
  if (segments.some((segment) => segment.toLowerCase() === '.git'))
    throw unsafe(relPath, 'points into .git/');
  return segments;
}

function unsafe(relPath: string, reason: string): GtcxError {
  return new GtcxError('unsafe_path', `refusing the path "${relPath}": it ${reason}`, {
    hint: 'generated paths must stay inside the target directory; check the template and the answers used in file names',
    details: { path: relPath, reason },
  });
}
