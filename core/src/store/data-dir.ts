import { accessSync, constants, mkdirSync, rmSync, statSync } from 'node:fs';
import { GtcxError } from '../errors.js';

const hint = (dir: string) =>
  `choose another directory with --data-dir or GTCX_DATA_DIR, or make ${dir} a directory you can write to`;

/**
 * Makes sure dir exists as a writable directory (created 0700 when missing) and returns an undo that
 * removes exactly what was created, so a failure later in opening leaves nothing behind.
 */
export function prepareDataDir(dir: string): () => void {
  let created: string | undefined;
  try {
    created = mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new GtcxError('data_dir_not_writable', `data dir ${dir} cannot be created: ${reason(error)}`, {
      hint: hint(dir),
      details: { dataDir: dir },
      cause: error,
    });
  }
  const undo = () => {
    if (created !== undefined) rmSync(created, { recursive: true, force: true });
  };
  try {
    if (!statSync(dir).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch (error) {
    undo();
    throw new GtcxError('data_dir_not_writable', `data dir ${dir} is not writable: ${reason(error)}`, {
      hint: hint(dir),
      details: { dataDir: dir },
      cause: error,
    });
  }
  return undo;
}

function reason(error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOTDIR':
      return 'a part of the path is a file, not a directory';
    case 'EEXIST':
      return 'a file is in the way';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'no space left on device';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
