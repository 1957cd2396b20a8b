import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { type ArchiveFile, comparePaths } from '../archive/write.js';
import { EntryGuard, type SafeEntry } from './entry-guard.js';
import { defaultExtractLimits, type ExtractLimits } from './limits.js';
import { stageDirectory } from './staging.js';
import { TarReader } from './tar-reader.js';

export interface ExtractOptions extends Partial<ExtractLimits> {
  /** Who the archive is, in messages: `@acme/web@1.2.0` or a file name. */
  label?: string;
  /** Leading path segments to drop, e.g. 1 for npm's package/ prefix; shallower entries are skipped. */
  strip?: number;
}

export interface ArchiveSummary {
  /** Regular files, sorted by path (byte order). */
  files: string[];
  fileCount: number;
  /** The sum of the files' sizes. */
  unpackedSize: number;
}

export interface ExtractResult extends ArchiveSummary {
  dir: string;
}

/**
 * Reads a gzipped tar, checking every entry before anything of it is kept, and hands each safe
 * entry with its contents to `keep`. Throws unsafe_archive at the first broken rule.
 */
export async function walkArchive(
  tgz: Buffer | Readable,
  options: ExtractOptions,
  keep: (entry: SafeEntry, content: Buffer | undefined) => void,
): Promise<ArchiveSummary> {
  const limits = { ...defaultExtractLimits, ...definedLimits(options) };
  const label = options.label ?? 'the archive';
  const reader = new TarReader(tgz, limits, label);
  const guard = new EntryGuard(limits, label, options.strip ?? 0);
  const files: string[] = [];
  try {
    for (let entry = await reader.next(); entry !== undefined; entry = await reader.next()) {
      const safe = guard.check(entry);
      if (safe === undefined) continue;
      if (safe.type === 'directory') keep(safe, undefined);
      else {
        keep(safe, await reader.readBody(entry));
        files.push(safe.path);
      }
    }
  } catch (error) {
    await reader.close();
    throw error;
  }
  return { files: files.sort(comparePaths), fileCount: files.length, unpackedSize: guard.fileBytes };
}

/**
 * Safely unpacks a pack tarball into targetDir (missing or empty): everything goes to a staging
 * directory beside it, renamed into place only after the whole archive was read and accepted; on
 * any refusal the staging directory is removed and the target is untouched. Files get 0644 or 0755
 * (less the umask), directories 0755; owners and times are not restored.
 */
export async function extractPack(
  tgz: Buffer | Readable,
  targetDir: string,
  options: ExtractOptions = {},
): Promise<ExtractResult> {
  const staging = stageDirectory(targetDir);
  const made = new Set<string>(['']);
  const makeDir = (path: string) => {
    if (made.has(path)) return;
    mkdirSync(join(staging.dir, path), { recursive: true, mode: 0o755 });
    for (let dir = path; dir !== '.' && !made.has(dir); dir = dirname(dir)) made.add(dir);
  };
  try {
    const summary = await walkArchive(tgz, options, (entry, content) => {
      if (entry.type === 'directory') return makeDir(entry.path);
      makeDir(dirname(entry.path) === '.' ? '' : dirname(entry.path));
      // 'wx': the guard already refused duplicates; never write through anything already there.
      writeFileSync(join(staging.dir, entry.path), content as Buffer, { mode: entry.mode, flag: 'wx' });
    });
    staging.commit();
    return { ...summary, dir: targetDir };
  } catch (error) {
    staging.abort();
    throw error;
  }
}

/** The same checks as extractPack, keeping the files in memory (for the registry's publish checks). */
export async function readArchive(
  tgz: Buffer | Readable,
  options: ExtractOptions = {},
): Promise<ArchiveSummary & { contents: Map<string, ArchiveFile> }> {
  const contents = new Map<string, ArchiveFile>();
  const summary = await walkArchive(tgz, options, (entry, content) => {
    if (content !== undefined) contents.set(entry.path, { content, mode: entry.mode });
  });
  return { ...summary, contents };
}

function definedLimits(options: ExtractOptions): Partial<ExtractLimits> {
  const limits: Partial<ExtractLimits> = {};
  for (const key of Object.keys(defaultExtractLimits) as Array<keyof ExtractLimits>) {
    const value = options[key];
    if (typeof value === 'number') limits[key] = value;
  }
  return limits;
}
