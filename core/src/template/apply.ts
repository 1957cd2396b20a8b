import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { GtcxError } from '../errors.js';
import { createPathGuard, safeSegments } from './paths.js';
import type { GenerationPlan, PlannedFile } from './plan.js';

/** The file operations apply uses; tests swap one to fail midway. */
export interface ApplyIo {
  mkdir(path: string): void;
  writeFile(path: string, content: Buffer, mode: number): void;
  rename(from: string, to: string): void;
  remove(path: string): void;
}

export const nodeApplyIo: ApplyIo = {
  mkdir: (path) => fs.mkdirSync(path, { recursive: true }),
  writeFile: (path, content, mode) => fs.writeFileSync(path, content, { mode }),
  rename: (from, to) => fs.renameSync(from, to),
  remove: (path) => fs.rmSync(path, { recursive: true, force: true }),
};

export interface ApplyOptions {
  /** Settles each 'conflict' entry (the interactive "overwrite?"); without it conflicts are an error. */
  resolveConflict?: (entry: PlannedFile) => Promise<'overwrite' | 'skip'>;
  io?: ApplyIo;
}

export interface AppliedFile {
  path: string;
  action: PlannedFile['action'];
}

const writes = new Set(['create', 'overwrite', 'modify']);

/**
 * Writes a plan all or nothing. Every file is first written to a staging directory beside the
 * target (same file system, so renames are atomic), then moved into place; replaced and deleted
 * files are kept in the staging directory until the end. If anything fails, or SIGINT arrives
 * while staging, every move is undone, the staging directory is removed and the target is as it was.
 * Returns the files with their final actions (conflicts settled).
 */
export async function applyGeneration(
  targetDir: string,
  plan: GenerationPlan,
  options: ApplyOptions = {},
): Promise<AppliedFile[]> {
  const files = await settleConflicts(plan.files, options.resolveConflict);
  const changes = files.filter((file) => writes.has(file.action) || file.action === 'delete');
  const result = files.map(({ path, action }) => ({ path, action }));
  if (changes.length === 0) return result;

  const target = plan.target || targetDir;
  const targetExists = fs.existsSync(target);
  const stagingParent = writableParent(target, targetExists);
  const io = options.io ?? nodeApplyIo;
  const staging = join(stagingParent, `.${basename(target)}.gtcx-staging-${randomBytes(6).toString('hex')}`);
  const tree = join(staging, 'tree');
  const journal: Move[] = [];
  const interrupt = watchInterrupt();
  try {
    io.mkdir(tree);
    await stage(changes, tree, io, interrupt);
    commit(changes, target, targetExists, staging, tree, io, journal);
  } catch (error) {
    rollback(journal);
    throw error;
  } finally {
    interrupt.dispose();
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return result;
}

async function settleConflicts(
  files: PlannedFile[],
  resolveConflict: ApplyOptions['resolveConflict'],
): Promise<PlannedFile[]> {
  const conflicts = files.filter((file) => file.action === 'conflict');
  if (conflicts.length === 0) return files;
  if (!resolveConflict) {
    const names = conflicts.map((file) => file.path);
    const shown = names.length > 10 ? `${names.slice(0, 10).join(', ')}, ...` : names.join(', ');
    throw new GtcxError(
      'conflict',
      `${names.length} file${names.length === 1 ? '' : 's'} already exist${names.length === 1 ? 's' : ''} with other content: ${shown}`,
      { hint: 'pass --conflict skip|overwrite', details: { conflicts: names } },
    );
  }
  const settled: PlannedFile[] = [];
  for (const file of files) {
    settled.push(file.action === 'conflict' ? { ...file, action: await resolveConflict(file) } : file);
  }
  return settled;
}

/** Where the staging directory goes: beside the target, or inside it when its parent is read-only. */
function writableParent(target: string, targetExists: boolean): string {
  let existing = targetExists ? target : dirname(target);
  while (!fs.existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
  const parent = targetExists ? dirname(target) : existing;
  if (canWrite(parent)) return parent;
  if (targetExists && canWrite(target)) return target;
  throw new GtcxError('data_dir_not_writable', `cannot write to ${targetExists ? target : existing}`, {
    hint: 'choose a target directory you can write to, or fix its permissions',
    details: { path: targetExists ? target : existing },
  });
}

function canWrite(path: string): boolean {
  try {
    fs.accessSync(path, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

async function stage(files: PlannedFile[], tree: string, io: ApplyIo, interrupt: Interrupt): Promise<void> {
  const made = new Set<string>();
  let count = 0;
  for (const file of files) {
    if (file.action === 'delete') continue;
    const staged = join(tree, ...safeSegments(file.path));
    const dir = dirname(staged);
    if (!made.has(dir)) {
      io.mkdir(dir);
      made.add(dir);
    }
    io.writeFile(staged, file.content ?? Buffer.alloc(0), file.mode ?? 0o644);
    // Writes are synchronous; yielding now and then lets a Ctrl-C be noticed before the commit.
    if (++count % 64 === 0) await new Promise((done) => setImmediate(done));
    interrupt.check();
  }
  await new Promise((done) => setImmediate(done));
  interrupt.check();
}

type Move =
  | { kind: 'created'; path: string }
  | { kind: 'replaced'; path: string; backup: string }
  | { kind: 'madeDir'; path: string };

/**
 * Moves staged files into place: a target that does not exist yet is one rename of the whole
 * tree; otherwise new subtrees move whole and existing files are swapped after a backup.
 */
function commit(
  files: PlannedFile[],
  target: string,
  targetExists: boolean,
  staging: string,
  tree: string,
  io: ApplyIo,
  journal: Move[],
): void {
  if (!targetExists) {
    makeParents(dirname(target), io, journal);
    io.rename(tree, target);
    journal.push({ kind: 'created', path: target });
    return;
  }
  const backups = join(staging, 'backup');
  let backupCount = 0;
  const backup = (): string => {
    if (backupCount === 0) io.mkdir(backups);
    return join(backups, String(backupCount++));
  };
  const guard = createPathGuard(target);
  for (const file of files.filter((entry) => entry.action === 'delete')) {
    const path = guard.resolve(file.path);
    const saved = backup();
    io.rename(path, saved);
    journal.push({ kind: 'replaced', path, backup: saved });
  }
  mergeDir(tree, target, io, journal, backup);
}

function mergeDir(from: string, to: string, io: ApplyIo, journal: Move[], backup: () => string): void {
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    const destination = join(to, entry.name);
    const existing = lstatOrUndefined(destination);
    if (!existing) {
      io.rename(source, destination);
      journal.push({ kind: 'created', path: destination });
    } else if (entry.isDirectory() && existing.isDirectory()) {
      mergeDir(source, destination, io, journal, backup);
    } else if (entry.isFile() && existing.isFile()) {
      const saved = backup();
      io.rename(destination, saved);
      journal.push({ kind: 'replaced', path: destination, backup: saved });
      io.rename(source, destination);
    } else {
      throw new GtcxError(
        'conflict',
        `${destination} changed while generating: it is now a ${kindOf(existing)}`,
        {
          hint: 'run the command again',
          details: { path: destination },
        },
      );
    }
  }
}

function makeParents(dir: string, io: ApplyIo, journal: Move[]): void {
  const missing: string[] = [];
  for (let current = dir; !fs.existsSync(current); current = dirname(current)) missing.unshift(current);
  for (const path of missing) {
    io.mkdir(path);
    journal.push({ kind: 'madeDir', path });
  }
}

/** Undoes the moves in reverse: new paths removed, replaced or deleted files put back. */
function rollback(journal: Move[]): void {
  for (const move of journal.reverse()) {
    if (move.kind === 'replaced') {
      if (lstatOrUndefined(move.path)) nodeApplyIo.remove(move.path);
      nodeApplyIo.rename(move.backup, move.path);
    } else {
      nodeApplyIo.remove(move.path);
    }
  }
}

function lstatOrUndefined(path: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(path);
  } catch {
    return undefined;
  }
}

function kindOf(stats: fs.Stats): string {
  return stats.isDirectory() ? 'directory' : stats.isSymbolicLink() ? 'symlink' : 'file';
}

interface Interrupt {
  check(): void;
  dispose(): void;
}

/**
 * While applying, SIGINT cancels instead of killing the process mid-write. After the rollback the
 * handler is removed; when nobody else listens the signal is raised again so the process still
 * ends the way Ctrl-C ends it.
 */
function watchInterrupt(): Interrupt {
  let interrupted = false;
  const onSigint = (): void => {
    interrupted = true;
  };
  process.once('SIGINT', onSigint);
  return {
    check() {
      if (interrupted) {
        throw new GtcxError('internal', 'interrupted: nothing was written', {
          hint: 'run the command again to generate the files',
          details: { signal: 'SIGINT' },
        });
      }
    },
    dispose() {
      process.removeListener('SIGINT', onSigint);
      if (interrupted && process.listenerCount('SIGINT') === 0) {
        setImmediate(() => process.kill(process.pid, 'SIGINT'));
      }
    },
  };
}
