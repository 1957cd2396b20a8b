import { type ArchiveRule, type ExtractLimits, unsafeArchive } from './limits.js';
import type { TarEntry, TarEntryType } from './tar-reader.js';

/** An entry that passed every rule: a safe relative POSIX path in NFC, and what to make there. */
export interface SafeEntry {
  path: string;
  type: 'file' | 'directory';
  /** 0644, or 0755 when any execute bit was set; never setuid, setgid or sticky. */
  mode: number;
}

const refusedTypes: Record<Exclude<TarEntryType, 'file' | 'directory'>, [ArchiveRule, string]> = {
  symlink: ['symlink', 'is a symbolic link; packs may not contain links'],
  hardlink: ['hardlink', 'is a hard link; packs may not contain links'],
  'char-device': ['char-device', 'is a character device'],
  'block-device': ['block-device', 'is a block device'],
  fifo: ['fifo', 'is a named pipe (fifo)'],
  'contiguous-file': ['contiguous-file', 'is a contiguous file (type 7), which is not supported'],
  'sparse-file': ['sparse-file', 'is a sparse file, which is not supported'],
  unknown: ['unknown-type', 'has an unknown entry type'],
};

/** Zero-width, bidirectional and other invisible format characters: names must look like what they are. */
const invisible =
  /[\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufeff\uffa0]/u;
const control = /\p{Cc}/u;

interface Seen {
  /** The NFC path that claimed this folded name. */
  path: string;
  kind: 'file' | 'directory';
  /** A directory only implied by a deeper entry, not listed itself. */
  implied: boolean;
}

/**
 * Checks entries one by one against the path rules, the link/device ban, the name-collision rules
 * and the caps. Collisions compare names folded by NFKC and case, so `A.txt`/`a.txt`, NFC/NFD `é`
 * and fullwidth `ａ` cannot both land on a case-insensitive or normalising file system.
 */
export class EntryGuard {
  entries = 0;
  fileBytes = 0;
  private readonly seen = new Map<string, Seen>();

  constructor(
    private readonly limits: ExtractLimits,
    private readonly label: string,
    /** Leading path segments to drop (npm tarballs keep everything under package/). */
    private readonly strip = 0,
  ) {}

  /** The safe entry, or undefined for an entry to skip (the archive root, or above the strip depth). */
  check(entry: TarEntry): SafeEntry | undefined {
    const refused =
      entry.type === 'file' || entry.type === 'directory' ? undefined : refusedTypes[entry.type];
    if (refused) {
      const link = entry.linkTarget === '' ? '' : ` to ${JSON.stringify(entry.linkTarget)}`;
      this.refuse(refused[0], `${refused[1]}${link}`, entry.path);
    }
    const segments = this.pathSegments(entry.path);
    const kept = segments.slice(this.strip);
    if (kept.length === 0) {
      if (entry.type === 'file' && segments.length === 0)
        this.refuse('empty-segment', 'has an empty name', entry.path);
      return undefined;
    }
    const path = kept.join('/').normalize('NFC');
    const type = entry.type as 'file' | 'directory';
    this.claim(path, type, entry.path);
    this.entries++;
    if (this.entries > this.limits.maxEntries) {
      this.refuse('too-many-entries', `is past the limit of ${this.limits.maxEntries} entries`, entry.path);
    }
    if (type === 'file') this.countBytes(entry);
    return { path, type, mode: type === 'directory' || entry.mode & 0o111 ? 0o755 : 0o644 };
  }

  /** The path's segments after every textual rule; a leading `./` is harmless and dropped. */
  private pathSegments(raw: string): string[] {
    const rule = pathProblem(raw, this.limits.maxPathBytes);
    if (rule) this.refuse(rule[0], rule[1], raw);
    const segments = raw.replace(/\/+$/, '').split('/');
    while (segments[0] === '.') segments.shift();
    if (segments.length === 1 && segments[0] === '') return [];
    for (const segment of segments) {
      if (segment === '..') this.refuse('path-traversal', 'has a ".." segment (path traversal)', raw);
      if (segment === '.') this.refuse('dot-segment', 'has a "." segment', raw);
      if (segment === '') this.refuse('empty-segment', 'has an empty segment ("//")', raw);
    }
    return segments;
  }

  private claim(path: string, type: 'file' | 'directory', raw: string): void {
    const segments = path.split('/');
    for (let depth = 1; depth < segments.length; depth++) {
      const dir = segments.slice(0, depth).join('/');
      const seen = this.seen.get(fold(dir));
      if (seen?.kind === 'file')
        this.refuse('through-file', `goes through ${JSON.stringify(seen.path)}, which is a file`, raw);
      if (seen && seen.path !== dir) this.collision(raw, seen.path);
      if (!seen) this.seen.set(fold(dir), { path: dir, kind: 'directory', implied: true });
    }
    const key = fold(path);
    const seen = this.seen.get(key);
    if (seen === undefined) {
      this.seen.set(key, { path, kind: type, implied: false });
      return;
    }
    if (seen.path !== path) this.collision(raw, seen.path);
    if (seen.kind === 'directory' && type === 'directory' && seen.implied) {
      seen.implied = false;
      return;
    }
    if (seen.kind === 'directory' && type === 'file') {
      this.refuse('through-file', 'is a file where earlier entries put a directory', raw);
    }
    const normalised = raw.normalize('NFC') !== raw ? ' (after Unicode NFC normalisation)' : '';
    this.refuse('duplicate-entry', `appears twice${normalised}`, raw);
  }

  private collision(raw: string, other: string): never {
    return this.refuse(
      'name-collision',
      `collides with ${JSON.stringify(other)} (names equal up to case or Unicode compatibility form)`,
      raw,
    );
  }

  private countBytes(entry: TarEntry): void {
    if (entry.size > this.limits.maxFileBytes) {
      this.refuse(
        'file-too-large',
        `is ${entry.size} bytes; the limit is ${this.limits.maxFileBytes}`,
        entry.path,
      );
    }
    this.fileBytes += entry.size;
    if (this.fileBytes > this.limits.maxTotalBytes) {
      this.refuse(
        'total-too-large',
        `takes the unpacked size past the limit of ${this.limits.maxTotalBytes} bytes`,
        entry.path,
      );
    }
  }

  private refuse(rule: ArchiveRule, problem: string, entry: string): never {
    throw unsafeArchive(this.label, rule, problem, entry);
  }
}

/** The key two names collide under: NFKC, then full case folding (ß → ss). */
function fold(path: string): string {
  return path.normalize('NFKC').toUpperCase().toLowerCase().normalize('NFKC');
}

function pathProblem(raw: string, maxBytes: number): [ArchiveRule, string] | undefined {
  if (raw.includes('\u0000')) return ['nul-byte', 'contains a NUL byte'];
  if (Buffer.byteLength(raw) > maxBytes) return ['path-too-long', `is longer than ${maxBytes} bytes`];
  if (raw.includes('\\')) return ['backslash', 'contains a backslash (a Windows path separator)'];
  if (raw.startsWith('/')) return ['absolute-path', 'is an absolute path'];
  if (/^[A-Za-z]:/.test(raw)) return ['drive-letter', 'starts with a Windows drive letter'];
  if (control.test(raw)) return ['control-character', 'contains a control character'];
  if (invisible.test(raw))
    return ['invisible-character', 'contains an invisible or bidirectional control character'];
  return undefined;
}
