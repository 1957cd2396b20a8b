import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { GtcxError } from '../errors.js';
import { inject } from './inject.js';
import { createPathGuard } from './paths.js';
import type { RenderedInjection } from './render.js';
import type { InjectionMode, RenderedFile, RenderedTree } from './types.js';

export type ConflictMode = 'skip' | 'overwrite' | 'fail' | 'ask';

/**
 * create: new file. identical: already there with the same bytes. conflict: there with other bytes,
 * to be resolved (ask) or refused (fail). overwrite / skip: a conflict settled by the mode.
 * modify: an existing file changed by injections (or, for update, a merge). delete: removed (update).
 */
export type FileAction = 'create' | 'identical' | 'conflict' | 'overwrite' | 'skip' | 'modify' | 'delete';

export interface PlannedFile {
  path: string;
  action: FileAction;
  /** Unified diff (text files): for every change, or also creates with diffs: 'all'. */
  diff?: string;
  binary?: boolean;
  /** The bytes to write for create, conflict, overwrite and modify. */
  content?: Buffer;
  mode?: number;
}

export interface PlannedInjection {
  file: string;
  mode: InjectionMode;
  action: 'modify' | 'skip';
  /** Why it is skipped: 'marker present', 'pattern not found' or 'file not found'. */
  reason?: string;
  diff?: string;
}

export interface GenerationPlan {
  /** Absolute target directory. */
  target: string;
  files: PlannedFile[];
  injections: PlannedInjection[];
}

export interface PlanOptions {
  conflict: ConflictMode;
  injections?: RenderedInjection[];
  /** Which entries get a unified diff: 'changes' (default: conflicts, overwrites, modifications), 'all' (creates too), 'none'. */
  diffs?: 'all' | 'changes' | 'none';
}

/**
 * Compares a rendered tree (and the injections) with what the target holds, deciding each file's
 * action. Reads only; every path is checked by the path guard, so a plan never points outside the
 * target, into .git/ or through a symlink.
 */
export async function planGeneration(
  targetDir: string,
  rendered: RenderedTree,
  options: PlanOptions,
): Promise<GenerationPlan> {
  const target = resolve(targetDir);
  const guard = createPathGuard(target);
  const diffs = options.diffs ?? 'changes';
  const tree: RenderedTree = new Map(rendered);
  const injections: PlannedInjection[] = [];
  const modified = new Map<string, { before: string; text: string; mode: number }>();

  for (const injection of options.injections ?? []) {
    const entry: PlannedInjection = { file: injection.file, mode: injection.mode, action: 'skip' };
    injections.push(entry);
    const generated = tree.get(injection.file);
    const pending = modified.get(injection.file);
    let before: string;
    let mode: number;
    if (generated) {
      before = generated.content.toString('utf8');
      mode = generated.mode;
    } else if (pending) {
      before = pending.text;
      mode = pending.mode;
    } else {
      const { absolute, stats } = guard.inspect(injection.file);
      if (!stats?.isFile()) {
        entry.reason = 'file not found';
        continue;
      }
      before = readFileSync(absolute, 'utf8');
      mode = stats.mode & 0o777;
    }
    const outcome = inject(before, injection);
    if (!outcome.changed) {
      entry.reason = outcome.reason;
      continue;
    }
    entry.action = 'modify';
    if (diffs !== 'none') entry.diff = unifiedDiff(injection.file, before, outcome.text, true);
    if (generated) tree.set(injection.file, { content: Buffer.from(outcome.text, 'utf8'), mode });
    else modified.set(injection.file, { before: pending?.before ?? before, text: outcome.text, mode });
  }

  const files: PlannedFile[] = [];
  for (const path of [...tree.keys()].sort()) {
    const file = tree.get(path) as RenderedFile;
    const { absolute, stats } = guard.inspect(path);
    const binary = isBinary(file.content);
    const planned: PlannedFile = { path, action: 'create', content: file.content, mode: file.mode };
    if (binary) planned.binary = true;
    files.push(planned);
    if (!stats) {
      if (diffs === 'all' && !binary)
        planned.diff = unifiedDiff(path, '', file.content.toString('utf8'), false);
      continue;
    }
    if (!stats.isFile()) {
      throw new GtcxError('conflict', `${path} exists in the target and is not a file`, {
        hint: `move ${absolute} away, or remove the template file that renders to it`,
        details: { path },
      });
    }
    const existing = readFileSync(absolute);
    if (existing.equals(file.content)) {
      planned.action = 'identical';
      continue;
    }
    planned.action = { skip: 'skip', overwrite: 'overwrite', fail: 'conflict', ask: 'conflict' }[
      options.conflict
    ] as FileAction;
    if (diffs !== 'none' && !binary && !isBinary(existing)) {
      planned.diff = unifiedDiff(path, existing.toString('utf8'), file.content.toString('utf8'), true);
    }
  }

  for (const [path, change] of modified) {
    const planned: PlannedFile = {
      path,
      action: 'modify',
      content: Buffer.from(change.text, 'utf8'),
      mode: change.mode,
    };
    if (diffs !== 'none') planned.diff = unifiedDiff(path, change.before, change.text, true);
    files.push(planned);
  }
  return { target, files, injections };
}

/** A git-style unified diff: `--- a/path` (or /dev/null for a new file), `+++ b/path`. */
export function unifiedDiff(path: string, before: string, after: string, existed: boolean): string {
  const patch = loadDiff().createTwoFilesPatch(
    existed ? `a/${path}` : '/dev/null',
    `b/${path}`,
    before,
    after,
    '',
    '',
    {
      context: 3,
    },
  );
  return patch.replace(/^=+\n/, '');
}

/** Git's heuristic: a NUL byte in the first 8,000 bytes. */
export function isBinary(content: Buffer): boolean {
  return content.subarray(0, 8000).includes(0);
}

let diffModule: typeof import('diff') | undefined;

/** `diff` is loaded on the first diff: most runs of gtcx new create files and diff nothing. */
function loadDiff(): typeof import('diff') {
  diffModule ??= createRequire(import.meta.url)('diff') as typeof import('diff');
  return diffModule;
}
