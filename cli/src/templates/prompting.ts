import type { AskContext, PlannedFile, Question } from '@gtcx/core';
import { inCi } from '../output.js';

/**
 * Where prompts are drawn, or undefined when nobody can answer them: the keys come from stdin, so
 * it must be a terminal, and so must the stream drawn on (stderr under --json, whose stdout is for
 * the JSON alone). TERM=dumb cannot position the cursor Ink redraws with; a CI job answers no prompt.
 */
export function promptStream(
  json: boolean,
  env: NodeJS.ProcessEnv = process.env,
): NodeJS.WriteStream | undefined {
  const stream = json ? process.stderr : process.stdout;
  if (process.stdin.isTTY !== true || stream.isTTY !== true || env.TERM === 'dumb' || inCi(env)) {
    return undefined;
  }
  return stream;
}

export type Ask = (question: Question, context: AskContext) => Promise<unknown>;

/** resolveAnswers' ask callback drawing Ink prompts; Ink and React load on the first question asked. */
export function inkAsk(stream: NodeJS.WriteStream): Ask {
  return async (question, context) => {
    const { askQuestion } = await import('../ui/Prompts.js');
    return askQuestion(question, context, stream);
  };
}

/** applyGeneration's resolveConflict drawing an Ink choice per file: overwrite, skip, or see the diff first. */
export function inkResolveConflict(
  stream: NodeJS.WriteStream,
): (file: PlannedFile) => Promise<'overwrite' | 'skip'> {
  return async (file) => {
    const { askConflict } = await import('../ui/ConflictPrompt.js');
    return askConflict(file, stream);
  };
}

/** Ctrl-C or Escape at a prompt: the command stops before writing anything, exit status 130 as for SIGINT. */
export class PromptCancelled extends Error {
  override readonly name = 'PromptCancelled';
  constructor() {
    super('cancelled at a prompt: nothing was written');
  }
}

export const cancelledExitCode = 130;
