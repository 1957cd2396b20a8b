import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import { GtcxError } from './errors.js';

const require = createRequire(import.meta.url);
let loaded: typeof Yaml | undefined;

/**
 * The yaml package is 72 modules: loaded on the first manifest read, so commands that read none
 * (config, doctor, --help) start without it.
 */
export function loadYaml(): typeof Yaml {
  loaded ??= require('yaml') as typeof Yaml;
  return loaded;
}

export interface ManifestProblem {
  path: (string | number)[];
  message: string;
}

export interface ManifestFile {
  /** The manifest's conventional name (template.yaml, pack.yaml), used in messages. */
  name: string;
  /** Where this copy was read from, for details. */
  file: string;
  /** How to fix it, e.g. where the format is described. */
  hint: string;
}

/**
 * Parses a YAML manifest and validates it. A syntax error or the first problem becomes one
 * validation_failed naming the line and the field; details list every problem with its line.
 */
export function parseYamlManifest<T>(
  text: string,
  manifest: ManifestFile,
  validate: (data: unknown, problems: ManifestProblem[]) => T,
): T {
  const yaml = loadYaml();
  const lineCounter = new yaml.LineCounter();
  const doc = yaml.parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const syntax = doc.errors[0];
  if (syntax) {
    const line = lineCounter.linePos(syntax.pos[0]).line;
    throw new GtcxError(
      'validation_failed',
      `${manifest.name} line ${line}: ${syntax.message.split('\n')[0]}`,
      {
        hint: 'fix the YAML syntax',
        details: { file: manifest.file, line, field: '' },
      },
    );
  }
  const problems: ManifestProblem[] = [];
  const result = validate(doc.toJS() as unknown, problems);
  const first = problems[0];
  if (first === undefined) return result;
  const located = problems.map((problem) => ({
    field: fieldPath(problem.path),
    line: lineOf(doc, lineCounter, problem.path),
    message: problem.message,
  }));
  const { field, line } = located[0] as { field: string; line: number };
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem(s))` : '';
  throw new GtcxError(
    'validation_failed',
    `${manifest.name} line ${line}: ${field} ${first.message}${more}`,
    {
      hint: manifest.hint,
      details: { file: manifest.file, line, field, problems: located },
    },
  );
}

/** questions[2].type: the path of a field as people write it. */
export function fieldPath(path: (string | number)[]): string {
  return path
    .map((part, index) => (typeof part === 'number' ? `[${part}]` : index === 0 ? part : `.${part}`))
    .join('');
}

/** The line of the deepest node that exists along path (the field, or its parent when missing). */
function lineOf(doc: Yaml.Document, lineCounter: Yaml.LineCounter, path: (string | number)[]): number {
  for (let length = path.length; length >= 0; length--) {
    const node = length === 0 ? doc.contents : doc.getIn(path.slice(0, length), true);
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    if (range) return lineCounter.linePos(range[0]).line;
  }
  return 1;
}
