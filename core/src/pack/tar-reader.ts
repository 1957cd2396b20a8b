import { pipeline, type Readable, Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { type ArchiveRule, type ExtractLimits, maxStreamBytes, unsafeArchive } from './limits.js';

const BLOCK = 512;

export type TarEntryType =
  | 'file'
  | 'directory'
  | 'symlink'
  | 'hardlink'
  | 'char-device'
  | 'block-device'
  | 'fifo'
  | 'contiguous-file'
  | 'sparse-file'
  | 'unknown';

export interface TarEntry {
  /** The stored path (pax `path`, GNU long name, or ustar prefix/name), decoded as UTF-8. */
  path: string;
  type: TarEntryType;
  /** The raw type flag, for messages. */
  flag: string;
  mode: number;
  size: number;
  linkTarget: string;
}

const typeByFlag: Record<string, TarEntryType> = {
  '0': 'file',
  '\u0000': 'file',
  '1': 'hardlink',
  '2': 'symlink',
  '3': 'char-device',
  '4': 'block-device',
  '5': 'directory',
  '6': 'fifo',
  '7': 'contiguous-file',
  S: 'sparse-file',
};

/** pax keys that change how an entry is read or where it goes; everything else (times, owners) is ignored. */
const paxKeysGlobalMayNotSet = new Set(['path', 'linkpath', 'size', 'hdrcharset']);

export interface TarReadStats {
  compressedBytes: number;
  decompressedBytes: number;
}

/**
 * A streaming reader for gzipped tar: ustar headers, pax extended headers ('x', and 'g' carrying only
 * comments) and GNU long names ('L', 'K'). Every header's checksum is verified, the end-of-archive
 * block must be present and only zero bytes may follow it. The caller sees each entry's header before
 * deciding to read its body, so a refused entry's bytes are never buffered.
 */
export class TarReader {
  readonly stats: TarReadStats = { compressedBytes: 0, decompressedBytes: 0 };
  private readonly chunks: Buffer[] = [];
  private buffered = 0;
  private ended = false;
  private readonly source: AsyncIterator<Buffer>;
  private readonly knownCompressedSize: number | undefined;
  private pendingBody = 0;

  constructor(
    input: Buffer | Readable,
    private readonly limits: ExtractLimits,
    private readonly label: string,
  ) {
    const gunzip = createGunzip();
    if (Buffer.isBuffer(input)) {
      this.knownCompressedSize = input.length;
      this.stats.compressedBytes = input.length;
      gunzip.end(input);
    } else {
      const stats = this.stats;
      const counter = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          stats.compressedBytes += chunk.length;
          callback(null, chunk);
        },
      });
      // Errors reach the reader through gunzip, which pipeline destroys with the first error.
      pipeline(input, counter, gunzip, () => {});
    }
    this.source = gunzip[Symbol.asyncIterator]();
  }

  /** Stops reading and releases the streams (after a refusal). */
  async close(): Promise<void> {
    await this.source.return?.();
  }

  /** The next entry, or undefined at the end of the archive. Skips an unread body first. */
  async next(): Promise<TarEntry | undefined> {
    if (this.pendingBody > 0) await this.skip(this.pendingBody);
    this.pendingBody = 0;
    let pax: Map<string, string> | undefined;
    let longName: string | undefined;
    let longLink: string | undefined;
    for (;;) {
      const block = await this.readExact(BLOCK, 'a header');
      if (isZero(block)) {
        if (pax || longName !== undefined || longLink !== undefined) {
          this.refuse('malformed-header', 'an extended header is not followed by an entry');
        }
        await this.expectOnlyZeros();
        this.checkRatio(true);
        return undefined;
      }
      const header = this.parseHeader(block);
      if (header.flag === 'x' || header.flag === 'g' || header.flag === 'L' || header.flag === 'K') {
        const body = await this.readMeta(header.size, header.flag);
        if (header.flag === 'x') {
          if (pax) this.refuse('malformed-header', 'two pax headers precede one entry');
          pax = this.parsePax(body);
        } else if (header.flag === 'g') {
          for (const key of this.parsePax(body).keys()) {
            if (paxKeysGlobalMayNotSet.has(key) || key.startsWith('GNU.sparse')) {
              this.refuse('global-header', `a global pax header sets "${key}" for every entry`);
            }
          }
        } else if (header.flag === 'L') {
          if (longName !== undefined) this.refuse('malformed-header', 'two GNU long names precede one entry');
          longName = this.decodeName(stripTrailingNuls(body));
        } else {
          if (longLink !== undefined) this.refuse('malformed-header', 'two GNU long links precede one entry');
          longLink = this.decodeName(stripTrailingNuls(body));
        }
        continue;
      }
      const entry: TarEntry = {
        path: pax?.get('path') ?? longName ?? header.path,
        type: typeByFlag[header.flag] ?? 'unknown',
        flag: header.flag,
        mode: header.mode,
        size: header.size,
        linkTarget: pax?.get('linkpath') ?? longLink ?? header.linkTarget,
      };
      const paxSize = pax?.get('size');
      if (paxSize !== undefined) {
        if (!/^\d{1,16}$/.test(paxSize))
          this.refuse('malformed-header', `pax size "${paxSize}" is not a number`, entry.path);
        entry.size = Number(paxSize);
      }
      if (pax && [...pax.keys()].some((key) => key.startsWith('GNU.sparse'))) entry.type = 'sparse-file';
      // Pre-POSIX archives mark directories with a trailing slash on a regular-file entry.
      if (entry.type === 'file' && entry.path.endsWith('/')) entry.type = 'directory';
      // Only regular files carry a body that is extracted; others' bodies are skipped if ever read past.
      this.pendingBody = paddedSize(entry.size);
      return entry;
    }
  }

  /** The body of the entry just returned by next(); call at most once. */
  async readBody(entry: TarEntry): Promise<Buffer> {
    const padded = this.pendingBody;
    this.pendingBody = 0;
    const data = await this.readExact(padded, `the contents of ${JSON.stringify(entry.path)}`);
    return data.subarray(0, entry.size);
  }

  private async readMeta(size: number, flag: string): Promise<Buffer> {
    if (size > this.limits.maxPaxBytes) {
      this.refuse(
        'pax-too-large',
        `a '${flag}' extended header of ${size} bytes exceeds ${this.limits.maxPaxBytes}`,
      );
    }
    const data = await this.readExact(paddedSize(size), 'an extended header');
    return data.subarray(0, size);
  }

  private parseHeader(block: Buffer): {
    path: string;
    flag: string;
    mode: number;
    size: number;
    linkTarget: string;
  } {
    const stored = block.subarray(148, 156);
    const storedSum = parseOctal(stored);
    let unsigned = 0;
    let signed = 0;
    for (let index = 0; index < BLOCK; index++) {
      const byte = index >= 148 && index < 156 ? 0x20 : (block[index] as number);
      unsigned += byte;
      signed += byte > 127 ? byte - 256 : byte;
    }
    if (storedSum === undefined || (storedSum !== unsigned && storedSum !== signed)) {
      this.refuse('bad-checksum', 'a header checksum does not match (corrupt or forged header)');
    }
    const name = cString(block, 0, 100);
    const ustar = block.subarray(257, 262).toString('latin1') === 'ustar';
    const prefix = ustar ? cString(block, 345, 155) : Buffer.alloc(0);
    const rawPath = prefix.length > 0 ? Buffer.concat([prefix, Buffer.from('/'), name]) : name;
    const path = this.decodeName(rawPath);
    const mode = parseOctal(block.subarray(100, 108));
    const size = parseNumeric(block.subarray(124, 136));
    if (mode === undefined || size === undefined) {
      this.refuse('malformed-header', 'a header has a malformed mode or size field', path);
    }
    return {
      path,
      flag: String.fromCharCode(block[156] as number),
      mode: mode as number,
      size: size as number,
      linkTarget: this.decodeName(cString(block, 157, 100)),
    };
  }

  /** `<length> <key>=<value>\n` records, the length in bytes counting the whole record. */
  private parsePax(body: Buffer): Map<string, string> {
    const records = new Map<string, string>();
    let offset = 0;
    while (offset < body.length) {
      const space = body.indexOf(0x20, offset);
      const digits = space === -1 ? '' : body.subarray(offset, space).toString('latin1');
      const length = /^[1-9]\d{0,8}$/.test(digits) ? Number(digits) : 0;
      const end = offset + length;
      if (length === 0 || end > body.length || body[end - 1] !== 0x0a) {
        this.refuse('malformed-header', 'a pax extended header has a malformed record');
      }
      const record = this.decodeName(body.subarray(space + 1, end - 1));
      const equals = record.indexOf('=');
      if (equals <= 0) this.refuse('malformed-header', 'a pax record has no key');
      records.set(record.slice(0, equals), record.slice(equals + 1));
      offset = end;
    }
    return records;
  }

  private decodeName(bytes: Buffer): string {
    try {
      return utf8.decode(bytes);
    } catch {
      return this.refuse(
        'invalid-utf8',
        `a name is not valid UTF-8 (${JSON.stringify(bytes.toString('latin1'))})`,
      );
    }
  }

  /** After the first zero block only zero padding may follow, up to the end of the stream. */
  private async expectOnlyZeros(): Promise<void> {
    for (;;) {
      const chunk = await this.take();
      if (chunk === undefined) return;
      if (!isZero(chunk)) this.refuse('trailing-garbage', 'data follows the end-of-archive blocks');
    }
  }

  private async skip(length: number): Promise<void> {
    let left = length;
    while (left > 0) {
      const chunk = await this.readExact(Math.min(left, 1024 * 1024), 'an entry body');
      left -= chunk.length;
    }
  }

  /** Exactly `length` bytes, or a truncation refusal naming what was being read. */
  private async readExact(length: number, what: string): Promise<Buffer> {
    while (this.buffered < length) {
      if (!(await this.pull()))
        this.refuse('truncated', `the archive ends inside ${what} (truncated download?)`);
    }
    const first = this.chunks[0] as Buffer;
    let out: Buffer;
    if (first.length >= length) {
      out = first.subarray(0, length);
      if (first.length === length) this.chunks.shift();
      else this.chunks[0] = first.subarray(length);
    } else {
      out = Buffer.allocUnsafe(length);
      let filled = 0;
      while (filled < length) {
        const chunk = this.chunks[0] as Buffer;
        const used = Math.min(chunk.length, length - filled);
        chunk.copy(out, filled, 0, used);
        filled += used;
        if (used === chunk.length) this.chunks.shift();
        else this.chunks[0] = chunk.subarray(used);
      }
    }
    this.buffered -= length;
    return out;
  }

  /** Whatever is buffered or the next decompressed chunk; undefined at the end of the stream. */
  private async take(): Promise<Buffer | undefined> {
    if (this.chunks.length === 0 && !(await this.pull())) return undefined;
    const chunk = this.chunks.shift() as Buffer;
    this.buffered -= chunk.length;
    return chunk;
  }

  private async pull(): Promise<boolean> {
    if (this.ended) return false;
    let result: IteratorResult<Buffer>;
    try {
      result = await this.source.next();
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'Z_BUF_ERROR')
        this.refuse('truncated', 'the gzip stream ends early (truncated download?)');
      if (typeof code === 'string' && code.startsWith('Z_')) {
        this.refuse('corrupt-gzip', `the gzip stream is corrupt (${(error as Error).message})`);
      }
      throw error;
    }
    if (result.done) {
      this.ended = true;
      return false;
    }
    this.chunks.push(result.value);
    this.buffered += result.value.length;
    this.stats.decompressedBytes += result.value.length;
    if (this.stats.decompressedBytes > maxStreamBytes(this.limits)) {
      this.refuse(
        'stream-too-large',
        `the decompressed archive exceeds ${maxStreamBytes(this.limits)} bytes`,
      );
    }
    this.checkRatio(false);
    return true;
  }

  /**
   * Decompressed/compressed over the cap, once past the floor. With a buffer the compressed size is
   * known, so a bomb is refused as soon as it crosses the line; a stream is judged at its end.
   */
  private checkRatio(atEnd: boolean): void {
    const compressed = this.knownCompressedSize ?? (atEnd ? this.stats.compressedBytes : undefined);
    if (compressed === undefined) return;
    const { decompressedBytes } = this.stats;
    if (
      decompressedBytes > this.limits.ratioFloorBytes &&
      decompressedBytes > this.limits.maxCompressionRatio * Math.max(compressed, 1)
    ) {
      this.refuse(
        'compression-ratio',
        `the archive decompresses more than ${this.limits.maxCompressionRatio} times its ${compressed} bytes (a decompression bomb?)`,
      );
    }
  }

  refuse(rule: ArchiveRule, problem: string, entry?: string): never {
    throw unsafeArchive(this.label, rule, problem, entry);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function paddedSize(size: number): number {
  return Math.ceil(size / BLOCK) * BLOCK;
}

function isZero(buffer: Buffer): boolean {
  for (const byte of buffer) if (byte !== 0) return false;
  return true;
}

/** The bytes up to the first NUL. */
function cString(block: Buffer, offset: number, length: number): Buffer {
  const field = block.subarray(offset, offset + length);
  const nul = field.indexOf(0);
  return nul === -1 ? field : field.subarray(0, nul);
}

function stripTrailingNuls(buffer: Buffer): Buffer {
  let end = buffer.length;
  while (end > 0 && buffer[end - 1] === 0) end--;
  return buffer.subarray(0, end);
}

/** Octal digits up to a NUL, optionally space padded; undefined when anything else is there. */
function parseOctal(field: Buffer): number | undefined {
  const nul = field.indexOf(0);
  const text = (nul === -1 ? field : field.subarray(0, nul)).toString('latin1').trim();
  if (!/^[0-7]*$/.test(text)) return undefined;
  return text === '' ? 0 : Number.parseInt(text, 8);
}

/** GNU base-256 (high bit set) for sizes beyond 8 GiB, else octal; negative values are malformed. */
function parseNumeric(field: Buffer): number | undefined {
  const first = field[0] as number;
  if ((first & 0x80) === 0) return parseOctal(field);
  if (first !== 0x80) return undefined;
  let value = 0;
  for (let index = 1; index < field.length; index++) value = value * 256 + (field[index] as number);
  return Number.isSafeInteger(value) ? value : undefined;
}
