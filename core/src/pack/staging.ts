import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { GtcxError } from '../errors.js';

export interface Staging {
  /** The empty directory to fill, beside the target (same file system, so the final rename is atomic). */
  dir: string;
  /** Moves the filled staging directory to the target; fails when the target appeared meanwhile. */
  commit(): void;
  /** Removes the staging directory and any parent directories created for it. */
  abort(): void;
}

/**
 * A staging directory next to `target`. The target must not exist or be an empty directory, so a
 * committed tree is never mixed with older files and a refused one leaves nothing behind.
 */
export function stageDirectory(target: string, options: { replace?: boolean } = {}): Staging {
  const absolute = resolve(target);
  if (!options.replace) assertEmptyOrMissing(absolute);
  const parent = dirname(absolute);
  const createdParent = mkdirSync(parent, { recursive: true });
  const dir = mkdtempSync(join(parent, `.${basename(absolute)}.staging-`));
  // mkdtemp makes 0700; the committed directory should look like any other.
  chmodSync(dir, 0o755);
  const abort = () => {
    rmSync(dir, { recursive: true, force: true });
    if (createdParent !== undefined) rmSync(createdParent, { recursive: true, force: true });
  };
  return {
    dir,
    abort,
    commit() {
      try {
        if (options.replace) replaceDirectory(dir, absolute);
        else moveIntoPlace(dir, absolute);
      } catch (error) {
        abort();
        throw error;
      }
    },
  };
}

function moveIntoPlace(staging: string, target: string): void {
  assertEmptyOrMissing(target);
  if (isDirectory(target)) rmdirSync(target);
  try {
    renameSync(staging, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTEMPTY' || code === 'EEXIST') throw notEmpty(target, error);
    throw error;
  }
}

/** Swaps the old tree aside, renames the new one in, then deletes the old one. */
function replaceDirectory(staging: string, target: string): void {
  if (!isDirectory(target)) {
    renameSync(staging, target);
    return;
  }
  const old = `${staging}.old`;
  renameSync(target, old);
  try {
    renameSync(staging, target);
  } catch (error) {
    renameSync(old, target);
    throw error;
  }
  rmSync(old, { recursive: true, force: true });
}

function assertEmptyOrMissing(target: string): void {
  if (!isDirectory(target)) {
    try {
      statSync(target);
    } catch {
      return;
    }
    throw notEmpty(target);
  }
  if (readdirSync(target).length > 0) throw notEmpty(target);
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function notEmpty(target: string, cause?: unknown): GtcxError {
  return new GtcxError('conflict', `${target} already exists and is not empty`, {
    hint: 'unpack into a new or empty directory, or remove the existing one first',
    details: { path: target },
    cause,
  });
}
