import { describe, expect, it } from 'vitest';
import { resolveDependencies, resolveRange } from '../../src/pack/resolve.js';
import type { Packument, PackVersion } from '../../src/pack/types.js';
import { gtcxError } from './helpers.js';

interface VersionSpec {
  deps?: Record<string, string>;
  yanked?: boolean;
  deprecated?: string;
}

function packument(
  name: string,
  versions: Record<string, VersionSpec>,
  distTags: Record<string, string> = {},
): Packument {
  const entries = Object.entries(versions).map(([version, spec]): [string, PackVersion] => [
    version,
    {
      name,
      version,
      description: '',
      keywords: [],
      templates: [],
      engines: {},
      dependencies: spec.deps ?? {},
      dist: {
        tarball: `/v1/packs/${encodeURIComponent(name)}/versions/${version}/tarball`,
        integrity: `sha512-${name}-${version}`,
        size: 1,
        unpackedSize: 1,
        fileCount: 1,
        signatures: [],
      },
      deprecated: spec.deprecated ?? null,
      yanked: spec.yanked ?? false,
      publishedAt: '2026-01-01T00:00:00.000Z',
    },
  ]);
  return {
    name,
    description: '',
    keywords: [],
    distTags,
    versions: Object.fromEntries(entries),
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
}

const web = packument(
  '@acme/web',
  {
    '1.0.0': {},
    '1.1.0': { deprecated: 'use 1.2.0: 1.1.0 renders a broken Dockerfile' },
    '1.2.0': {},
    '1.3.0': { yanked: true },
    '2.0.0-beta.1': {},
  },
  { latest: '1.2.0', next: '2.0.0-beta.1' },
);

describe('resolveRange', () => {
  it('resolves dist-tags first, then exact versions, then the highest satisfying version', () => {
    expect(resolveRange(web, 'next').version.version).toBe('2.0.0-beta.1');
    expect(resolveRange(web, '').version.version).toBe('1.2.0');
    expect(resolveRange(web, '1.0.0')).toMatchObject({ via: 'exact', version: { version: '1.0.0' } });
    expect(resolveRange(web, '^1.0.0')).toMatchObject({ via: 'range', version: { version: '1.2.0' } });
    expect(resolveRange(web, '~1.0.0').version.version).toBe('1.0.0');
  });

  it('hides yanked versions from ranges; exact versions reach them only with allowYanked', async () => {
    const ranged = await gtcxError(() => resolveRange(web, '>=1.2.1 <2.0.0-0'));
    expect(ranged.code).toBe('not_found');
    const exact = await gtcxError(() => resolveRange(web, '1.3.0'));
    expect(exact.message).toContain('was yanked');
    expect(resolveRange(web, '1.3.0', { allowYanked: true }).version.version).toBe('1.3.0');
  });

  it('resolves deprecated versions with their message', () => {
    expect(resolveRange(web, '1.1.0')).toMatchObject({
      version: { version: '1.1.0' },
      deprecated: 'use 1.2.0: 1.1.0 renders a broken Dockerfile',
    });
  });

  it('lists what is available when nothing matches', async () => {
    const unknown = await gtcxError(() => resolveRange(web, '9.9.9'));
    expect(unknown.code).toBe('not_found');
    expect(unknown.message).toBe('cannot resolve @acme/web@9.9.9: there is no version 9.9.9');
    expect(unknown.hint).toContain('available versions: 2.0.0-beta.1, 1.2.0, 1.1.0, 1.0.0');
    expect(unknown.hint).toContain('latest -> 1.2.0');
    expect(unknown.details?.available).toEqual(['2.0.0-beta.1', '1.2.0', '1.1.0', '1.0.0']);
    const range = await gtcxError(() => resolveRange(web, '^3.0.0'));
    expect(range.message).toContain('no version satisfies ^3.0.0');
    const tag = await gtcxError(() => resolveRange(web, 'nightly'));
    expect(tag.message).toContain('neither a dist-tag nor a semver range');
  });
});

function registry(...packuments: Packument[]) {
  const fetched: string[] = [];
  const fetch = async (name: string) => {
    fetched.push(name);
    const found = packuments.find((item) => item.name === name);
    if (!found) throw new Error(`no pack ${name}`);
    return found;
  };
  return { fetch, fetched };
}

describe('resolveDependencies', () => {
  it('walks dependencies breadth-first and dedupes shared ones', async () => {
    const { fetch, fetched } = registry(
      packument(
        '@a/app',
        { '1.0.0': { deps: { '@a/ui': '^1.0.0', '@a/base': '^1.0.0' } } },
        { latest: '1.0.0' },
      ),
      packument('@a/ui', { '1.0.0': { deps: { '@a/base': '^1.1.0' } } }),
      packument('@a/base', { '1.0.0': {}, '1.1.0': {}, '1.2.0': { deps: { '@a/app': '^1.0.0' } } }),
    );
    const packs = await resolveDependencies([{ name: '@a/app', spec: '' }], fetch);
    expect([...packs.values()].map((pack) => `${pack.name}@${pack.version}`)).toEqual([
      '@a/app@1.0.0',
      '@a/base@1.2.0',
      '@a/ui@1.0.0',
    ]);
    expect(packs.get('@a/base')?.requiredBy).toEqual(['@a/app@1.0.0', '@a/ui@1.0.0']);
    expect(packs.get('@a/app')?.requiredBy).toEqual(['<root>', '@a/base@1.2.0']);
    expect(packs.get('@a/base')?.integrity).toBe('sha512-@a/base-1.2.0');
    expect(fetched.filter((name) => name === '@a/base')).toHaveLength(1);
  });

  it('narrows a choice when a later dependent needs an older compatible version', async () => {
    const { fetch } = registry(
      packument('@a/one', { '1.0.0': { deps: { '@a/base': '^1.0.0' } } }),
      packument('@a/two', { '1.0.0': { deps: { '@a/base': '~1.0.0' } } }),
      packument('@a/base', { '1.0.0': {}, '1.0.5': {}, '1.4.0': {} }),
    );
    const packs = await resolveDependencies(
      [
        { name: '@a/one', spec: '^1.0.0' },
        { name: '@a/two', spec: '^1.0.0' },
      ],
      fetch,
    );
    expect(packs.get('@a/base')?.version).toBe('1.0.5');
  });

  it('names both dependents when their ranges cannot agree', async () => {
    const { fetch } = registry(
      packument('@a/one', { '1.0.0': { deps: { '@a/base': '^1.0.0' } } }),
      packument('@a/two', { '1.0.0': { deps: { '@a/base': '^2.0.0' } } }),
      packument('@a/base', { '1.0.0': {}, '2.0.0': {} }),
    );
    const error = await gtcxError(() =>
      resolveDependencies(
        [
          { name: '@a/one', spec: '1.0.0' },
          { name: '@a/two', spec: '1.0.0' },
        ],
        fetch,
      ),
    );
    expect(error.code).toBe('conflict');
    expect(error.message).toBe(
      'cannot resolve @a/base: @a/one@1.0.0 needs ^1.0.0 but @a/two@1.0.0 needs ^2.0.0, and no version satisfies both',
    );
  });

  it('carries deprecation messages and refuses unknown versions of dependencies', async () => {
    const { fetch } = registry(
      packument('@a/app', { '1.0.0': { deps: { '@a/old': '^1.0.0' } } }),
      packument('@a/old', { '1.0.0': { deprecated: 'use @a/new' } }),
    );
    const packs = await resolveDependencies([{ name: '@a/app', spec: '1.0.0' }], fetch);
    expect(packs.get('@a/old')?.deprecated).toBe('use @a/new');
    const missing = await gtcxError(() => resolveDependencies([{ name: '@a/app', spec: '^5.0.0' }], fetch));
    expect(missing.code).toBe('not_found');
  });
});
