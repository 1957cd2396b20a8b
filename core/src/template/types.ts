export const questionTypes = [
  'string',
  'number',
  'boolean',
  'select',
  'multiselect',
  'secret',
  'path',
] as const;
export type QuestionType = (typeof questionTypes)[number];

export type ChoiceValue = string | number | boolean;

export interface Choice {
  value: ChoiceValue;
  label: string;
}

export interface QuestionValidation {
  /** A regular expression the whole answer must match (string, path, secret). */
  pattern?: string;
  /** number: the value; string, path, secret: the length; multiselect: the count. */
  min?: number;
  max?: number;
  /** Shown to the user when pattern, min or max fails. */
  message?: string;
}

export interface Question {
  name: string;
  type: QuestionType;
  /** The prompt; the question's name when the manifest leaves it out. */
  message: string;
  help?: string;
  /** A typed value, or a Handlebars string over earlier answers. */
  default?: unknown;
  required: boolean;
  choices?: Choice[];
  validate?: QuestionValidation;
  /** A Handlebars string over earlier answers: the question is asked only when it renders truthy. */
  when?: string;
}

export type InjectionMode = 'append' | 'prepend' | 'before' | 'after';

export interface Injection {
  /** Target path, templated. */
  file: string;
  mode: InjectionMode;
  /** The regex (multiline) for before/after. */
  pattern?: string;
  /** The text to insert, templated. */
  content: string;
  /** Templated; the injection is skipped when the file already contains it (default: the content). */
  marker?: string;
}

export interface Migration {
  version: string;
  run: string[];
}

export interface TemplateManifest {
  name: string;
  version: string;
  description?: string;
  engines?: { gtcx?: string };
  questions: Question[];
  ignore: string[];
  injections: Injection[];
  hooks: { pre: string[]; post: string[] };
  migrations: Migration[];
}

export interface Template {
  /** Absolute path of the template directory (the one holding template.yaml). */
  dir: string;
  manifest: TemplateManifest;
  /** Absolute path of files/. */
  filesDir: string;
  /** Absolute path of partials/, when the template has one. */
  partialsDir?: string;
}

/** Typed answers by question name: string, number (or null), boolean, or a list for multiselect. */
export type Answers = Record<string, unknown>;

/** A rendered file tree: posix relative path -> bytes and file mode (permission bits). */
export type RenderedTree = Map<string, RenderedFile>;

export interface RenderedFile {
  content: Buffer;
  mode: number;
}
