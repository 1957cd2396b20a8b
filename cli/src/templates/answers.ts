import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { GtcxError } from '@gtcx/core/errors';

/** `--set key=value` flags as strings by key; the last one wins. Values are typed by the question later. */
export function parseSets(sets: readonly string[] = []): Record<string, string> {
  const values: Record<string, string> = {};
  for (const set of sets) {
    const equals = set.indexOf('=');
    const key = equals === -1 ? '' : set.slice(0, equals).trim();
    if (key === '') {
      throw new GtcxError('bad_request', `--set ${set} is not key=value`, {
        hint: 'pass each answer as --set name=value, e.g. --set name=my-lib',
        details: { set },
      });
    }
    values[key] = set.slice(equals + 1);
  }
  return values;
}

/** A JSON or YAML file holding one mapping of answers (YAML is read for .json too: JSON is YAML). */
export async function readDataFile(path: string, flag: string): Promise<Record<string, unknown>> {
  const file = resolve(path);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : (error as Error).message;
    throw new GtcxError('not_found', `${flag} file ${file} ${reason}`, {
      hint: `pass ${flag} a JSON or YAML file that exists`,
      details: { file },
    });
  }
  const { LineCounter, parseDocument } = await import('yaml');
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const problem = doc.errors[0];
  if (problem) {
    const line = lineCounter.linePos(problem.pos[0]).line;
    throw new GtcxError(
      'validation_failed',
      `${flag} file ${file} line ${line}: ${problem.message.split('\n')[0]}`,
      { hint: 'fix the JSON or YAML syntax', details: { file, line } },
    );
  }
  const data = doc.toJS() as unknown;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new GtcxError(
      'validation_failed',
      `${flag} file ${file} does not hold a mapping of names to values`,
      {
        hint: 'write it as {"name": "value", ...} (JSON) or name: value lines (YAML)',
        details: { file },
      },
    );
  }
  return data as Record<string, unknown>;
}

/** Answers given up front: the --answers file, then --set on top. */
export async function providedAnswers(flags: {
  set?: string[] | undefined;
  answers?: string | undefined;
}): Promise<Record<string, unknown>> {
  const fromFile = flags.answers === undefined ? {} : await readDataFile(flags.answers, '--answers');
  return { ...fromFile, ...parseSets(flags.set) };
}

/**
 * An answer that failed validation, with a hint naming the flag that fixes it. Core's hint is the
 * question's help text when it has one, which on a terminal sits beside the prompt but off one does
 * not say what to pass; the template's own validation message stays in the error's message.
 */
export function withFlagHint(
  error: unknown,
  questions: readonly { name: string; help?: string }[] = [],
): unknown {
  if (!(error instanceof GtcxError) || error.code !== 'validation_failed') return error;
  const name = error.details?.question;
  if (typeof name !== 'string' || typeof error.details?.problem !== 'string') return error;
  const help = questions.find((question) => question.name === name)?.help;
  return new GtcxError(error.code, error.message, {
    hint: `pass a valid value with --set ${name}=<value>${help ? ` (${help})` : ''}`,
    details: error.details,
    cause: error,
  });
}
