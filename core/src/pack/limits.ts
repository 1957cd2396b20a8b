import { GtcxError } from '../errors.js';

/** Caps on what an archive may unpack to; every one refuses the whole archive when crossed. */
export interface ExtractLimits {
  /** Files and directories. */
  maxEntries: number;
  /** Sum of file sizes. */
  maxTotalBytes: number;
  maxFileBytes: number;
  /** Refuse when decompressed/compressed exceeds this... */
  maxCompressionRatio: number;
  /** ...and the decompressed stream is larger than this (small archives of zeros are harmless). */
  ratioFloorBytes: number;
  /** One pax extended header or GNU long name body. */
  maxPaxBytes: number;
  /** An entry path, in UTF-8 bytes. */
  maxPathBytes: number;
}

const MiB = 1024 * 1024;

export const defaultExtractLimits: Readonly<ExtractLimits> = Object.freeze({
  maxEntries: 10_000,
  maxTotalBytes: 200 * MiB,
  maxFileBytes: 50 * MiB,
  maxCompressionRatio: 100,
  ratioFloorBytes: 10 * MiB,
  maxPaxBytes: 64 * 1024,
  maxPathBytes: 1024,
});

/** Room for headers, padding and pax records on top of the file bytes in the decompressed stream. */
export function maxStreamBytes(limits: ExtractLimits): number {
  return limits.maxTotalBytes + 16 * MiB + limits.maxEntries * 1024;
}

/** Stable rule ids, in details.rule of every unsafe_archive error. */
export type ArchiveRule =
  | 'absolute-path'
  | 'path-traversal'
  | 'dot-segment'
  | 'empty-segment'
  | 'backslash'
  | 'drive-letter'
  | 'nul-byte'
  | 'control-character'
  | 'invisible-character'
  | 'invalid-utf8'
  | 'path-too-long'
  | 'symlink'
  | 'hardlink'
  | 'char-device'
  | 'block-device'
  | 'fifo'
  | 'contiguous-file'
  | 'sparse-file'
  | 'unknown-type'
  | 'duplicate-entry'
  | 'name-collision'
  | 'through-file'
  | 'too-many-entries'
  | 'file-too-large'
  | 'total-too-large'
  | 'stream-too-large'
  | 'compression-ratio'
  | 'pax-too-large'
  | 'malformed-header'
  | 'global-header'
  | 'bad-checksum'
  | 'truncated'
  | 'trailing-garbage'
  | 'corrupt-gzip';

/** The one error every refusal raises: it names the pack, the entry and the rule. */
export function unsafeArchive(label: string, rule: ArchiveRule, problem: string, entry?: string): GtcxError {
  const where = entry === undefined ? '' : `entry ${JSON.stringify(entry)} `;
  return new GtcxError('unsafe_archive', `refused to unpack ${label}: ${where}${problem} (${rule})`, {
    hint: `do not install ${label}; report it to the pack's publisher`,
    details: { pack: label, rule, ...(entry === undefined ? {} : { entry }) },
  });
}
