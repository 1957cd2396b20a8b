import type { GtcxClient } from '../client.js';
import { GtcxSdkError, unwrap } from '../errors.js';
import { writeFileAtomically } from '../files.js';
import type { PackVersion } from './publish.js';
import { type PackSigningKey, type SigningKeyInput, verifyIntegrity, verifyPackSignature } from './verify.js';

export interface DownloadPackOptions {
  /** `@scope/name`. */
  name: string;
  /** An exact version (`1.2.0`) or a dist-tag (`next`); `latest` by default. */
  version?: string;
  /** Where to write the tarball (atomically, after every check passed); it is returned either way. */
  file?: string;
  /**
   * The keys to trust, e.g. pinned in your repository. By default the registry's published keys
   * (`/.well-known/gtcx/pack-signing-keys`) are used, which proves the tarball is the one the
   * registry signed, not that the registry is the one you meant.
   */
  trustedKeys?: readonly SigningKeyInput[];
  /** `false` skips the signature check (the integrity check always runs). */
  verifySignature?: boolean;
  signal?: AbortSignal;
  /**
   * Milliseconds each request may take, the tarball's bytes included (a server that stops sending
   * midway fails with `timeout`); the client's `timeoutMs` when omitted, 0 to wait forever.
   */
  timeoutMs?: number;
}

export interface DownloadedPack {
  name: string;
  version: string;
  /** The verified sha512 SRI of the tarball. */
  integrity: string;
  /** The key whose signature verified; undefined with `verifySignature: false`. */
  keyId: string | undefined;
  tarball: Buffer;
  /** The path written, when `file` was given. */
  file: string | undefined;
  /** The version's metadata (deprecation, yank, publish time, ...). */
  pack: PackVersion;
}

/** What every request of a download carries: the caller's signal and timeout. */
type CallInit = { signal?: AbortSignal; timeoutMs?: number };

const exactVersion = /^\d+\.\d+\.\d+(?:[-+].*)?$/;
/** One fetch of the registry keys per client; refreshed once when a signature names a key not in it. */
const keyCache = new WeakMap<GtcxClient, Promise<PackSigningKey[]>>();

/**
 * Downloads a pack version and checks it before anyone uses it: the tarball must match the
 * registry's sha512 integrity, and a registry signature over `name@version:integrity` must verify
 * with a key that had not expired at publish time (the same checks as `gtcx pack install`). Throws
 * `integrity_mismatch` or `signature_invalid` (GtcxSdkError) and writes nothing when a check fails.
 *
 * @example
 * const pack = await downloadPack(gtcx, { name: '@acme/web', version: 'latest', file: 'web.tgz' });
 * console.log(pack.version, pack.integrity, pack.keyId);
 */
export async function downloadPack(
  client: GtcxClient,
  options: DownloadPackOptions,
): Promise<DownloadedPack> {
  const call: CallInit = {
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  };
  const pack = await resolveVersion(client, options.name, options.version ?? 'latest', call);
  const label = `${pack.name}@${pack.version}`;
  const result = await client.GET('/v1/packs/{packName}/versions/{version}/tarball', {
    params: { path: { packName: pack.name, version: pack.version } },
    parseAs: 'arrayBuffer',
    ...call,
  });
  const tarball = Buffer.from(unwrap(result) as ArrayBuffer);
  const integrity = verifyIntegrity(tarball, pack.dist.integrity, label);
  const keyId =
    options.verifySignature === false ? undefined : await verifySignature(client, pack, integrity, options);
  if (options.file !== undefined) await writeFileAtomically(options.file, tarball);
  return { name: pack.name, version: pack.version, integrity, keyId, tarball, file: options.file, pack };
}

async function resolveVersion(
  client: GtcxClient,
  name: string,
  wanted: string,
  call: CallInit,
): Promise<PackVersion> {
  let version = wanted;
  if (!exactVersion.test(wanted)) {
    const tags = unwrap(
      await client.GET('/v1/packs/{packName}/dist-tags', { params: { path: { packName: name } }, ...call }),
    ).distTags;
    const tagged = tags[wanted];
    if (tagged === undefined) {
      throw new GtcxSdkError('not_found', `${name} has no version or dist-tag "${wanted}"`, {
        hint: `give an exact version or one of its dist-tags: ${Object.keys(tags).join(', ') || 'none'}`,
        details: { pack: name, version: wanted, distTags: tags },
      });
    }
    version = tagged;
  }
  return unwrap(
    await client.GET('/v1/packs/{packName}/versions/{version}', {
      params: { path: { packName: name, version } },
      ...call,
    }),
  );
}

async function verifySignature(
  client: GtcxClient,
  pack: PackVersion,
  integrity: string,
  options: DownloadPackOptions,
): Promise<string> {
  const subject = { name: pack.name, version: pack.version, integrity };
  const check = (keys: readonly SigningKeyInput[]) =>
    verifyPackSignature(subject, pack.dist.signatures, keys, { publishedAt: pack.publishedAt }).keyId;
  if (options.trustedKeys !== undefined) return check(options.trustedKeys);
  const keys = await registryKeys(client, false);
  const known = pack.dist.signatures.some((signature) => keys.some((key) => key.keyId === signature.keyId));
  // A key the cached list lacks may have been added since it was fetched: fetch the list once more.
  return check(known ? keys : await registryKeys(client, true));
}

function registryKeys(client: GtcxClient, refresh: boolean): Promise<PackSigningKey[]> {
  let pending = keyCache.get(client);
  if (pending === undefined || refresh) {
    const fetching = client.GET('/.well-known/gtcx/pack-signing-keys').then((result) => unwrap(result).keys);
    // A failed fetch is not cached: the next download asks again.
    fetching.catch(() => {
      if (keyCache.get(client) === fetching) keyCache.delete(client);
    });
    keyCache.set(client, fetching);
    pending = fetching;
  }
  return pending;
}
