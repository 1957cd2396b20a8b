import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { GtcxClient } from '../client.js';
import { GtcxApiError, GtcxSdkError } from '../errors.js';
import type { components } from '../generated/openapi.js';
import { buildPackTarball } from './build.js';
import { readPackIdentity } from './identity.js';
import { computeIntegrity } from './verify.js';

export type PackVersion = components['schemas']['PackVersion'];

export interface PublishPackOptions {
  /** A pack tarball as `gtcx pack build` writes it: its path, or its bytes. Give this or `dir`. */
  tarball?: string | Uint8Array;
  /**
   * A pack directory (pack.yaml and templates), built first exactly as `gtcx pack build` would.
   * Needs the optional peer dependency @gtcx/core.
   */
  dir?: string;
  /** The dist-tag to point at the new version; the server's default is `latest`. */
  tag?: string;
  signal?: AbortSignal;
  /** For the upload; 5 minutes by default. */
  timeoutMs?: number;
}

export interface PublishedPack {
  /** The version as the registry recorded it: integrity, signatures, publish time. */
  pack: PackVersion;
  /**
   * True when this exact tarball (same integrity) was already published under this version, e.g.
   * by an earlier run of the same CI job: publishing is idempotent for identical bytes.
   */
  alreadyPublished: boolean;
}

const defaultUploadTimeoutMs = 5 * 60_000;

/**
 * Publishes a pack version from a tarball or a directory. The name and version come from the
 * tarball's pack.yaml; the SDK sends the tarball's sha512 integrity along so a corrupted upload is
 * refused, and an Idempotency-Key so a retried upload is not a second publish. Throws a
 * {@link GtcxApiError} when the registry refuses (`conflict` for a version taken by other bytes,
 * `forbidden` for a scope the token may not publish to, ...).
 *
 * @example
 * const { pack } = await publishPack(gtcx, { tarball: 'acme-web-1.2.0.tgz', tag: 'next' });
 * console.log(`${pack.name}@${pack.version}`, pack.dist.integrity);
 */
export async function publishPack(client: GtcxClient, options: PublishPackOptions): Promise<PublishedPack> {
  const { bytes, label } = await tarballOf(options);
  const { name, version } = await readPackIdentity(bytes, label);
  const integrity = computeIntegrity(bytes);
  const path = { packName: name, version };
  const result = await client.PUT('/v1/packs/{packName}/versions/{version}', {
    params: { path, query: { integrity, ...(options.tag === undefined ? {} : { tag: options.tag }) } },
    headers: { 'content-type': 'application/gzip', 'idempotency-key': randomUUID() },
    body: bytes as never,
    // The tarball goes as raw bytes, not JSON.
    bodySerializer: (body: unknown) => body as never,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    timeoutMs: options.timeoutMs ?? defaultUploadTimeoutMs,
  });
  if (result.data !== undefined && result.response.ok) return { pack: result.data, alreadyPublished: false };
  const refusal = GtcxApiError.fromResult(result, { pack: `${name}@${version}` });
  if (result.response.status === 409) {
    const existing = await client.GET('/v1/packs/{packName}/versions/{version}', {
      params: { path },
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    if (existing.data?.dist.integrity === integrity) return { pack: existing.data, alreadyPublished: true };
  }
  throw refusal;
}

async function tarballOf(options: PublishPackOptions): Promise<{ bytes: Uint8Array; label: string }> {
  if ((options.tarball === undefined) === (options.dir === undefined)) {
    throw new GtcxSdkError('validation_failed', 'publishPack takes a tarball or a dir (exactly one)', {
      hint: "pass { tarball: 'acme-web-1.0.0.tgz' } (from gtcx pack build) or { dir: './my-pack' }",
    });
  }
  if (options.dir !== undefined) return { bytes: await buildPackTarball(options.dir), label: options.dir };
  if (typeof options.tarball !== 'string')
    return { bytes: options.tarball as Uint8Array, label: 'the tarball' };
  try {
    return { bytes: await readFile(options.tarball), label: options.tarball };
  } catch (error) {
    throw new GtcxSdkError('not_found', `cannot read the tarball ${options.tarball}`, {
      hint: 'give the path of the .tgz that gtcx pack build wrote',
      details: { file: options.tarball },
      cause: error,
    });
  }
}
