import type { Question } from '@gtcx/core';

/**
 * The templates module's answers, shaped like the contract's schemas (TemplateSummary, Template,
 * Question, RenderedFile, RenderHook); REST sends them as they are, gRPC maps them to messages.
 */
export type TemplateOrigin = 'builtin' | 'pack';

export interface TemplateSummaryView {
  id: string;
  name: string;
  version: string;
  description: string;
  source: TemplateOrigin;
  pack?: { name: string; version: string };
}

export interface QuestionView {
  name: string;
  type: Question['type'];
  message: string;
  help?: string;
  default?: unknown;
  required: boolean;
  choices?: Array<{ value: string | number | boolean; label?: string }>;
  validate?: { pattern?: string; min?: number; max?: number; message?: string };
  when?: string;
}

export interface TemplateView extends TemplateSummaryView {
  /** Highest first. */
  versions: string[];
  questions: QuestionView[];
}

export interface TemplatePage {
  items: TemplateSummaryView[];
  nextCursor: string | null;
}

export interface RenderedFileView {
  path: string;
  size: number;
  /** 0o644 or 0o755. */
  mode: number;
  /** Hex sha256 of the content. */
  sha256: string;
  /** Absent on a dry run. */
  content?: Buffer;
}

export interface RenderHookView {
  stage: 'pre' | 'post';
  command: string;
}

/** A question as the contract describes it: only the declared fields, optional ones only when set. */
export function questionView(question: Question): QuestionView {
  const view: QuestionView = {
    name: question.name,
    type: question.type,
    message: question.message,
    required: question.required,
  };
  if (question.help !== undefined) view.help = question.help;
  if (question.default !== undefined) view.default = question.default;
  if (question.choices !== undefined) {
    view.choices = question.choices.map((choice) => ({ value: choice.value, label: choice.label }));
  }
  if (question.validate !== undefined) {
    const { pattern, min, max, message } = question.validate;
    view.validate = {
      ...(pattern === undefined ? {} : { pattern }),
      ...(min === undefined ? {} : { min }),
      ...(max === undefined ? {} : { max }),
      ...(message === undefined ? {} : { message }),
    };
  }
  if (question.when !== undefined) view.when = question.when;
  return view;
}
