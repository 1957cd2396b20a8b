import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPackManifest, parsePackManifest } from '../../src/pack/manifest.js';
import { packTarballName, parsePackSpec } from '../../src/pack/names.js';
import { gtcxError, tempDir } from './helpers.js';

const valid = `name: "@acme/web"
version: 1.2.0
description: Web templates
license: MIT OR Apache-2.0
keywords: [web, fastify]
templates:
  - templates/service
  - templates/lib
engines:
  gtcx: ">=0.1.0"
dependencies:
  "@acme/base": ^1.0.0
`;

describe('parsePackManifest', () => {
  it('returns the validated manifest', () => {
    expect(parsePackManifest(valid)).toEqual({
      name: '@acme/web',
      version: '1.2.0',
      description: 'Web templates',
      license: 'MIT OR Apache-2.0',
      keywords: ['web', 'fastify'],
      templates: ['templates/service', 'templates/lib'],
      engines: { gtcx: '>=0.1.0' },
      dependencies: { '@acme/base': '^1.0.0' },
    });
  });

  it('defaults the optional fields', () => {
    expect(parsePackManifest('name: "@a/b"\nversion: 0.1.0\ntemplates: [t]\n')).toEqual({
      name: '@a/b',
      version: '0.1.0',
      description: '',
      keywords: [],
      templates: ['t'],
      engines: {},
      dependencies: {},
    });
  });

  // [line to replace, its replacement, the field named, the message]
  const bad: Array<[number, string, string, string]> = [
    [1, 'name: acme-web', 'name', 'is not a pack name'],
    [1, 'name: "@Acme/web"', 'name', 'is not a pack name'],
    [1, 'name: "@-acme/web"', 'name', 'is not a pack name'],
    [2, 'version: "1.2"', 'version', 'is not a semver version'],
    [2, 'version: v1.2.0', 'version', 'is not a semver version'],
    [4, 'license: "MIT; rm -rf"', 'license', 'is not an SPDX license expression'],
    [5, 'keywords: web', 'keywords', 'must be a list of strings'],
    [7, '  - ../outside', 'templates[0]', 'must not contain empty, "." or ".." segments'],
    [8, '  - /abs', 'templates[1]', 'must be relative'],
    [10, '  gtcx: "not a range"', 'engines.gtcx', 'is not a semver range'],
    [12, '  "@acme/base": banana', 'dependencies.@acme/base', 'is not a semver range'],
    [12, '  "not-a-pack": ^1.0.0', 'dependencies.not-a-pack', 'is not a pack name'],
    [12, '  "@acme/web": ^1.0.0', 'dependencies.@acme/web', 'is the pack itself'],
  ];
  for (const [line, replacement, field, message] of bad) {
    it(`names line ${line} and ${field} for ${replacement.trim()}`, async () => {
      const lines = valid.split('\n');
      lines[line - 1] = replacement;
      const error = await gtcxError(() => parsePackManifest(lines.join('\n'), '/p/pack.yaml'));
      expect(error.code).toBe('validation_failed');
      expect(error.details).toMatchObject({ file: '/p/pack.yaml', line, field });
      expect(error.message).toContain(`pack.yaml line ${line}: ${field}`);
      expect(error.message).toContain(message);
    });
  }

  it('refuses unknown fields, missing required ones and YAML syntax errors', async () => {
    const unknown = await gtcxError(() => parsePackManifest(`${valid}scripts: { postinstall: x }\n`));
    expect(unknown.details).toMatchObject({ field: 'scripts', line: 13 });
    const missing = await gtcxError(() => parsePackManifest('name: "@a/b"\nversion: 1.0.0\n'));
    expect(missing.details).toMatchObject({ field: 'templates' });
    expect(missing.message).toContain('is required');
    const syntax = await gtcxError(() => parsePackManifest('name: "@a/b\nversion: [\n'));
    expect(syntax.code).toBe('validation_failed');
    expect(syntax.details?.line).toBeTypeOf('number');
    const duplicate = await gtcxError(() =>
      parsePackManifest('name: "@a/b"\nversion: 1.0.0\ntemplates: [t, t]\n'),
    );
    expect(duplicate.details).toMatchObject({ field: 'templates[1]' });
  });
});

describe('loadPackManifest', () => {
  it('checks that every template directory holds a template.yaml', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'pack.yaml'), 'name: "@a/b"\nversion: 1.0.0\ntemplates:\n  - t/one\n');
    const error = await gtcxError(() => loadPackManifest(dir));
    expect(error.code).toBe('validation_failed');
    expect(error.details).toMatchObject({ field: 'templates', line: 4 });
    mkdirSync(join(dir, 't/one'), { recursive: true });
    writeFileSync(join(dir, 't/one/template.yaml'), 'name: one\nversion: 1.0.0\n');
    expect(loadPackManifest(dir).templates).toEqual(['t/one']);
  });

  it('says when there is no pack.yaml', async () => {
    const error = await gtcxError(() => loadPackManifest(tempDir()));
    expect(error.code).toBe('not_found');
    expect(error.hint).toContain('gtcx pack init');
  });
});

describe('pack names', () => {
  it('parses specs and names tarballs', () => {
    expect(parsePackSpec('@acme/web')).toEqual({ name: '@acme/web', spec: '' });
    expect(parsePackSpec('@acme/web@^1.2.0')).toEqual({ name: '@acme/web', spec: '^1.2.0' });
    expect(parsePackSpec('@acme/web@next')).toEqual({ name: '@acme/web', spec: 'next' });
    expect(packTarballName('@acme/web', '1.2.0')).toBe('acme-web-1.2.0.tgz');
    expect(() => parsePackSpec('acme/web')).toThrow(/not a pack name/);
  });
});
