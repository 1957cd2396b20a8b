import { GtcxError } from '../errors.js';
import { renderContext } from './context.js';
import { createRenderer, type TemplateRenderer } from './handlebars.js';
import type { Answers, ChoiceValue, Question, TemplateManifest } from './types.js';

export interface AskContext {
  /** The question's default, typed and already rendered against earlier answers (if it has one). */
  default?: unknown;
  /** The answers given so far, in question order. */
  answers: Answers;
  /** The same check resolveAnswers applies: an error message, or undefined when valid. */
  validate(value: unknown): string | undefined;
}

export interface ResolveAnswersInput {
  /** Answers given up front (--set strings, an --answers file, a recorded project): coerced to the question's type. */
  provided: Record<string, unknown>;
  /** Take the default of every question not provided instead of asking (--defaults). */
  useDefaults: boolean;
  /** Asks one question interactively; without it a question that is not provided is a missing answer. */
  ask?: (question: Question, context: AskContext) => Promise<unknown>;
  gtcxVersion?: string;
}

/**
 * Answers the template's questions in order. Provided values are coerced and validated; the rest
 * take their defaults (with useDefaults) or are asked. A question whose `when` renders falsy is not
 * asked and gets its default (or an empty value) so templates can still refer to it.
 */
export async function resolveAnswers(
  manifest: TemplateManifest,
  input: ResolveAnswersInput,
): Promise<Answers> {
  const known = new Set(manifest.questions.map((question) => question.name));
  const unknown = Object.keys(input.provided).filter((key) => !known.has(key));
  if (unknown.length > 0) {
    throw new GtcxError(
      'validation_failed',
      `${manifest.name} asks no question ${unknown.map((key) => `"${key}"`).join(', ')}`,
      {
        hint: `its questions are: ${[...known].join(', ') || '(none)'}`,
        details: { unknown },
      },
    );
  }

  const renderer = createRenderer();
  const answers: Answers = {};
  const missing: Question[] = [];
  for (const question of manifest.questions) {
    const context = () => renderContext(answers, manifest, input.gtcxVersion);
    if (
      question.when !== undefined &&
      !renders(renderer, question.when, context(), `questions.${question.name}.when`)
    ) {
      answers[question.name] = defaultOf(question, renderer, context()) ?? emptyValue(question);
      continue;
    }
    const fallback = defaultOf(question, renderer, context());
    let value: unknown;
    if (Object.hasOwn(input.provided, question.name)) {
      value = coerceAnswer(question, input.provided[question.name]);
    } else if (input.useDefaults && (fallback !== undefined || !question.required)) {
      value = fallback ?? emptyValue(question);
    } else if (input.ask) {
      const asked = await input.ask(question, {
        ...(fallback === undefined ? {} : { default: fallback }),
        answers: { ...answers },
        validate: (candidate) => validateAnswer(question, candidate),
      });
      value = coerceAnswer(question, asked);
    } else if (fallback === undefined && !question.required) {
      value = emptyValue(question);
    } else {
      missing.push(question);
      answers[question.name] = fallback ?? emptyValue(question);
      continue;
    }
    const problem = validateAnswer(question, value);
    if (problem !== undefined) throw invalidAnswer(question, value, problem);
    answers[question.name] = value;
  }
  if (missing.length > 0) throw missingAnswers(missing);
  return answers;
}

/**
 * Checks one typed answer against its question: type, required, choices, pattern, min and max.
 * Returns the message to show (the template's own for pattern/min/max), or undefined when valid.
 */
export function validateAnswer(question: Question, value: unknown): string | undefined {
  const rules = question.validate ?? {};
  const failed = (fallback: string): string => rules.message ?? fallback;
  switch (question.type) {
    case 'string':
    case 'path':
    case 'secret': {
      if (typeof value !== 'string') return 'must be text';
      if (value === '') return question.required ? 'is required' : undefined;
      if (rules.pattern !== undefined && !new RegExp(rules.pattern, 'u').test(value)) {
        return failed(`must match ${rules.pattern}`);
      }
      if (rules.min !== undefined && value.length < rules.min)
        return failed(`must be at least ${rules.min} characters`);
      if (rules.max !== undefined && value.length > rules.max)
        return failed(`must be at most ${rules.max} characters`);
      return undefined;
    }
    case 'number': {
      if (value === null) return question.required ? 'is required' : undefined;
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a number';
      if (rules.min !== undefined && value < rules.min) return failed(`must be at least ${rules.min}`);
      if (rules.max !== undefined && value > rules.max) return failed(`must be at most ${rules.max}`);
      return undefined;
    }
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'select':
      return isChoice(question, value) ? undefined : `must be one of ${choiceList(question)}`;
    case 'multiselect': {
      if (!Array.isArray(value)) return 'must be a list';
      const wrong = value.filter((item) => !isChoice(question, item));
      if (wrong.length > 0) return `${wrong.map(String).join(', ')} is not one of ${choiceList(question)}`;
      if (value.length === 0 && question.required) return 'choose at least one';
      if (rules.min !== undefined && value.length < rules.min) return failed(`choose at least ${rules.min}`);
      if (rules.max !== undefined && value.length > rules.max) return failed(`choose at most ${rules.max}`);
      return undefined;
    }
  }
}

/**
 * Turns a provided value into the question's type: `--set` gives strings ("3", "yes", "a,b"),
 * answer files give typed values. Values that cannot be converted are left for validateAnswer.
 */
export function coerceAnswer(question: Question, value: unknown): unknown {
  switch (question.type) {
    case 'string':
    case 'path':
    case 'secret':
      return typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
    case 'number': {
      if (typeof value !== 'string') return value;
      const trimmed = value.trim();
      const parsed = Number(trimmed);
      return trimmed === '' || !Number.isFinite(parsed) ? value : parsed;
    }
    case 'boolean': {
      if (typeof value !== 'string') return value;
      const text = value.trim().toLowerCase();
      if (['true', 'yes', 'y', '1', 'on'].includes(text)) return true;
      if (['false', 'no', 'n', '0', 'off'].includes(text)) return false;
      return value;
    }
    case 'select':
      return matchChoice(question, value);
    case 'multiselect': {
      const items =
        typeof value === 'string'
          ? value
              .split(',')
              .map((item) => item.trim())
              .filter((item) => item !== '')
          : value;
      return Array.isArray(items) ? items.map((item) => matchChoice(question, item)) : items;
    }
  }
}

function matchChoice(question: Question, value: unknown): unknown {
  if (isChoice(question, value)) return value;
  const byText = question.choices?.find((choice) => String(choice.value) === String(value));
  return byText ? byText.value : value;
}

function isChoice(question: Question, value: unknown): value is ChoiceValue {
  return question.choices?.some((choice) => choice.value === value) ?? false;
}

function choiceList(question: Question): string {
  return (question.choices ?? []).map((choice) => String(choice.value)).join(', ');
}

/** The typed default: strings holding `{{` are rendered against earlier answers, then coerced. */
function defaultOf(question: Question, renderer: TemplateRenderer, context: object): unknown {
  const value =
    question.default ??
    (question.type === 'boolean' ? false : question.type === 'multiselect' ? [] : undefined);
  if (typeof value === 'string' && value.includes('{{')) {
    return coerceAnswer(question, renderer.render(value, context, `questions.${question.name}.default`));
  }
  return value;
}

function emptyValue(question: Question): unknown {
  switch (question.type) {
    case 'number':
      return null;
    case 'boolean':
      return false;
    case 'multiselect':
      return [];
    case 'select':
      return question.choices?.[0]?.value ?? null;
    default:
      return '';
  }
}

/** `when` is true unless it renders to "", "false" or "0" (ignoring surrounding space). */
function renders(renderer: TemplateRenderer, source: string, context: object, origin: string): boolean {
  const text = renderer.render(source, context, origin).trim();
  return text !== '' && text !== 'false' && text !== '0';
}

function invalidAnswer(question: Question, value: unknown, problem: string): GtcxError {
  const shown = question.type === 'secret' ? '(secret)' : JSON.stringify(value);
  return new GtcxError('validation_failed', `answer for "${question.name}" ${shown} ${problem}`, {
    hint: question.help ?? `pass a valid value with --set ${question.name}=<value>`,
    details: { question: question.name, problem },
  });
}

function missingAnswers(missing: Question[]): GtcxError {
  const names = missing.map((question) => question.name);
  const quoted = names.map((name) => `"${name}"`).join(', ');
  return new GtcxError('validation_failed', `missing answer${names.length > 1 ? 's' : ''} for ${quoted}`, {
    hint: `pass --set ${names[0]}=<value>, --answers <file>, or --defaults`,
    details: { missing: names },
  });
}
