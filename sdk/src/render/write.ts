import { chmod, lstat, mkdir, mkdtemp, readdir, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { GtcxSdkError } from '../errors.js';

export interface TreeFile {
  /** POSIX path relative to the tree's root. */
  path: string;
  content: Uint8Array;
  /** Unix permission bits; only the 0o777 bits are kept. */
  mode: number;
}

/**
 * Writes files into a directory that does not exist yet (or is empty), whole or not at all: every
 * file goes into a staging directory beside the target, which is then renamed into place. Paths
 * must stay inside the target: absolute paths, `..`, backslashes and empty segments are refused
 * before anything is written. An existing, non-empty target is refused: merging into a project is
 * `gtcx new`'s job, with conflict handling.
 */
export async function writeTree(outDir: string, files: readonly TreeFile[]): Promise<string> {
  const target = resolve(outDir);
  for (const file of files) checkPath(file.path);
  let staging: string | undefined;
  try {
    await checkTarget(target);
    await mkdir(dirname(target), { recursive: true });
    staging = await mkdtemp(join(dirname(target), `.${basename(target)}.gtcx-`));
    for (const file of files) {
      const destination = join(staging, ...file.path.split('/'));
      if (!destination.startsWith(staging + sep)) throw unsafe(file.path, 'leaves the target directory');
      await mkdir(dirname(destination), { recursive: true });
      await writeFile(destination, file.content, { flag: 'wx' });
      await chmod(destination, file.mode & 0o777);
    }
    // Checked again: something may have appeared at the target while the files were written.
    if (await checkTarget(target)) await rmdir(target);
    await rename(staging, target);
    return target;
  } catch (error) {
    if (staging !== undefined) await rm(staging, { recursive: true, force: true });
    if (error instanceof GtcxSdkError) throw error;
    const code = (error as { code?: string }).code;
    if (code === 'EEXIST' || code === 'ENOTDIR') {
      throw new GtcxSdkError(
        'validation_failed',
        'the rendered files name the same path twice, or a file as a directory',
        {
          hint: 'the template produced conflicting paths; fix the template',
          cause: error,
        },
      );
    }
    throw new GtcxSdkError('unsafe_path', `cannot write into ${target}: ${(error as Error).message}`, {
      hint: 'check that the parent directory exists and is writable',
      details: { target },
      cause: error,
    });
  }
}

/** True when the target exists as an empty directory; throws when it cannot be written into. */
async function checkTarget(target: string): Promise<boolean> {
  let stats: Awaited<ReturnType<typeof lstat>>;
  try {
    stats = await lstat(target);
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return false;
    throw error;
  }
  if (stats.isSymbolicLink()) {
    throw new GtcxSdkError(
      'unsafe_path',
      `${target} is a symbolic link; renders are not written through links`,
      {
        hint: 'give the real directory, or a new directory name',
        details: { target },
      },
    );
  }
  if (!stats.isDirectory() || (await readdir(target)).length > 0) {
    throw new GtcxSdkError('conflict', `${target} already exists and is not an empty directory`, {
      hint: 'render into a new or empty directory; gtcx new merges into an existing project with conflict handling',
      details: { target },
    });
  }
  return true;
}

function checkPath(path: string): void {
  const segments = path.split('/');
  if (
    path === '' ||
    path.startsWith('/') ||
    /^[A-Za-z]:/.test(path) ||
    path.includes('\\') ||
    path.includes('\0') ||
    segments.some((segment) => segment === '' || segment === '.' || segment === '..')
  ) {
    throw unsafe(path, 'is not a plain relative path');
  }
}

function unsafe(path: string, problem: string): GtcxSdkError {
  return new GtcxSdkError('unsafe_path', `refusing to write ${JSON.stringify(path)}: it ${problem}`, {
    hint: 'the server sent a path outside the target directory; nothing was written; report it to the server admins',
    details: { path },
  });
}
