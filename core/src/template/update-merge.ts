import { diff3Merge } from 'node-diff3';

export interface MergeLabels {
  /** e.g. "1.0.0": shown as "base (template 1.0.0)". */
  baseVersion: string;
  targetVersion: string;
}

export interface TextMerge {
  text: string;
  /** Number of conflicting regions written with markers. */
  conflicts: number;
}

/**
 * Three-way merge by lines, as diff3 does it: changes on one side only are taken, identical changes
 * on both are taken once, anything else becomes a conflict written with git's diff3-style markers so
 * editors and `git mergetool` recognise it.
 */
export function mergeText(ours: string, base: string, theirs: string, labels: MergeLabels): TextMerge {
  const regions = diff3Merge(splitLines(ours), splitLines(base), splitLines(theirs), {
    excludeFalseConflicts: true,
  });
  const eol = ours.includes('\r\n') ? '\r\n' : '\n';
  let text = '';
  let conflicts = 0;
  for (const region of regions) {
    if (region.ok) {
      text += region.ok.join('');
      continue;
    }
    if (!region.conflict) continue;
    conflicts += 1;
    text += `<<<<<<< ours (your project)${eol}${block(region.conflict.a, eol)}`;
    text += `||||||| base (template ${labels.baseVersion})${eol}${block(region.conflict.o, eol)}`;
    text += `=======${eol}${block(region.conflict.b, eol)}`;
    text += `>>>>>>> theirs (template ${labels.targetVersion})${eol}`;
  }
  return { text, conflicts };
}

/** Lines with their terminators, so joining them gives the text back byte for byte. */
export function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** A side of a conflict, ending in a line break so the next marker starts its own line. */
function block(lines: readonly string[], eol: string): string {
  const text = lines.join('');
  return text === '' || text.endsWith('\n') ? text : `${text}${eol}`;
}

/**
 * Git's binary heuristic (no NUL early on) plus strict UTF-8: merging decodes the bytes as UTF-8,
 * which would mangle any other encoding.
 */
export function isMergeableText(content: Buffer): boolean {
  if (content.subarray(0, 8000).includes(0)) return false;
  try {
    utf8.decode(content);
    return true;
  } catch {
    return false;
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
