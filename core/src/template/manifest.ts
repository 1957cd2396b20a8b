import { existsSync, lstatSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import validVersion from 'semver/functions/valid.js';
import validRange from 'semver/ranges/valid.js';
import { GtcxError } from '../errors.js';
import { type ManifestProblem, parseYamlManifest } from '../yaml.js';
import { loadHandlebars } from './handlebars.js';
import { helperNames } from './helpers.js';
import { scanSimple } from './scan.js';
import {
  type Choice,
  type Injection,
  type InjectionMode,
  type Migration,
  type Question,
  type QuestionType,
  questionTypes,
  type Template,
  type TemplateManifest,
} from './types.js';

export const manifestFile = 'template.yaml';

/** Loads and validates a template directory: template.yaml, files/ and the optional partials/. */
export async function loadTemplate(dir: string): Promise<Template> {
  const root = resolve(dir);
  const file = join(root, manifestFile);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new GtcxError('not_found', `no ${manifestFile} in ${root}`, {
      hint: 'a template is a directory with template.yaml and files/ (see docs/template-format.md)',
      details: { file },
      cause: error,
    });
  }
  const manifest = parseManifest(text, file);
  const filesDir = join(root, 'files');
  if (!isRealDirectory(filesDir)) {
    throw new GtcxError('validation_failed', `template ${manifest.name} has no files/ directory`, {
      hint: `create ${filesDir} holding the tree to generate`,
      details: { file: filesDir },
    });
  }
  const partialsDir = join(root, 'partials');
  return { dir: root, manifest, filesDir, ...(isRealDirectory(partialsDir) ? { partialsDir } : {}) };
}

function isRealDirectory(path: string): boolean {
  return existsSync(path) && lstatSync(path).isDirectory();
}

/** Parses template.yaml text; errors name the file, line and field. */
export function parseManifest(text: string, file = manifestFile): TemplateManifest {
  return parseYamlManifest(
    text,
    {
      name: manifestFile,
      file,
      hint: 'fix template.yaml; the format is described in docs/template-format.md',
    },
    (data, problems) => validateManifest(data, problems) as TemplateManifest,
  );
}

type Raw = Record<string, unknown>;

const manifestKeys = [
  'name',
  'version',
  'description',
  'engines',
  'questions',
  'ignore',
  'injections',
  'hooks',
  'migrations',
];
const questionKeys = [
  'name',
  'type',
  'message',
  'help',
  'default',
  'required',
  'validate',
  'choices',
  'when',
];
const validateKeys = ['pattern', 'min', 'max', 'message'];
const injectionKeys = ['file', 'append', 'prepend', 'before', 'after', 'content', 'marker'];
const reservedNames = new Set([...helperNames, 'gtcx', 'template', 'this']);

function validateManifest(raw: unknown, problems: ManifestProblem[]): TemplateManifest | undefined {
  if (!isObject(raw)) {
    problems.push({ path: [], message: 'must be a mapping with name, version and questions' });
    return undefined;
  }
  const at = (path: (string | number)[], message: string): void => {
    problems.push({ path, message });
  };
  unknownKeys(raw, manifestKeys, [], at);

  const name = raw.name;
  if (typeof name !== 'string' || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(name)) {
    at(['name'], name === undefined ? 'is required' : `${show(name)} must be kebab-case (a-z, 0-9, dashes)`);
  }
  const version = raw.version;
  if (typeof version !== 'string' || validVersion(version) === null) {
    at(
      ['version'],
      version === undefined ? 'is required' : `${show(version)} is not a semver version like 1.0.0`,
    );
  }
  optionalString(raw, 'description', [], at);
  const engines = raw.engines;
  if (engines !== undefined) {
    if (!isObject(engines)) at(['engines'], 'must be a mapping like { gtcx: ">=0.1.0" }');
    else {
      unknownKeys(engines, ['gtcx'], ['engines'], at);
      if (
        engines.gtcx !== undefined &&
        (typeof engines.gtcx !== 'string' || validRange(engines.gtcx) === null)
      ) {
        at(['engines', 'gtcx'], `${show(engines.gtcx)} is not a semver range`);
      }
    }
  }

  const questions = list(raw, 'questions', at).map((item, index) => question(item, ['questions', index], at));
  const seen = new Set<string>();
  questions.forEach((q, index) => {
    if (!q) return;
    if (seen.has(q.name)) at(['questions', index, 'name'], `"${q.name}" is asked twice`);
    seen.add(q.name);
  });

  const ignore = list(raw, 'ignore', at);
  ignore.forEach((glob, index) => {
    if (typeof glob !== 'string' || glob === '') at(['ignore', index], 'must be a glob string');
  });
  const injections = list(raw, 'injections', at).map((item, index) =>
    injection(item, ['injections', index], at),
  );
  const hooks = raw.hooks;
  const pre: string[] = [];
  const post: string[] = [];
  if (hooks !== undefined) {
    if (!isObject(hooks)) at(['hooks'], 'must be a mapping with pre: and post: command lists');
    else {
      unknownKeys(hooks, ['pre', 'post'], ['hooks'], at);
      pre.push(...commands(hooks.pre, ['hooks', 'pre'], at));
      post.push(...commands(hooks.post, ['hooks', 'post'], at));
    }
  }
  const migrations = list(raw, 'migrations', at).map((item, index): Migration | undefined => {
    const path = ['migrations', index];
    if (!isObject(item)) {
      at(path, 'must be a mapping with version: and run:');
      return undefined;
    }
    unknownKeys(item, ['version', 'run'], path, at);
    if (typeof item.version !== 'string' || validVersion(item.version) === null) {
      at([...path, 'version'], `${show(item.version)} is not a semver version`);
    }
    return { version: String(item.version), run: commands(item.run, [...path, 'run'], at) };
  });

  return {
    name: String(name),
    version: String(version),
    ...(typeof raw.description === 'string' ? { description: raw.description } : {}),
    ...(isObject(engines) && typeof engines.gtcx === 'string' ? { engines: { gtcx: engines.gtcx } } : {}),
    questions: questions.filter((q): q is Question => q !== undefined),
    ignore: ignore.filter((glob): glob is string => typeof glob === 'string'),
    injections: injections.filter((i): i is Injection => i !== undefined),
    hooks: { pre, post },
    migrations: migrations.filter((m): m is Migration => m !== undefined),
  };
}

type At = (path: (string | number)[], message: string) => void;

function question(raw: unknown, path: (string | number)[], at: At): Question | undefined {
  if (!isObject(raw)) {
    at(path, 'must be a mapping with name: and type:');
    return undefined;
  }
  unknownKeys(raw, questionKeys, path, at);
  const { name, type } = raw;
  if (typeof name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    at(
      [...path, 'name'],
      name === undefined ? 'is required' : `${show(name)} must be an identifier ([A-Za-z_][A-Za-z0-9_]*)`,
    );
  } else if (reservedNames.has(name)) {
    at([...path, 'name'], `"${name}" is reserved (a helper or built-in variable); pick another name`);
  }
  if (!questionTypes.includes(type as QuestionType)) {
    at(
      [...path, 'type'],
      type === undefined ? 'is required' : `${show(type)} is not one of ${questionTypes.join(', ')}`,
    );
    return undefined;
  }
  const qType = type as QuestionType;
  optionalString(raw, 'message', path, at);
  optionalString(raw, 'help', path, at);
  optionalTemplate(raw, 'when', path, at);
  if (raw.required !== undefined && typeof raw.required !== 'boolean') {
    at([...path, 'required'], 'must be true or false');
  }
  const choices =
    qType === 'select' || qType === 'multiselect' ? choiceList(raw.choices, path, at) : undefined;
  if (choices === undefined && raw.choices !== undefined) {
    at([...path, 'choices'], `only select and multiselect questions have choices`);
  }
  const validate = validation(raw.validate, qType, [...path, 'validate'], at);
  checkDefault(raw.default, qType, choices, [...path, 'default'], at);

  const textual = qType === 'string' || qType === 'path' || qType === 'secret';
  return {
    name: String(name),
    type: qType,
    message: typeof raw.message === 'string' ? raw.message : String(name),
    ...(typeof raw.help === 'string' ? { help: raw.help } : {}),
    ...(raw.default !== undefined ? { default: raw.default } : {}),
    required:
      typeof raw.required === 'boolean'
        ? raw.required
        : raw.default === undefined && (textual || qType === 'number' || qType === 'select'),
    ...(choices ? { choices } : {}),
    ...(validate ? { validate } : {}),
    ...(typeof raw.when === 'string' ? { when: raw.when } : {}),
  };
}

function choiceList(raw: unknown, path: (string | number)[], at: At): Choice[] | undefined {
  if (!Array.isArray(raw) || raw.length === 0) {
    at([...path, 'choices'], 'must be a non-empty list of values or { value, label } mappings');
    return [];
  }
  const choices: Choice[] = [];
  raw.forEach((item, index) => {
    const itemPath = [...path, 'choices', index];
    const value = isObject(item) ? item.value : item;
    if (!isScalar(value)) {
      at(itemPath, 'must be a string, number or boolean, or { value, label }');
      return;
    }
    if (isObject(item)) {
      unknownKeys(item, ['value', 'label'], itemPath, at);
      if (item.label !== undefined && typeof item.label !== 'string')
        at([...itemPath, 'label'], 'must be a string');
    }
    const label = isObject(item) && typeof item.label === 'string' ? item.label : String(value);
    if (choices.some((choice) => choice.value === value)) at(itemPath, `${show(value)} is listed twice`);
    choices.push({ value, label });
  });
  return choices;
}

function validation(raw: unknown, type: QuestionType, path: (string | number)[], at: At) {
  if (raw === undefined) return undefined;
  if (!isObject(raw)) {
    at(path, 'must be a mapping with pattern, min, max and message');
    return undefined;
  }
  unknownKeys(raw, validateKeys, path, at);
  if (raw.pattern !== undefined) {
    if (type !== 'string' && type !== 'path' && type !== 'secret') {
      at([...path, 'pattern'], `applies to string, path and secret questions, not ${type}`);
    } else if (typeof raw.pattern !== 'string') {
      at([...path, 'pattern'], 'must be a regular expression string');
    } else {
      try {
        new RegExp(raw.pattern, 'u');
      } catch (error) {
        at([...path, 'pattern'], `is not a valid regular expression: ${(error as Error).message}`);
      }
    }
  }
  for (const bound of ['min', 'max'] as const) {
    if (raw[bound] === undefined) continue;
    if (typeof raw[bound] !== 'number' || !Number.isFinite(raw[bound]))
      at([...path, bound], 'must be a number');
    else if (type === 'boolean' || type === 'select')
      at([...path, bound], `does not apply to ${type} questions`);
  }
  optionalString(raw, 'message', path, at);
  return {
    ...(typeof raw.pattern === 'string' ? { pattern: raw.pattern } : {}),
    ...(typeof raw.min === 'number' ? { min: raw.min } : {}),
    ...(typeof raw.max === 'number' ? { max: raw.max } : {}),
    ...(typeof raw.message === 'string' ? { message: raw.message } : {}),
  };
}

/** Defaults are typed values, or Handlebars strings rendered against earlier answers. */
function checkDefault(
  value: unknown,
  type: QuestionType,
  choices: Choice[] | undefined,
  path: (string | number)[],
  at: At,
): void {
  if (value === undefined) return;
  if (typeof value === 'string' && value.includes('{{')) {
    checkSyntax(value, path, at);
    return;
  }
  const expected: Record<QuestionType, (v: unknown) => boolean> = {
    string: (v) => typeof v === 'string',
    path: (v) => typeof v === 'string',
    secret: (v) => typeof v === 'string',
    number: (v) => typeof v === 'number' && Number.isFinite(v),
    boolean: (v) => typeof v === 'boolean',
    select: (v) => choices?.some((choice) => choice.value === v) ?? false,
    multiselect: (v) =>
      Array.isArray(v) && v.every((item) => choices?.some((choice) => choice.value === item)),
  };
  if (!expected[type](value)) {
    const wanted =
      type === 'select' || type === 'multiselect'
        ? `one of the choices${type === 'multiselect' ? ' (a list)' : ''}`
        : `a ${type}`;
    at(path, `${show(value)} must be ${wanted}`);
  }
}

function injection(raw: unknown, path: (string | number)[], at: At): Injection | undefined {
  if (!isObject(raw)) {
    at(path, 'must be a mapping with file: and one of append, prepend, before, after');
    return undefined;
  }
  unknownKeys(raw, injectionKeys, path, at);
  if (typeof raw.file !== 'string' || raw.file === '') at([...path, 'file'], 'is required (the target path)');
  else checkSyntax(raw.file, [...path, 'file'], at);
  const modes = (['append', 'prepend', 'before', 'after'] as const).filter((mode) => raw[mode] !== undefined);
  const mode = modes[0] as InjectionMode | undefined;
  if (modes.length !== 1 || !mode) {
    at(path, 'needs exactly one of append, prepend, before, after');
    return undefined;
  }
  const value = raw[mode];
  if (typeof value !== 'string') {
    at([...path, mode], 'must be a string');
    return undefined;
  }
  const anchored = mode === 'before' || mode === 'after';
  if (anchored) {
    try {
      new RegExp(value, 'mu');
    } catch (error) {
      at([...path, mode], `is not a valid regular expression: ${(error as Error).message}`);
    }
    if (typeof raw.content !== 'string')
      at([...path, 'content'], `is required with ${mode}: (the text to insert)`);
  } else if (raw.content !== undefined) {
    at([...path, 'content'], `is not used with ${mode}: (its value is the text to insert)`);
  }
  optionalTemplate(raw, 'content', path, at);
  optionalTemplate(raw, 'marker', path, at);
  if (!anchored) checkSyntax(value, [...path, mode], at);
  return {
    file: String(raw.file),
    mode,
    ...(anchored ? { pattern: value } : {}),
    content: anchored ? String(raw.content ?? '') : value,
    ...(typeof raw.marker === 'string' ? { marker: raw.marker } : {}),
  };
}

function commands(raw: unknown, path: (string | number)[], at: At): string[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    at(path, 'must be a list of shell commands');
    return [];
  }
  raw.forEach((item, index) => {
    if (typeof item !== 'string' || item.trim() === '')
      at([...path, index], 'must be a non-empty command string');
  });
  return raw.filter((item): item is string => typeof item === 'string');
}

function list(raw: Raw, key: string, at: At): unknown[] {
  const value = raw[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    at([key], 'must be a list');
    return [];
  }
  return value;
}

function unknownKeys(raw: Raw, known: string[], path: (string | number)[], at: At): void {
  for (const key of Object.keys(raw)) {
    if (!known.includes(key))
      at([...path, key], `is not a known field (expected one of ${known.join(', ')})`);
  }
}

function optionalString(raw: Raw, key: string, path: (string | number)[], at: At): void {
  if (raw[key] !== undefined && typeof raw[key] !== 'string') at([...path, key], 'must be a string');
}

function optionalTemplate(raw: Raw, key: string, path: (string | number)[], at: At): void {
  const value = raw[key];
  if (value === undefined) return;
  if (typeof value !== 'string') at([...path, key], 'must be a string');
  else checkSyntax(value, [...path, key], at);
}

function checkSyntax(source: string, path: (string | number)[], at: At): void {
  // Text with simple mustaches is valid by construction; only the rest needs Handlebars' parser.
  if (!source.includes('{{') || scanSimple(source) !== undefined) return;
  try {
    loadHandlebars().parse(source);
  } catch (error) {
    at(path, `is not a valid Handlebars template: ${(error as Error).message.split('\n')[0]}`);
  }
}

function isObject(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function show(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}
