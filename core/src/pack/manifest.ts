import { lstatSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import validVersion from 'semver/functions/valid.js';
import validRange from 'semver/ranges/valid.js';
import { GtcxError } from '../errors.js';
import { parseYamlManifest } from '../yaml.js';
import { isPackName } from './names.js';
import type { PackManifest } from './types.js';

export const packManifestFile = 'pack.yaml';

const manifestKeys = [
  'name',
  'version',
  'description',
  'license',
  'keywords',
  'templates',
  'engines',
  'dependencies',
];
/** SPDX ids and expressions (MIT, Apache-2.0, (MIT OR Apache-2.0), LicenseRef-x), and UNLICENSED. */
const licensePattern = /^[A-Za-z0-9().+: -]{1,256}$/;
const keywordPattern = /^[^\s\p{Cc}][^\p{Cc}]{0,49}$/u;
const maxKeywords = 32;

/** Reads and validates `<dir>/pack.yaml`, and checks that every listed template directory holds a template.yaml. */
export function loadPackManifest(dir: string): PackManifest {
  const root = resolve(dir);
  const file = join(root, packManifestFile);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new GtcxError('not_found', `no ${packManifestFile} in ${root}`, {
      hint: 'a pack is a directory with pack.yaml and template directories; create one with gtcx pack init',
      details: { file },
      cause: error,
    });
  }
  const manifest = parsePackManifest(text, file);
  for (const template of manifest.templates) {
    const templateFile = join(root, template, 'template.yaml');
    if (!isRealFile(templateFile)) {
      throw new GtcxError(
        'validation_failed',
        `${packManifestFile}: template "${template}" has no template.yaml`,
        {
          hint: `create ${templateFile}, or remove "${template}" from templates in ${file}`,
          details: { file, line: lineOfTemplate(text, template), field: 'templates' },
        },
      );
    }
  }
  return manifest;
}

function isRealFile(path: string): boolean {
  try {
    return lstatSync(path).isFile();
  } catch {
    return false;
  }
}

function lineOfTemplate(text: string, template: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(template));
  return index === -1 ? 1 : index + 1;
}

/** Parses pack.yaml text; errors name the file, the line and the field. */
export function parsePackManifest(text: string, file = packManifestFile): PackManifest {
  return parseYamlManifest(
    text,
    { name: packManifestFile, file, hint: 'fix pack.yaml; the format is described in docs/pack-format.md' },
    (data, problems) => validate(data, (path, message) => problems.push({ path, message })) as PackManifest,
  );
}

type At = (path: (string | number)[], message: string) => void;
type Raw = Record<string, unknown>;

function validate(raw: unknown, at: At): PackManifest | undefined {
  if (!isObject(raw)) {
    at([], 'must be a mapping with name, version and templates');
    return undefined;
  }
  for (const key of Object.keys(raw)) {
    if (!manifestKeys.includes(key))
      at([key], `is not a pack.yaml field (known: ${manifestKeys.join(', ')})`);
  }
  const { name, version, description, license } = raw;
  if (!isPackName(name)) {
    at(['name'], name === undefined ? 'is required' : `${show(name)} is not a pack name like @scope/name`);
  }
  if (typeof version !== 'string' || validVersion(version) !== version) {
    at(
      ['version'],
      version === undefined ? 'is required' : `${show(version)} is not a semver version like 1.0.0`,
    );
  }
  if (description !== undefined && typeof description !== 'string') at(['description'], 'must be a string');
  if (license !== undefined && (typeof license !== 'string' || !licensePattern.test(license))) {
    at(['license'], `${show(license)} is not an SPDX license expression like MIT or Apache-2.0`);
  }
  const keywords = stringList(raw, 'keywords', at);
  if (keywords.length > maxKeywords)
    at(['keywords'], `has ${keywords.length} entries; at most ${maxKeywords}`);
  keywords.forEach((keyword, index) => {
    if (!keywordPattern.test(keyword))
      at(['keywords', index], `${show(keyword)} must be 1..50 printable characters`);
  });
  const templates = stringList(raw, 'templates', at);
  if (raw.templates === undefined) at(['templates'], "is required: the directories of the pack's templates");
  else if (templates.length === 0 && Array.isArray(raw.templates)) at(['templates'], 'lists no template');
  const seen = new Set<string>();
  templates.forEach((template, index) => {
    const problem = templateDirProblem(template);
    if (problem) at(['templates', index], `${show(template)} ${problem}`);
    else if (seen.has(template)) at(['templates', index], `${show(template)} is listed twice`);
    seen.add(template);
  });
  const engines = validateEngines(raw.engines, at);
  const dependencies = validateDependencies(raw.dependencies, name, at);
  return {
    name: String(name),
    version: String(version),
    description: typeof description === 'string' ? description : '',
    ...(typeof license === 'string' ? { license } : {}),
    keywords,
    templates,
    engines,
    dependencies,
  };
}

/** Template directories are plain relative paths inside the pack. */
function templateDirProblem(path: string): string | undefined {
  if (path === '') return 'is empty';
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return 'must be relative to pack.yaml';
  if (path.includes('\\')) return 'must use "/" separators';
  if (path.split('/').some((segment) => segment === '' || segment === '.' || segment === '..')) {
    return 'must not contain empty, "." or ".." segments';
  }
  if (path.split('/').some((segment) => ['.git', 'node_modules'].includes(segment))) {
    return 'must not be inside .git or node_modules';
  }
  return undefined;
}

function validateEngines(engines: unknown, at: At): { gtcx?: string } {
  if (engines === undefined) return {};
  if (!isObject(engines)) {
    at(['engines'], 'must be a mapping like { gtcx: ">=0.1.0" }');
    return {};
  }
  for (const key of Object.keys(engines))
    if (key !== 'gtcx') at(['engines', key], 'is not a known engine (gtcx)');
  if (engines.gtcx === undefined) return {};
  if (typeof engines.gtcx !== 'string' || validRange(engines.gtcx) === null) {
    at(['engines', 'gtcx'], `${show(engines.gtcx)} is not a semver range`);
    return {};
  }
  return { gtcx: engines.gtcx };
}

function validateDependencies(dependencies: unknown, self: unknown, at: At): Record<string, string> {
  if (dependencies === undefined) return {};
  if (!isObject(dependencies)) {
    at(['dependencies'], 'must be a mapping of pack name to semver range');
    return {};
  }
  const valid: Record<string, string> = {};
  for (const [name, range] of Object.entries(dependencies)) {
    if (!isPackName(name)) at(['dependencies', name], 'is not a pack name like @scope/name');
    else if (name === self) at(['dependencies', name], 'is the pack itself');
    else if (typeof range !== 'string' || validRange(range) === null) {
      at(['dependencies', name], `${show(range)} is not a semver range like ^1.2.0`);
    } else valid[name] = range;
  }
  return valid;
}

function stringList(raw: Raw, key: string, at: At): string[] {
  const value = raw[key];
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    at([key], 'must be a list of strings');
    return [];
  }
  return value.filter((item, index) => {
    if (typeof item === 'string') return true;
    at([key, index], `${show(item)} must be a string`);
    return false;
  });
}

/** The line of the deepest node that exists along path (the field, or its parent when missing). */

function isObject(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}
