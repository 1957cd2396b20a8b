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

/**
 * Runs a step that writes under `place` (the pack cache, the packs directory, the lockfile) and
 * turns an unwritable location into one clear error naming the pack, the place and the fix.
 */
export async function writingTo<T>(place: string, what: string, label: string, step: () => T | Promise<T>) {
  try {
    return await step();
  } catch (error) {
    throw unwritableError(error, place, what, label);
  }
}

export function unwritableError(error: unknown, place: string, what: string, label: string): unknown {
  if (isGtcxError(error)) {
    // The store reports its own unwritable data dir; say which install it stopped.
    if (error.code !== 'data_dir_not_writable' || error.message.includes(label)) return error;
    return new GtcxError(error.code, `cannot install ${label}: ${error.message}`, {
      ...(error.hint === undefined ? {} : { hint: error.hint }),
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
    {
      hint:
        code === 'ENOSPC' || code === 'EDQUOT'
          ? `free some disk space under ${place} and run the install again; nothing was installed`
          : `make ${place} a writable directory (or point GTCX_CACHE_DIR / GTCX_DATA_DIR elsewhere) and run the install again; nothing was installed`,
      details: { pack: label, path, errno: code },
      cause: error,
    },
  );
}
