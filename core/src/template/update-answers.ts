import { type ResolveAnswersInput, resolveAnswers } from './questions.js';
import type { Answers, Template } from './types.js';

export interface UpdateAnswerOptions {
  /** Answers given for this update: new questions, secrets, or a changed answer for the target. */
  provided?: Answers;
  useDefaults?: boolean;
  ask?: ResolveAnswersInput['ask'];
  gtcxVersion?: string;
}

export interface UpdateAnswers {
  /** The recorded answers (plus secrets, which are never recorded), as the base was rendered. */
  base: Answers;
  /** What the target is rendered with: the base answers, overridden by provided, plus new questions. */
  target: Answers;
  /** Target questions the project had no answer for. */
  newQuestions: string[];
}

/**
 * The base is re-rendered with what the project was generated with, so only secrets (never
 * recorded) may be asked again; the target then asks only what the base did not answer.
 */
export async function updateAnswers(
  base: Template,
  target: Template,
  recorded: Answers,
  options: UpdateAnswerOptions,
): Promise<UpdateAnswers> {
  const provided = options.provided ?? {};
  const baseNames = questionNames(base);
  const baseSecrets = new Set(base.manifest.questions.filter((q) => q.type === 'secret').map((q) => q.name));
  const asking = {
    useDefaults: options.useDefaults ?? false,
    ask: options.ask,
    gtcxVersion: options.gtcxVersion,
  };
  const baseAnswers = await resolveAnswers(base.manifest, {
    ...asking,
    provided: { ...pick(recorded, baseNames), ...pick(provided, baseSecrets) },
  });
  const targetNames = questionNames(target);
  const known = { ...pick(recorded, targetNames), ...pick(baseAnswers, targetNames) };
  const targetAnswers = await resolveAnswers(target.manifest, {
    ...asking,
    provided: { ...known, ...provided },
  });
  const newQuestions = [...targetNames].filter((name) => !(name in known) && name in targetAnswers);
  return { base: baseAnswers, target: targetAnswers, newQuestions };
}

function questionNames(template: Template): Set<string> {
  return new Set(template.manifest.questions.map((q) => q.name));
}

function pick(answers: Answers, names: ReadonlySet<string>): Answers {
  return Object.fromEntries(Object.entries(answers).filter(([name]) => names.has(name)));
}
