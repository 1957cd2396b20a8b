import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';

/**
 * A raw tar writer for tests: every field is exactly what the case says, including values a real
 * writer would never produce (links, devices, lying sizes, broken checksums).
 */

export interface RawHeader {
  /** The ustar name field (bytes taken as UTF-8; at most 100 bytes). */
  name: string;
  /** Type flag character; '0' by default. */
  type?: string;
  mode?: number;
  /** The size field; defaults to the content length. */
  size?: number;
  linkname?: string;
  prefix?: string;
  /** Corrupt the checksum after computing it. */
  badChecksum?: boolean;
}

const BLOCK = 512;

export function header(fields: RawHeader): Buffer {
  const block = Buffer.alloc(BLOCK);
  put(block, 0, 100, fields.name);
  octal(block, 100, 8, fields.mode ?? 0o644);
  octal(block, 108, 8, 0);
  octal(block, 116, 8, 0);
  octal(block, 124, 12, fields.size ?? 0);
  octal(block, 136, 12, 499162500);
  block.write(fields.type ?? '0', 156, 'latin1');
  put(block, 157, 100, fields.linkname ?? '');
  block.write('ustar\u000000', 257, 'latin1');
  put(block, 345, 155, fields.prefix ?? '');
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of block) sum += byte;
  if (fields.badChecksum) sum += 1;
  block.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 'latin1');
  return block;
}

/** Header, body and padding of one entry. */
export function entry(fields: RawHeader, content: Buffer | string = Buffer.alloc(0)): Buffer {
  const body = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
  return Buffer.concat([header({ ...fields, size: fields.size ?? body.length }), body, pad(body.length)]);
}

export const file = (name: string, content: Buffer | string = 'x', mode = 0o644) =>
  entry({ name, mode }, content);
export const dir = (name: string) => entry({ name, type: '5', mode: 0o755 });

/** A pax extended header ('x', or 'g' for global) carrying the records. */
export function pax(records: Record<string, string>, type = 'x'): Buffer {
  const body = Buffer.from(
    Object.entries(records)
      .map(([key, value]) => {
        const rest = Buffer.byteLength(` ${key}=${value}\n`);
        let length = rest + String(rest).length;
        if (String(length).length !== String(rest).length) length = rest + String(length).length;
        return `${length} ${key}=${value}\n`;
      })
      .join(''),
    'utf8',
  );
  return entry({ name: 'PaxHeader/x', type }, body);
}

/** A GNU long-name ('L') header: the next entry's real name. */
export function gnuLongName(name: string): Buffer {
  return entry({ name: '././@LongLink', type: 'L' }, Buffer.from(`${name}\u0000`, 'utf8'));
}

export function end(): Buffer {
  return Buffer.alloc(2 * BLOCK);
}

export function tar(...parts: Buffer[]): Buffer {
  return Buffer.concat([...parts, end()]);
}

export function gzip(data: Buffer): Buffer {
  return gzipSync(data);
}

export function random(size: number): Buffer {
  return randomBytes(size);
}

function pad(size: number): Buffer {
  const rest = size % BLOCK;
  return Buffer.alloc(rest === 0 ? 0 : BLOCK - rest);
}

function put(block: Buffer, offset: number, length: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length > length) throw new Error(`test header field too long: ${text}`);
  bytes.copy(block, offset);
}

function octal(block: Buffer, offset: number, length: number, value: number): void {
  block.write(`${value.toString(8).padStart(length - 1, '0')}\u0000`, offset, 'latin1');
}
