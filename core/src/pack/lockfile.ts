import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import validVersion from 'semver/functions/valid.js';
import { GtcxError } from '../errors.js';
import { parseIntegrity } from './integrity.js';
import { isPackName } from './names.js';
import type { ResolvedPack } from './resolve.js';

export const lockfileName = 'gtcx-lock.json';

export interface LockedPack {
  version: string;
  /** Where the tarball came from: a registry URL, `file:<path>` or `npm:<package>@<version>`. */
  resolved: string;
  integrity: string;
  /** Its pack dependencies, name to range, as its pack.yaml states them. */
  dependencies?: Record<string, string>;
}

export interface Lockfile {
  lockfileVersion: 1;
  packs: Record<string, LockedPack>;
}

export function emptyLockfile(): Lockfile {
  return { lockfileVersion: 1, packs: {} };
}

/** Reads gtcx-lock.json; undefined when the file does not exist, validation_failed when it is malformed. */
export function readLockfile(file: string): Lockfile | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw malformed(file, 'is not valid JSON (a merge conflict?)', '', error);
  }
  return validateLockfile(raw, file);
}

function validateLockfile(raw: unknown, file: string): Lockfile {
  if (!isObject(raw)) throw malformed(file, 'must be a JSON object', '');
  if (raw.lockfileVersion !== 1) {
    throw malformed(
      file,
      `has lockfileVersion ${JSON.stringify(raw.lockfileVersion)}; this gtcx reads version 1`,
      'lockfileVersion',
    );
  }
  if (!isObject(raw.packs)) throw malformed(file, 'has no "packs" object', 'packs');
  const packs: Record<string, LockedPack> = {};
  for (const [name, entry] of Object.entries(raw.packs)) {
    const field = `packs.${name}`;
    if (!isPackName(name)) throw malformed(file, `locks "${name}", which is not a pack name`, field);
    if (!isObject(entry)) throw malformed(file, `has a non-object entry for ${name}`, field);
    const { version, resolved, integrity, dependencies } = entry;
    if (typeof version !== 'string' || validVersion(version) !== version) {
      throw malformed(file, `has no valid version for ${name}`, `${field}.version`);
    }
    if (typeof resolved !== 'string' || resolved === '')
      throw malformed(file, `has no resolved for ${name}`, `${field}.resolved`);
    if (typeof integrity !== 'string' || !isIntegrity(integrity)) {
      throw malformed(file, `has no valid integrity for ${name}`, `${field}.integrity`);
    }
    if (dependencies !== undefined && !isStringRecord(dependencies)) {
      throw malformed(file, `has malformed dependencies for ${name}`, `${field}.dependencies`);
    }
    packs[name] = { version, resolved, integrity, ...(dependencies ? { dependencies } : {}) };
  }
  return { lockfileVersion: 1, packs };
}

/** The lockfile text: keys sorted at every level, two-space indent, trailing newline. */
export function serializeLockfile(lock: Lockfile): string {
  return `${JSON.stringify(sortKeys(lock), null, 2)}\n`;
}

/** Writes the lockfile atomically (temp file in the same directory, then rename). */
export function writeLockfile(file: string, lock: Lockfile): void {
  const text = serializeLockfile(validateLockfile(lock, file));
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, text);
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** A lockfile for resolved packs; `resolvedUrl` turns a pack's tarball path into what to record. */
export function lockfileFrom(
  packs: Iterable<ResolvedPack>,
  resolvedUrl: (pack: ResolvedPack) => string = (pack) => pack.tarball,
): Lockfile {
  const lock = emptyLockfile();
  for (const pack of packs) {
    lock.packs[pack.name] = {
      version: pack.version,
      resolved: resolvedUrl(pack),
      integrity: pack.integrity,
      ...(Object.keys(pack.dependencies).length > 0 ? { dependencies: { ...pack.dependencies } } : {}),
    };
  }
  return lock;
}

export interface LockMismatch {
  name: string;
  kind: 'missing' | 'extra' | 'version' | 'integrity' | 'resolved' | 'dependencies';
  locked?: string;
  wanted?: string;
  message: string;
}

/**
 * What differs between the lockfile and what an install would write: packs to add or remove and
 * changed versions, integrities, sources or dependencies. Empty means the lockfile is up to date.
 */
export function diffLock(lock: Lockfile, wanted: Lockfile): LockMismatch[] {
  const mismatches: LockMismatch[] = [];
  const names = [...new Set([...Object.keys(lock.packs), ...Object.keys(wanted.packs)])].sort();
  for (const name of names) {
    const locked = lock.packs[name];
    const next = wanted.packs[name];
    if (!locked) {
      mismatches.push({
        name,
        kind: 'missing',
        wanted: next?.version,
        message: `${name}@${next?.version} is not in the lockfile`,
      });
      continue;
    }
    if (!next) {
      mismatches.push({
        name,
        kind: 'extra',
        locked: locked.version,
        message: `${name}@${locked.version} is locked but no longer needed`,
      });
      continue;
    }
    const fields = ['version', 'integrity', 'resolved'] as const;
    for (const field of fields) {
      if (locked[field] !== next[field]) {
        mismatches.push({
          name,
          kind: field,
          locked: locked[field],
          wanted: next[field],
          message: `${name}: the lockfile has ${field} ${locked[field]}, the install would use ${next[field]}`,
        });
      }
    }
    const lockedDeps = JSON.stringify(sortKeys(locked.dependencies ?? {}));
    const nextDeps = JSON.stringify(sortKeys(next.dependencies ?? {}));
    if (lockedDeps !== nextDeps) {
      mismatches.push({
        name,
        kind: 'dependencies',
        locked: lockedDeps,
        wanted: nextDeps,
        message: `${name}: its dependencies changed from ${lockedDeps} to ${nextDeps}`,
      });
    }
  }
  return mismatches;
}

/** For --frozen-lockfile: throws precondition_failed listing every mismatch. */
export function assertLockfileUpToDate(lock: Lockfile, wanted: Lockfile, file = lockfileName): void {
  const mismatches = diffLock(lock, wanted);
  if (mismatches.length === 0) return;
  throw new GtcxError(
    'precondition_failed',
    `${file} is out of date (--frozen-lockfile): ${mismatches.map((mismatch) => mismatch.message).join('; ')}`,
    {
      hint: `run gtcx pack install without --frozen-lockfile and commit the updated ${file}`,
      details: { file, mismatches },
    },
  );
}

function malformed(file: string, problem: string, field: string, cause?: unknown): GtcxError {
  return new GtcxError('validation_failed', `${file} ${problem}`, {
    hint: `fix ${file} by hand, or delete it and run gtcx pack install to write a fresh one`,
    details: { file, field },
    cause,
  });
}

function isIntegrity(text: string): boolean {
  try {
    parseIntegrity(text);
    return true;
  } catch {
    return false;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return isObject(value) && Object.values(value).every((item) => typeof item === 'string');
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys(value[key])]),
  );
}
