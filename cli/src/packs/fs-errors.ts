import { GtcxError, isGtcxError } from '@gtcx/core';

/** File system failures that mean "this place cannot be written", as opposed to bugs. */
const unwritable: Record<string, string> = {
  ENOTDIR: 'a part of the path is a file, not a directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is exceeded',
  EEXIST: 'a file is in the way',
  EISDIR: 'a directory is in the way',
};

/** The places an install writes, each with its own fix. */
export type WritePlace = 'the pack cache' | 'the packs directory' | 'the data directory' | 'the lockfile';

/**
 * Runs a step that writes under `place` (the pack cache, the packs directory, the lockfile) and
 * turns an unwritable location into one clear error naming the pack, the place and the fix.
 */
export async function writingTo<T>(
  place: string,
  what: WritePlace,
  label: string,
  step: () => T | Promise<T>,
) {
  try {
    return await step();
  } catch (error) {
    throw unwritableError(error, place, what, label);
  }
}

/** The synchronous twin of writingTo, for cache writes inside synchronous code. */
export function writingToSync<T>(place: string, what: WritePlace, label: string, step: () => T): T {
  try {
    return step();
  } catch (error) {
    throw unwritableError(error, place, what, label);
  }
}

export function unwritableError(error: unknown, place: string, what: WritePlace, label: string): unknown {
  if (isGtcxError(error)) {
    // The store reports its own unwritable data dir; say which install it stopped, and name the
    // fix pack install has (GTCX_DATA_DIR: it has no --data-dir flag).
    if (error.code !== 'data_dir_not_writable' || error.message.includes(label)) return error;
    return new GtcxError(error.code, `cannot install ${label}: ${error.message}`, {
      hint: fixFor(what, place, undefined),
      details: { ...error.details, pack: label },
      cause: error,
    });
  }
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === undefined || !(code in unwritable)) return error;
  const path = (error as NodeJS.ErrnoException).path ?? place;
  return new GtcxError(
    'data_dir_not_writable',
    `cannot install ${label}: ${what} ${place} is not writable (${code}: ${unwritable[code]} at ${path})`,
    { hint: fixFor(what, place, code), details: { pack: label, path, errno: code }, cause: error },
  );
}

function fixFor(what: WritePlace, place: string, code: string | undefined): string {
  const again = 'and run the install again; nothing was installed';
  if (code === 'ENOSPC' || code === 'EDQUOT') return `free some disk space under ${place} ${again}`;
  switch (what) {
    case 'the lockfile':
      return `make the directory of ${place} writable (and ${place}, if it exists, a writable file), or pass --lockfile <path> ${again}`;
    case 'the pack cache':
      return `make ${place} a writable directory (fix its permissions), or point GTCX_CACHE_DIR at a writable directory, ${again}`;
    default:
      return `make ${place} a writable directory (fix its permissions), or point GTCX_DATA_DIR at a writable directory, ${again}`;
  }
}
