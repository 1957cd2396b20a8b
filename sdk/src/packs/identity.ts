import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { parse } from 'yaml';
import { GtcxSdkError } from '../errors.js';

const block = 512;
/** The decompressed bytes read before giving up on finding pack.yaml (packs unpack to 200 MiB at most). */
const maxScanBytes = 256 * 1024 * 1024;
const maxManifestBytes = 1024 * 1024;
const maxPaxBytes = 64 * 1024;
const packNamePattern = /^@[a-z0-9](?:[a-z0-9-]{0,37}[a-z0-9])?\/[a-z0-9][a-z0-9._-]{0,99}$/;
const semverPattern =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][a-zA-Z0-9-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][a-zA-Z0-9-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/** The pack and version a tarball holds, as its pack.yaml names them. */
export interface PackIdentity {
  name: string;
  version: string;
}

/**
 * Reads `name` and `version` from the pack.yaml at the root of a pack tarball, decompressing only as
 * far as that entry. The server checks the whole archive on publish; this only learns where to send it.
 */
export async function readPackIdentity(tarball: Uint8Array, label = 'the tarball'): Promise<PackIdentity> {
  const manifest = await readRootEntry(tarball, 'pack.yaml', label);
  if (manifest === undefined) {
    throw invalid(
      `${label} has no pack.yaml at its root`,
      'build packs with gtcx pack build (or publish the directory)',
    );
  }
  let parsed: unknown;
  try {
    parsed = parse(manifest.toString('utf8'));
  } catch (error) {
    throw invalid(
      `the pack.yaml in ${label} is not valid YAML`,
      'fix pack.yaml and build the pack again',
      error,
    );
  }
  const { name, version } = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<
    string,
    unknown
  >;
  if (typeof name !== 'string' || !packNamePattern.test(name)) {
    throw invalid(
      `the pack.yaml in ${label} has no valid name (@scope/name)`,
      'set name: "@scope/name" in pack.yaml',
    );
  }
  if (typeof version !== 'string' || !semverPattern.test(version)) {
    throw invalid(
      `the pack.yaml in ${label} has no valid version (semver, e.g. 1.0.0)`,
      'set version: 1.0.0 (a semantic version) in pack.yaml',
    );
  }
  return { name, version };
}

/** The content of one root-level file of a tar.gz, scanning headers as the stream decompresses. */
async function readRootEntry(
  tarball: Uint8Array,
  wanted: string,
  label: string,
): Promise<Buffer | undefined> {
  const gunzip = createGunzip();
  const stream = Readable.from([Buffer.from(tarball.buffer, tarball.byteOffset, tarball.byteLength)]).pipe(
    gunzip,
  );
  let pending: Buffer = Buffer.alloc(0);
  let scanned = 0;
  let skip = 0;
  let capture: { size: number; padded: number; pax: boolean } | undefined;
  let paxPath: string | undefined;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      scanned += chunk.length;
      if (scanned > maxScanBytes)
        throw invalid(`${label} decompresses to more than ${maxScanBytes} bytes before pack.yaml`);
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      for (;;) {
        if (skip > 0) {
          const dropped = Math.min(skip, pending.length);
          pending = pending.subarray(dropped);
          skip -= dropped;
          if (skip > 0) break;
        }
        if (capture) {
          if (pending.length < capture.padded) break;
          const body = Buffer.from(pending.subarray(0, capture.size));
          pending = pending.subarray(capture.padded);
          if (!capture.pax) return body;
          paxPath = paxRecord(body, 'path');
          capture = undefined;
          continue;
        }
        if (pending.length < block) break;
        const header = pending.subarray(0, block);
        pending = pending.subarray(block);
        if (header.every((byte) => byte === 0)) return undefined;
        if (!checksumMatches(header))
          throw invalid(`${label} is not a tar archive (a header checksum is wrong)`);
        const type = String.fromCharCode(header[156] ?? 0);
        const size = readSize(header);
        const padded = Math.ceil(size / block) * block;
        const path = paxPath ?? ustarPath(header);
        if (type !== 'x') paxPath = undefined;
        if (type === 'x' && size <= maxPaxBytes) capture = { size, padded, pax: true };
        else if ((type === '0' || type === '\0') && normalise(path) === wanted) {
          if (size > maxManifestBytes)
            throw invalid(`the ${wanted} in ${label} is larger than ${maxManifestBytes} bytes`);
          capture = { size, padded, pax: false };
        } else skip = padded;
      }
    }
    return undefined;
  } catch (error) {
    if (error instanceof GtcxSdkError) throw error;
    throw invalid(
      `${label} is not a gzip-compressed tar archive`,
      'publish the .tgz that gtcx pack build wrote',
      error,
    );
  } finally {
    stream.destroy();
  }
}

function ustarPath(header: Buffer): string {
  const name = text(header, 0, 100);
  const prefix = text(header, 345, 155);
  return prefix ? `${prefix}/${name}` : name;
}

function text(header: Buffer, offset: number, length: number): string {
  const field = header.subarray(offset, offset + length);
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? length : end).toString('utf8');
}

function readSize(header: Buffer): number {
  const field = header.subarray(124, 136);
  // Base-256 (GNU) for sizes beyond what 11 octal digits hold.
  if (((field[0] ?? 0) & 0x80) !== 0) {
    let value = 0;
    for (let index = 1; index < field.length; index += 1) value = value * 256 + (field[index] ?? 0);
    return value;
  }
  const octal = text(header, 124, 12).trim();
  return octal === '' ? 0 : Number.parseInt(octal, 8);
}

function checksumMatches(header: Buffer): boolean {
  let sum = 0;
  for (let index = 0; index < block; index += 1) {
    sum += index >= 148 && index < 156 ? 0x20 : (header[index] ?? 0);
  }
  return Number.parseInt(text(header, 148, 8).trim(), 8) === sum;
}

function paxRecord(body: Buffer, key: string): string | undefined {
  for (const line of body.toString('utf8').split('\n')) {
    const match = /^\d+ ([^=]+)=(.*)$/.exec(line);
    if (match?.[1] === key) return match[2];
  }
  return undefined;
}

function normalise(path: string): string {
  return path.replace(/^(\.\/)+/, '');
}

function invalid(message: string, hint?: string, cause?: unknown): GtcxSdkError {
  return new GtcxSdkError('validation_failed', message, { hint, cause });
}
