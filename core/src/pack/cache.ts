import {
  constants,
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { GtcxError, isGtcxError } from '../errors.js';
import { gtcxDirs } from '../paths.js';
import { integrityHex, verifyIntegrity } from './integrity.js';
import { stageDirectory } from './staging.js';
import { type ExtractOptions, extractPack } from './unpack.js';

export interface InstallFromCacheOptions {
  /** Hard-link files instead of copying them (same file system only; edits then change the cache too). */
  link?: boolean;
  /** Replace an existing target directory atomically instead of refusing. */
  replace?: boolean;
  /** Named in messages. */
  label?: string;
}

export interface CacheEntry {
  integrity: string;
  /** The tarball's path in the cache. */
  path: string;
}

/**
 * A content-addressable pack cache (cacache-like, keyed by the tarball's sha512):
 *   <root>/packs/content/sha512/<hex[0:2]>/<hex[2:4]>/<hex>.tgz   the verified tarball
 *   <root>/packs/unpacked/<hex>/                                    its safely extracted tree
 * Writes go to a temporary name and are renamed into place, so a reader never sees half an entry.
 * Tarballs are verified on every read; a corrupt one is evicted with its unpacked tree.
 */
export class PackCache {
  readonly root: string;

  /** `cacheDir` is gtcx's cache directory (gtcxDirs().cache by default). */
  constructor(cacheDir: string = gtcxDirs().cache) {
    this.root = join(cacheDir, 'packs');
  }

  tarballPath(integrity: string): string {
    const hex = integrityHex(integrity);
    return join(this.root, 'content', 'sha512', hex.slice(0, 2), hex.slice(2, 4), `${hex}.tgz`);
  }

  unpackedPath(integrity: string): string {
    return join(this.root, 'unpacked', integrityHex(integrity));
  }

  has(integrity: string): boolean {
    return existsSync(this.tarballPath(integrity));
  }

  /** Stores a tarball after checking it against the integrity it is expected to have. */
  put(tarball: Buffer, expectedIntegrity: string, label?: string): CacheEntry {
    const integrity = verifyIntegrity(tarball, expectedIntegrity, label === undefined ? {} : { label });
    const path = this.tarballPath(integrity);
    if (!existsSync(path)) {
      mkdirSync(join(path, '..'), { recursive: true });
      const temp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      try {
        writeFileSync(temp, tarball, { mode: 0o644 });
        renameSync(temp, path);
      } catch (error) {
        rmSync(temp, { force: true });
        throw error;
      }
    }
    return { integrity, path };
  }

  /** The cached tarball, verified; undefined when absent or corrupt (a corrupt entry is evicted). */
  getTarball(integrity: string): Buffer | undefined {
    const path = this.tarballPath(integrity);
    let data: Buffer;
    try {
      data = readFileSync(path);
    } catch {
      return undefined;
    }
    try {
      verifyIntegrity(data, integrity);
      return data;
    } catch (error) {
      if (!isGtcxError(error) || error.code !== 'integrity_mismatch') throw error;
      this.evict(integrity);
      return undefined;
    }
  }

  /** Removes a tarball, its unpacked tree, and the fan-out directories it leaves empty. */
  evict(integrity: string): void {
    const path = this.tarballPath(integrity);
    rmSync(path, { force: true });
    rmSync(this.unpackedPath(integrity), { recursive: true, force: true });
    for (const dir of [dirname(path), dirname(dirname(path))]) {
      try {
        rmdirSync(dir);
      } catch {
        // Not empty (other entries share the fan-out directory) or already gone.
        return;
      }
    }
  }

  /** The unpacked tree of a cached tarball, extracted (with every safety check) on first use. */
  async ensureUnpacked(integrity: string, options: ExtractOptions = {}): Promise<string> {
    const dir = this.unpackedPath(integrity);
    if (existsSync(dir)) return dir;
    const label = options.label ?? integrity;
    const tarball = this.getTarball(integrity);
    if (tarball === undefined) {
      throw new GtcxError('not_found', `${label} is not in the pack cache`, {
        hint: 'install it once while online (without --offline) so it is downloaded into the cache',
        details: { pack: label, integrity },
      });
    }
    try {
      await extractPack(tarball, dir, { ...options, label });
    } catch (error) {
      // Another process may have unpacked the same tarball meanwhile: its tree is as good as ours.
      if (isGtcxError(error) && error.code === 'conflict' && existsSync(dir)) return dir;
      // A refused archive is not kept: nothing of it stays in the cache.
      if (isGtcxError(error) && error.code === 'unsafe_archive') this.evict(integrity);
      throw error;
    }
    return dir;
  }

  /**
   * Materialises a cached pack at targetDir by copying (copy-on-write clones where the file system
   * has them) or hard-linking its unpacked files: one directory walk, no decompression. The target
   * is filled through a staging directory, so it is complete or untouched.
   */
  async install(
    integrity: string,
    targetDir: string,
    options: InstallFromCacheOptions = {},
  ): Promise<string> {
    const source = await this.ensureUnpacked(
      integrity,
      options.label === undefined ? {} : { label: options.label },
    );
    const staging = stageDirectory(targetDir, { replace: options.replace ?? false });
    try {
      copyTree(source, staging.dir, options.link ?? false);
      staging.commit();
    } catch (error) {
      staging.abort();
      throw error;
    }
    return targetDir;
  }
}

function copyTree(from: string, to: string, link: boolean): void {
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory()) {
      mkdirSync(target, { mode: 0o755 });
      copyTree(source, target, link);
    } else if (link) linkOrCopy(source, target);
    else copyFileSync(source, target, constants.COPYFILE_FICLONE | constants.COPYFILE_EXCL);
  }
}

function linkOrCopy(source: string, target: string): void {
  try {
    linkSync(source, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'EMLINK') throw error;
    copyFileSync(source, target, constants.COPYFILE_FICLONE | constants.COPYFILE_EXCL);
  }
}

/** The brief's function names, over a cache rooted at gtcx's cache dir (or `cacheDir`). */
export function cachePut(tarball: Buffer, expectedIntegrity: string, cacheDir?: string): CacheEntry {
  return new PackCache(cacheDir).put(tarball, expectedIntegrity);
}

export function cacheGetTarball(integrity: string, cacheDir?: string): Buffer | undefined {
  return new PackCache(cacheDir).getTarball(integrity);
}

export function ensureUnpacked(integrity: string, cacheDir?: string): Promise<string> {
  return new PackCache(cacheDir).ensureUnpacked(integrity);
}

export function installFromCache(
  integrity: string,
  targetDir: string,
  options: InstallFromCacheOptions & { cacheDir?: string } = {},
): Promise<string> {
  return new PackCache(options.cacheDir).install(integrity, targetDir, options);
}
