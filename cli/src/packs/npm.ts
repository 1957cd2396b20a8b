import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { GtcxError, type Packument, type PackVersion, resolveRange, verifyIntegrity } from '@gtcx/core';
import { contentLength, type OnBytes, readDownload } from './download.js';

const run = promisify(execFile);

export interface NpmSpec {
  /** The npm package name, e.g. `@acme/web-pack` or `web-pack`. */
  name: string;
  /** A range, exact version or dist-tag; '' for latest. */
  spec: string;
}

export interface NpmRelease {
  name: string;
  version: string;
  /** npm's dist.integrity (sha512). */
  integrity: string;
  /** The tarball URL in the npm registry. */
  tarballUrl: string;
  deprecated?: string;
  registry: string;
}

/** `npm:@acme/web-pack@^1.2.0` → its package name and range. */
export function parseNpmSpec(text: string): NpmSpec {
  const body = text.replace(/^npm:/, '');
  const at = body.indexOf('@', 1);
  const name = at === -1 ? body : body.slice(0, at);
  const spec = at === -1 ? '' : body.slice(at + 1);
  if (!/^(?:@[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*$/.test(name) || name.length > 214) {
    throw new GtcxError('validation_failed', `"${name}" is not an npm package name`, {
      hint: 'write npm:<package>[@range], e.g. npm:@acme/web-pack@^1.0.0',
      details: { field: 'package', value: name },
    });
  }
  return { name, spec };
}

/** The registry npm itself would use here: its config, the project's .npmrc, npm_config_registry. */
export async function npmRegistry(cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  try {
    const { stdout } = await run('npm', ['config', 'get', 'registry'], { cwd, env, timeout: 30_000 });
    const registry = stdout.trim().replace(/\/+$/, '');
    new URL(registry);
    return registry;
  } catch (error) {
    throw new GtcxError('config_invalid', 'cannot read the npm registry from `npm config get registry`', {
      hint: 'install npm, or set the registry in .npmrc (registry=https://registry.npmjs.org/)',
      cause: error,
    });
  }
}

interface NpmPackument {
  name: string;
  'dist-tags'?: Record<string, string>;
  versions?: Record<
    string,
    { version: string; deprecated?: string; dist?: { tarball?: string; integrity?: string } }
  >;
}

/** Resolves a package range in an npm registry, the way npm does (tags, exact, highest in range). */
export async function resolveNpm(spec: NpmSpec, registry: string): Promise<NpmRelease> {
  const url = `${registry}/${spec.name.replace('/', '%2f')}`;
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { accept: 'application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8' },
    });
  } catch (error) {
    throw new GtcxError('server_unreachable', `cannot reach the npm registry ${registry} for ${spec.name}`, {
      hint: 'check your network and the registry in npm config (npm config get registry)',
      details: { registry, package: spec.name },
      cause: error,
    });
  }
  if (response.status === 404) {
    throw new GtcxError('not_found', `npm package ${spec.name} does not exist in ${registry}`, {
      hint: 'check the package name, and that npm config get registry names the registry that hosts it',
      details: { registry, package: spec.name },
    });
  }
  if (!response.ok) {
    throw new GtcxError(
      'unavailable',
      `the npm registry ${registry} answered HTTP ${response.status} for ${spec.name}`,
      {
        hint: 'retry later; if the package is private, log in with npm login',
        details: { registry, package: spec.name, status: response.status },
      },
    );
  }
  const packument = (await response.json()) as NpmPackument;
  const resolved = resolveRange(asPackument(spec.name, packument), spec.spec);
  const dist = packument.versions?.[resolved.version.version]?.dist ?? {};
  if (!dist.tarball) {
    throw new GtcxError('not_found', `npm package ${spec.name}@${resolved.version.version} has no tarball`, {
      hint: 'republish the package',
      details: { registry, package: spec.name },
    });
  }
  if (!dist.integrity?.includes('sha512-')) {
    throw new GtcxError(
      'integrity_mismatch',
      `npm package ${spec.name}@${resolved.version.version} has no sha512 integrity to verify`,
      {
        hint: 'republish it with a current npm, which records dist.integrity (sha512)',
        details: { registry, package: spec.name },
      },
    );
  }
  return {
    name: spec.name,
    version: resolved.version.version,
    integrity: dist.integrity,
    tarballUrl: dist.tarball,
    ...(resolved.deprecated ? { deprecated: resolved.deprecated } : {}),
    registry,
  };
}

/** Downloads an npm tarball, streamed, and checks it against npm's dist.integrity. */
export async function downloadNpm(release: NpmRelease, onBytes?: OnBytes): Promise<Buffer> {
  const label = `npm:${release.name}@${release.version}`;
  let response: Response;
  try {
    response = await fetch(release.tarballUrl);
  } catch (error) {
    throw new GtcxError('server_unreachable', `cannot download ${label} from ${release.tarballUrl}`, {
      hint: 'check your network and the npm registry; nothing was cached or installed',
      details: { pack: label, url: release.tarballUrl },
      cause: error,
    });
  }
  if (!response.ok) {
    throw new GtcxError('unavailable', `downloading ${label} answered HTTP ${response.status}`, {
      hint: 'retry later; if the package is private, log in with npm login',
      details: { pack: label, url: release.tarballUrl, status: response.status },
    });
  }
  const tarball = await readDownload(response.body, {
    label,
    source: release.registry,
    total: contentLength(response),
    ...(onBytes ? { onBytes } : {}),
  });
  verifyIntegrity(tarball, release.integrity, { label });
  return tarball;
}

/** npm's document in gtcx's shape, so core's resolveRange applies npm's rules to it. */
function asPackument(name: string, npm: NpmPackument): Packument {
  const versions: Record<string, PackVersion> = {};
  for (const [version, entry] of Object.entries(npm.versions ?? {})) {
    versions[version] = {
      name,
      version,
      description: '',
      keywords: [],
      templates: [],
      engines: {},
      dependencies: {},
      dist: {
        tarball: entry.dist?.tarball ?? '',
        integrity: entry.dist?.integrity ?? '',
        size: 0,
        unpackedSize: 0,
        fileCount: 0,
        signatures: [],
      },
      deprecated: entry.deprecated ?? null,
      yanked: false,
      publishedAt: '',
    };
  }
  return {
    name,
    description: '',
    keywords: [],
    distTags: npm['dist-tags'] ?? {},
    versions,
    createdAt: '',
    updatedAt: '',
  };
}
