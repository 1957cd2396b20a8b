import { constants, gzipSync } from 'node:zlib';
import { GtcxError } from '../errors.js';
import { BLOCK, type EntryType, entryHeaders, padding } from './tar-header.js';

export interface ArchiveFile {
  content: Buffer;
  /** Permission bits; only the executable bits matter: 0755 when any is set, else 0644. */
  mode: number;
}

/** Files by POSIX path relative to the archive root: a RenderedTree (Map) or any list of pairs. */
export type ArchiveInput = Iterable<readonly [string, ArchiveFile]>;

export interface WriteTarOptions {
  /** The time stamped on every entry; the default is fixed so the same files give the same bytes. */
  mtime?: Date;
  /** Emit an entry for every directory (default true); false lists files only, as npm tarballs do. */
  directories?: boolean;
}

/** npm's fixed mtime for packed files: a date no real file has, and not 0 (which some tools mistrust). */
export const archiveMtime = new Date('1985-10-26T08:15:00.000Z');

/** Fixed so the same tar always compresses to the same bytes with the same zlib. */
const gzipLevel = 9;
/** The gzip header's OS byte: zlib writes its build platform's; always "Unix" keeps archives alike. */
const gzipOsUnix = 3;

interface Entry {
  path: string;
  type: EntryType;
  mode: number;
  content: Buffer;
}

/**
 * A deterministic ustar archive: entries sorted by path (byte order) with their directories first,
 * modes normalised to 0644/0755, uid/gid 0, no user or group names, one fixed mtime, pax headers
 * for long and non-ASCII names. Refuses absolute, `..`, duplicate and colliding paths.
 */
export function writeTar(files: ArchiveInput, options: WriteTarOptions = {}): Buffer {
  const mtime = Math.floor((options.mtime ?? archiveMtime).getTime() / 1000);
  const chunks: Buffer[] = [];
  for (const entry of archiveEntries(files, options.directories ?? true)) {
    chunks.push(
      ...entryHeaders({
        path: entry.path,
        type: entry.type,
        mode: entry.mode,
        size: entry.content.length,
        mtime,
      }),
    );
    if (entry.type === 'file') chunks.push(entry.content, padding(entry.content.length));
  }
  // The end of the archive: two zero blocks.
  chunks.push(Buffer.alloc(2 * BLOCK));
  return Buffer.concat(chunks);
}

/** writeTar, gzipped at a fixed level with no name and a zero mtime in the gzip header. */
export function writeTarGz(files: ArchiveInput, options: WriteTarOptions = {}): Buffer {
  const gzipped = gzipSync(writeTar(files, options), {
    level: gzipLevel,
    strategy: constants.Z_DEFAULT_STRATEGY,
  });
  gzipped[9] = gzipOsUnix;
  return gzipped;
}

/** Byte order of the UTF-8 paths: the order of archive entries and of rendered file lists. */
export function comparePaths(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function archiveEntries(files: ArchiveInput, directories: boolean): Entry[] {
  const entries = new Map<string, Entry>();
  for (const [path, file] of files) {
    checkPath(path);
    if (entries.has(path)) throw collision(path, 'appears twice');
    entries.set(path, { path, type: 'file', mode: file.mode & 0o111 ? 0o755 : 0o644, content: file.content });
  }
  for (const path of [...entries.keys()]) {
    const segments = path.split('/');
    for (let depth = 1; depth < segments.length; depth++) {
      const dir = segments.slice(0, depth).join('/');
      const existing = entries.get(dir);
      if (existing?.type === 'file') throw collision(dir, `is a file and also the directory of ${path}`);
      if (existing === undefined) {
        entries.set(dir, { path: `${dir}/`, type: 'directory', mode: 0o755, content: Buffer.alloc(0) });
      }
    }
  }
  return [...entries.values()]
    .filter((entry) => directories || entry.type === 'file')
    .sort((a, b) => comparePaths(a.path, b.path));
}

/** Each rule names what is wrong with a path it refuses. */
const pathRules: Array<[problem: string, refuses: (path: string) => boolean]> = [
  ['is empty', (path) => path === ''],
  ['is absolute', (path) => path.startsWith('/')],
  ['contains a backslash', (path) => path.includes('\\')],
  ['contains a NUL byte', (path) => path.includes('\u0000')],
  ['is not valid Unicode', (path) => Buffer.from(path, 'utf8').toString('utf8') !== path],
  [
    'has an empty, "." or ".." segment',
    (path) => path.split('/').some((segment) => segment === '' || segment === '.' || segment === '..'),
  ],
];

function checkPath(path: string): void {
  const problem =
    typeof path === 'string' ? pathRules.find(([, refuses]) => refuses(path))?.[0] : 'is not text';
  if (problem === undefined) return;
  throw new GtcxError('unsafe_path', `cannot archive "${String(path)}": the path ${problem}`, {
    hint: 'archive entries are relative POSIX paths without "." or ".." segments',
    details: { path },
  });
}

function collision(path: string, problem: string): GtcxError {
  return new GtcxError('validation_failed', `cannot archive "${path}": it ${problem}`, {
    hint: 'give every file its own path, and no file the path of a directory',
    details: { path },
  });
}
