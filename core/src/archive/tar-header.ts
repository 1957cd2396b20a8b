/**
 * POSIX ustar headers (and the pax extended headers that carry what ustar cannot: long or non-ASCII
 * names, sizes of 8 GiB and more), written field by field so the bytes depend on nothing but the entry.
 */

export const BLOCK = 512;

export type EntryType = 'file' | 'directory';

export interface HeaderFields {
  /** POSIX path; directories end in '/'. */
  path: string;
  type: EntryType;
  mode: number;
  size: number;
  /** Seconds since the epoch. */
  mtime: number;
}

const typeFlags: Record<EntryType | 'pax', string> = { file: '0', directory: '5', pax: 'x' };

/** 11 octal digits, the most a 12-byte ustar numeric field holds. */
const maxOctalSize = 0o77777777777;

/** The header block(s) for one entry: a pax header and its records first when ustar cannot say it all. */
export function entryHeaders(fields: HeaderFields): Buffer[] {
  const split = splitUstarName(fields.path);
  const bigSize = fields.size > maxOctalSize;
  if (split !== undefined && !bigSize) return [ustarHeader(fields, split.name, split.prefix)];

  const records: Array<[string, string]> = [];
  if (split === undefined) records.push(['path', fields.path]);
  if (bigSize) records.push(['size', String(fields.size)]);
  const body = paxRecords(records);
  const placeholder = asciiPlaceholder(fields.path, fields.type);
  const pax = ustarHeader(
    { path: paxHeaderName(placeholder), type: 'file', mode: 0o644, size: body.length, mtime: fields.mtime },
    paxHeaderName(placeholder),
    '',
    'pax',
  );
  // The pax size record wins over the ustar field, which cannot hold it.
  const own = ustarHeader(
    { ...fields, size: bigSize ? 0 : fields.size },
    split?.name ?? placeholder,
    split?.prefix ?? '',
  );
  return [pax, body, padding(body.length), own].filter((block) => block.length > 0);
}

/** Zero bytes that round `size` up to a whole number of blocks. */
export function padding(size: number): Buffer {
  const remainder = size % BLOCK;
  return Buffer.alloc(remainder === 0 ? 0 : BLOCK - remainder);
}

function ustarHeader(fields: HeaderFields, name: string, prefix: string, flag?: 'pax'): Buffer {
  const header = Buffer.alloc(BLOCK);
  writeText(header, 0, 100, name);
  writeOctal(header, 100, 8, fields.mode);
  writeOctal(header, 108, 8, 0); // uid
  writeOctal(header, 116, 8, 0); // gid
  writeOctal(header, 124, 12, fields.size);
  writeOctal(header, 136, 12, fields.mtime);
  header.write(typeFlags[flag ?? fields.type], 156, 'latin1');
  header.write('ustar\u000000', 257, 'latin1');
  // uname, gname, devmajor and devminor stay empty (zero bytes).
  writeText(header, 345, 155, prefix);
  writeChecksum(header);
  return header;
}

/**
 * ustar stores a path as prefix (155 bytes) + '/' + name (100 bytes), split at a slash; only
 * ASCII names are stored there, so every reader decodes them alike.
 */
function splitUstarName(path: string): { name: string; prefix: string } | undefined {
  if (!/^[\x20-\x7e]*$/.test(path)) return undefined;
  if (path.length <= 100) return { name: path, prefix: '' };
  // A directory's trailing slash belongs to the name part.
  const body = path.endsWith('/') ? path.slice(0, -1) : path;
  const trailer = path.endsWith('/') ? '/' : '';
  for (let cut = body.indexOf('/'); cut !== -1; cut = body.indexOf('/', cut + 1)) {
    const prefix = body.slice(0, cut);
    const name = body.slice(cut + 1) + trailer;
    if (prefix.length <= 155 && name.length <= 100 && name.length > trailer.length) return { name, prefix };
  }
  return undefined;
}

/** `<length> <key>=<value>\n`, where the length counts the whole record, its own digits included. */
function paxRecords(records: Array<[string, string]>): Buffer {
  const encoded = records.map(([key, value]) => {
    const rest = Buffer.byteLength(` ${key}=${value}\n`);
    let length = rest + String(rest).length;
    if (String(length).length !== String(rest).length) length = rest + String(length).length;
    return `${length} ${key}=${value}\n`;
  });
  return Buffer.from(encoded.join(''), 'utf8');
}

/** What readers without pax support show instead of the real path: ASCII, at most 100 bytes. */
function asciiPlaceholder(path: string, type: EntryType): string {
  const ascii = path.replace(/[^\x20-\x7e]/g, '_');
  const trailer = type === 'directory' ? '/' : '';
  const body = trailer === '' ? ascii : ascii.slice(0, -1);
  return body.slice(Math.max(0, body.length - (100 - trailer.length))) + trailer;
}

function paxHeaderName(placeholder: string): string {
  const base = placeholder.replace(/\/$/, '').split('/').pop() ?? '';
  return `PaxHeader/${base}`.slice(0, 100);
}

function writeText(header: Buffer, offset: number, length: number, text: string): void {
  const bytes = Buffer.from(text, 'latin1');
  if (bytes.length > length) throw new Error(`tar header field overflow: "${text}" exceeds ${length} bytes`);
  bytes.copy(header, offset);
}

/** Zero-padded octal digits followed by a NUL, filling the field. */
function writeOctal(header: Buffer, offset: number, length: number, value: number): void {
  header.write(`${value.toString(8).padStart(length - 1, '0')}\u0000`, offset, 'latin1');
}

/** The unsigned byte sum with the checksum field counted as spaces: six digits, NUL, space. */
function writeChecksum(header: Buffer): void {
  header.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 'latin1');
}
