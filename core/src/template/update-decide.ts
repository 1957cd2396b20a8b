import { hashContent } from './record.js';
import { isMergeableText, type MergeLabels, mergeText } from './update-merge.js';

export interface FileState {
  content: Buffer;
  mode: number;
}

export type UpdateAction =
  | 'unchanged'
  | 'update'
  | 'merge'
  | 'conflict'
  | 'create'
  | 'delete'
  | 'keep-deleted'
  | 'keep-modified';

/** The three versions of one path, plus the hash recorded when the project was last generated. */
export interface FileSides {
  base: FileState | undefined;
  theirs: FileState | undefined;
  ours: FileState | undefined;
  recordedHash: string | undefined;
}

export interface Decision {
  action: UpdateAction;
  /** The new content of the path, when it changes. */
  write?: FileState;
  remove?: true;
  /** A binary conflict: the template's version, written beside ours as <path>.gtcx-theirs. */
  theirsCopy?: FileState;
  /** Why, in a few words, for the listing. */
  note?: string;
}

export const THEIRS_SUFFIX = '.gtcx-theirs';

/**
 * What update does with one path. Ours is the file on disk, base the recorded version rendered
 * with the recorded answers, theirs the target version. The user's choices win wherever the
 * template did not change: deleted stays deleted, edited stays edited.
 */
export function decide(sides: FileSides, labels: MergeLabels): Decision {
  const { base, theirs, ours } = sides;
  if (!ours) return decideMissing(sides);
  if (!theirs) return base ? decideRemoved(sides, ours, base) : { action: 'unchanged' };
  if (sameFile(ours, theirs)) return { action: 'unchanged' };
  if (!base)
    return merge(ours, { content: Buffer.alloc(0), mode: ours.mode }, theirs, labels, 'new in the template');
  if (sameFile(ours, base)) return { action: 'update', write: theirs };
  if (sameFile(theirs, base)) return { action: 'unchanged', note: 'your changes kept' };
  return merge(ours, base, theirs, labels, 'changed in both');
}

function decideMissing({ base, theirs, recordedHash }: FileSides): Decision {
  const generatedBefore = base !== undefined || recordedHash !== undefined;
  if (!generatedBefore) return theirs ? { action: 'create', write: theirs } : { action: 'unchanged' };
  const templateChangedIt = theirs !== undefined && (base === undefined || !sameFile(theirs, base));
  return templateChangedIt
    ? { action: 'keep-deleted', note: 'you deleted it; the template changed it' }
    : { action: 'unchanged', note: 'you deleted it' };
}

function decideRemoved(sides: FileSides, ours: FileState, base: FileState): Decision {
  const unmodified = sameFile(ours, base) || hashContent(ours.content) === sides.recordedHash;
  return unmodified
    ? { action: 'delete', remove: true, note: 'removed from the template' }
    : { action: 'keep-modified', note: 'removed from the template, kept because you changed it' };
}

function merge(
  ours: FileState,
  base: FileState,
  theirs: FileState,
  labels: MergeLabels,
  why: string,
): Decision {
  if (![ours, base, theirs].every((side) => isMergeableText(side.content))) {
    return {
      action: 'conflict',
      theirsCopy: theirs,
      note: `binary file ${why}: yours kept, the template's written beside it as ${THEIRS_SUFFIX}`,
    };
  }
  const merged = mergeText(
    ours.content.toString('utf8'),
    base.content.toString('utf8'),
    theirs.content.toString('utf8'),
    labels,
  );
  // The template's mode change wins, as a content change would; otherwise the user's mode stays.
  const mode = isExecutable(theirs.mode) !== isExecutable(base.mode) ? theirs.mode : ours.mode;
  const write = { content: Buffer.from(merged.text, 'utf8'), mode };
  if (sameFile(write, ours)) return { action: 'unchanged', note: 'already has the template changes' };
  if (merged.conflicts > 0) {
    return { action: 'conflict', write, note: `${why}: ${merged.conflicts} conflicting region(s) marked` };
  }
  return { action: 'merge', write, note: why };
}

/** Same bytes and the same executable bit (the only mode bit templates carry). */
export function sameFile(a: FileState, b: FileState): boolean {
  return a.content.equals(b.content) && isExecutable(a.mode) === isExecutable(b.mode);
}

function isExecutable(mode: number): boolean {
  // Windows has no executable bit; comparing it there would flag every script as changed.
  return process.platform !== 'win32' && (mode & 0o111) !== 0;
}
