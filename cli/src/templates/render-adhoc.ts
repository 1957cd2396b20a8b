import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import {
  applyGeneration,
  createRenderer,
  dataObject,
  GtcxError,
  isGtcxError,
  planGeneration,
  renderTemplate,
  type Template,
} from '@gtcx/core';
import { readDataFile } from './answers.js';
import { checkTarget } from './target.js';

export interface RenderOptions {
  input: string;
  data: string | undefined;
  out: string | undefined;
  conflict: 'skip' | 'overwrite' | 'fail';
}

export type RenderResult =
  | { kind: 'stdout'; source: string; content: string }
  | { kind: 'file'; source: string; out: string }
  | { kind: 'dir'; source: string; out: string; files: { path: string; action: string }[] };

/**
 * gtcx render: one file rendered to stdout (or a file), or a directory rendered like a template's
 * files/ into --out: names templated, .hbs dropped, other files copied byte for byte, the same path
 * checks and staged write as gtcx new. Strict: a variable the data lacks is an error naming it.
 */
export async function renderAdhoc(options: RenderOptions): Promise<RenderResult> {
  const input = resolve(options.input);
  const stats = statOrFail(input);
  const data = options.data === undefined ? {} : await readDataFile(options.data, '--data');
  try {
    if (stats.isDirectory()) return await renderDirectory(input, data, options);
    return renderFile(input, data, options.out);
  } catch (error) {
    throw withDataHint(error);
  }
}

function renderFile(input: string, data: Record<string, unknown>, out: string | undefined): RenderResult {
  const content = createRenderer().render(readFileSync(input, 'utf8'), dataObject(data), basename(input));
  if (out === undefined) return { kind: 'stdout', source: input, content };
  let file = resolve(out);
  if (statSync(file, { throwIfNoEntry: false })?.isDirectory())
    file = join(file, basename(input).replace(/\.hbs$/, ''));
  checkTarget(dirname(file));
  writeAtomically(file, content);
  return { kind: 'file', source: input, out: file };
}

async function renderDirectory(
  input: string,
  data: Record<string, unknown>,
  options: RenderOptions,
): Promise<RenderResult> {
  if (options.out === undefined) {
    throw new GtcxError('bad_request', `${input} is a directory: rendering it needs --out`, {
      hint: `pass --out <dir> to write the rendered tree there, e.g. gtcx render ${options.input} --data data.json --out ./out`,
    });
  }
  const out = resolve(options.out);
  checkTarget(out);
  const template: Template = {
    dir: input,
    filesDir: input,
    manifest: {
      name: basename(input),
      version: '0.0.0',
      questions: [],
      ignore: [],
      injections: [],
      hooks: { pre: [], post: [] },
      migrations: [],
    },
  };
  const tree = await renderTemplate(template, data);
  const plan = await planGeneration(out, tree, { conflict: options.conflict, diffs: 'none' });
  const files = await applyGeneration(out, plan);
  return { kind: 'dir', source: input, out, files };
}

function statOrFail(path: string) {
  const stats = statSync(path, { throwIfNoEntry: false });
  if (stats) return stats;
  throw new GtcxError('not_found', `${path} does not exist`, {
    hint: 'pass a file or a directory to render',
    details: { path },
  });
}

/** Ad-hoc data has no questions to blame: a missing variable is missing from the --data file. */
function withDataHint(error: unknown): unknown {
  if (!isGtcxError(error) || typeof error.details?.variable !== 'string') return error;
  return new GtcxError(error.code, error.message, {
    hint: `add "${error.details.variable}" to the --data file (JSON or YAML)`,
    details: error.details,
    cause: error,
  });
}

function writeAtomically(file: string, content: string): void {
  const temporary = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(temporary, content);
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
