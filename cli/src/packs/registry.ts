import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  GtcxError,
  type PackSigningKey,
  type Packument,
  type PackVersion,
  readKeyCache,
  writeKeyCache,
} from '@gtcx/core';
import { createClient, type GtcxClient } from '@gtcx/sdk';
import { contentLength, type OnBytes, readDownload } from './download.js';
import { writingToSync } from './fs-errors.js';
import { fromProblem, unreachable } from './problems.js';

export interface RegistryOptions {
  /** The server's root URL. */
  server: string;
  token?: string | undefined;
  /** gtcx's cache directory: packuments and signing keys are kept under packs/. */
  cacheDir: string;
  /** Answer from the cache only; never touch the network. */
  offline: boolean;
}

export interface PackSearch {
  q?: string | undefined;
  keyword?: string | undefined;
  scope?: string | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}

interface CachedPackument {
  etag: string | null;
  fetchedAt: string;
  packument: Packument;
}

/**
 * A gtcx pack registry, through the SDK only. Packuments are cached with their ETag (revalidated
 * with If-None-Match) and signing keys are cached once, both under the XDG cache dir per server, so
 * installs can resolve and verify offline.
 */
export class PackRegistry {
  readonly server: string;
  /** The cache root (GTCX_CACHE_DIR or the XDG cache dir): named when it cannot be written. */
  readonly cacheDir: string;
  readonly #client: GtcxClient;
  readonly #dir: string;
  readonly #offline: boolean;
  /** One read per pack per command: an install asks for the same packument several times. */
  readonly #packuments = new Map<string, Promise<Packument>>();

  constructor(options: RegistryOptions) {
    this.server = options.server.replace(/\/+$/, '');
    this.#client = createClient({
      baseUrl: this.server,
      ...(options.token ? { token: options.token } : {}),
    });
    this.cacheDir = options.cacheDir;
    this.#dir = join(options.cacheDir, 'packs', 'registries', registryKey(this.server));
    this.#offline = options.offline;
  }

  /** The URL a lockfile records for a tarball path from the packument. */
  resolvedUrl(tarball: string): string {
    return /^https?:\/\//.test(tarball)
      ? tarball
      : `${this.server}${tarball.startsWith('/') ? '' : '/'}${tarball}`;
  }

  /** The packument, revalidated against the cached copy; from the cache alone when offline. */
  packument(name: string): Promise<Packument> {
    let pending = this.#packuments.get(name);
    if (!pending) {
      pending = this.#fetchPackument(name);
      this.#packuments.set(name, pending);
    }
    return pending;
  }

  async #fetchPackument(name: string): Promise<Packument> {
    const file = join(this.#dir, 'packuments', `${encodeURIComponent(name)}.json`);
    const cached = readJson<CachedPackument>(file);
    if (this.#offline) {
      if (cached) return cached.packument;
      throw notCached([`the metadata of ${name}`]);
    }
    const doing = `read ${name} from ${this.server}`;
    const result = await this.#call(doing, () =>
      this.#client.GET('/v1/packs/{packName}', {
        params: {
          path: { packName: name },
          header: cached?.etag ? { 'If-None-Match': cached.etag } : {},
        },
      }),
    );
    if (result.response.status === 304 && cached) return cached.packument;
    if (!result.response.ok || result.data === undefined) {
      throw fromProblem(result.error, result.response.status, this.server, doing);
    }
    const packument = result.data as unknown as Packument;
    writingToSync(this.cacheDir, 'the pack cache', name, () =>
      writeJson(file, {
        etag: result.response.headers.get('etag'),
        fetchedAt: new Date().toISOString(),
        packument,
      }),
    );
    return packument;
  }

  /** The registry's signing keys: cached after the first fetch; `refresh` fetches them again. */
  async signingKeys(options: { refresh?: boolean } = {}): Promise<PackSigningKey[]> {
    const file = join(this.#dir, 'signing-keys.json');
    const cached = readKeyCache(file);
    if (cached && (!options.refresh || this.#offline)) return cached.keys;
    if (this.#offline) throw notCached([`the signing keys of ${this.server}`]);
    const doing = `fetch the pack signing keys of ${this.server}`;
    const result = await this.#call(doing, () => this.#client.GET('/.well-known/gtcx/pack-signing-keys'));
    if (!result.response.ok || result.data === undefined) {
      throw fromProblem(result.error, result.response.status, this.server, doing);
    }
    const keys = result.data.keys as PackSigningKey[];
    writeKeyCache(file, keys);
    return keys;
  }

  /** Downloads a tarball, streamed, in full or not at all. */
  async tarball(name: string, version: string, onBytes?: OnBytes): Promise<Buffer> {
    const label = `${name}@${version}`;
    if (this.#offline) throw notCached([label]);
    const doing = `download ${label} from ${this.server}`;
    const result = await this.#call(doing, () =>
      this.#client.GET('/v1/packs/{packName}/versions/{version}/tarball', {
        params: { path: { packName: name, version } },
        parseAs: 'stream',
      }),
    );
    if (!result.response.ok) throw fromProblem(result.error, result.response.status, this.server, doing);
    return readDownload(result.data as ReadableStream<Uint8Array> | null, {
      label,
      source: this.server,
      total: contentLength(result.response),
      ...(onBytes ? { onBytes } : {}),
    });
  }

  async publish(
    tarball: Buffer,
    name: string,
    version: string,
    options: { tag?: string; integrity: string },
  ) {
    const doing = `publish ${name}@${version} to ${this.server}`;
    const result = await this.#call(doing, () =>
      this.#client.PUT('/v1/packs/{packName}/versions/{version}', {
        params: {
          path: { packName: name, version },
          query: { integrity: options.integrity, ...(options.tag ? { tag: options.tag } : {}) },
        },
        // The tarball goes as raw bytes, not JSON.
        body: tarball as never,
        bodySerializer: (body: unknown) => body as never,
        headers: { 'content-type': 'application/gzip' },
      }),
    );
    return this.#data(result, doing) as PackVersion;
  }

  async deprecate(name: string, version: string, message: string | undefined): Promise<PackVersion> {
    const doing = `${message === undefined ? 'undeprecate' : 'deprecate'} ${name}@${version}`;
    const path = { packName: name, version };
    const result = await this.#call(doing, () =>
      message === undefined
        ? this.#client.DELETE('/v1/packs/{packName}/versions/{version}/deprecation', { params: { path } })
        : this.#client.PUT('/v1/packs/{packName}/versions/{version}/deprecation', {
            params: { path },
            body: { message },
          }),
    );
    return this.#data(result, doing) as PackVersion;
  }

  async yank(name: string, version: string, undo: boolean, reason?: string): Promise<PackVersion> {
    const doing = `${undo ? 'unyank' : 'yank'} ${name}@${version}`;
    const path = { packName: name, version };
    const result = await this.#call(doing, () =>
      undo
        ? this.#client.DELETE('/v1/packs/{packName}/versions/{version}/yank', { params: { path } })
        : this.#client.PUT('/v1/packs/{packName}/versions/{version}/yank', {
            params: { path },
            body: reason ? { reason } : {},
          }),
    );
    return this.#data(result, doing) as PackVersion;
  }

  async distTags(name: string): Promise<Record<string, string>> {
    const doing = `read the dist-tags of ${name}`;
    const result = await this.#call(doing, () =>
      this.#client.GET('/v1/packs/{packName}/dist-tags', { params: { path: { packName: name } } }),
    );
    return (this.#data(result, doing) as { distTags: Record<string, string> }).distTags;
  }

  async setDistTag(name: string, tag: string, version: string): Promise<Record<string, string>> {
    const doing = `point dist-tag ${tag} of ${name} at ${version}`;
    const result = await this.#call(doing, () =>
      this.#client.PUT('/v1/packs/{packName}/dist-tags/{tag}', {
        params: { path: { packName: name, tag } },
        body: { version },
      }),
    );
    return (this.#data(result, doing) as { distTags: Record<string, string> }).distTags;
  }

  async deleteDistTag(name: string, tag: string): Promise<Record<string, string>> {
    const doing = `remove dist-tag ${tag} of ${name}`;
    const result = await this.#call(doing, () =>
      this.#client.DELETE('/v1/packs/{packName}/dist-tags/{tag}', {
        params: { path: { packName: name, tag } },
      }),
    );
    return (this.#data(result, doing) as { distTags: Record<string, string> }).distTags;
  }

  async search(search: PackSearch) {
    const doing = `search the packs of ${this.server}`;
    const query = Object.fromEntries(Object.entries(search).filter(([, value]) => value !== undefined));
    const result = await this.#call(doing, () => this.#client.GET('/v1/packs', { params: { query } }));
    return this.#data(result, doing) as {
      items: Array<{
        name: string;
        description: string;
        keywords: string[];
        latestVersion: string | null;
        deprecated?: boolean;
        updatedAt: string;
      }>;
      nextCursor: string | null;
    };
  }

  async #call<T>(doing: string, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw unreachable(this.server, doing, error);
    }
  }

  #data(result: { data?: unknown; error?: unknown; response: Response }, doing: string): unknown {
    if (result.response.ok && result.data !== undefined) return result.data;
    throw fromProblem(result.error, result.response.status, this.server, doing);
  }
}

/** One cache folder per server: its host for people, a hash of the full URL for uniqueness. */
function registryKey(server: string): string {
  const host = new URL(server).host.replace(/[^a-zA-Z0-9.-]/g, '_');
  return `${host}-${createHash('sha256').update(server).digest('hex').slice(0, 12)}`;
}

/** Offline and missing from the cache: names everything missing and how to get it. */
export function notCached(missing: string[]): GtcxError {
  return new GtcxError('not_found', `--offline: not in the cache: ${missing.join(', ')}`, {
    hint: 'run the install once without --offline so it is downloaded into the cache',
    details: { missing },
  });
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    // Missing or unreadable: a cache miss, fetched again.
    return undefined;
  }
}

function writeJson(file: string, value: unknown): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    writeFileSync(temp, `${JSON.stringify(value)}\n`);
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
