import type {
  Answers,
  ConflictMode,
  FileAction,
  PlannedFile,
  PlannedInjection,
  Question,
  RenderedInjection,
} from '@gtcx/core';

/**
 * What commands talk to. The local backend runs core against the SQLite store in the user's data dir;
 * the remote one calls a gtcx server through the SDK. Commands never know which one they hold, and
 * one conformance suite (cli/test/backends.test.ts) holds both to the same behaviour.
 */
export interface Backend {
  readonly mode: 'local' | 'remote';
  /** Where the data lives, safe to print: a file path or a server URL, never a credential. */
  readonly location: string;
  status(): Promise<BackendStatus>;
  /** Built-in templates and those of installed packs, by name. */
  listTemplates(): Promise<TemplateListing[]>;
  /** One template: its versions and the questions of `version` (the latest when left out). */
  getTemplate(ref: string, version?: string): Promise<TemplateInfo>;
  /** The template's files rendered with complete answers (resolve them first against getTemplate's questions). */
  render(ref: string, answers: Answers, version?: string): Promise<RenderedTemplate>;
  /**
   * Generates a project into a local directory: the render (local: core; remote: the server), then
   * the same core plan, staged write, project record and hooks on this machine either way.
   */
  generate(request: GenerateRequest): Promise<GenerationReport>;
  close(): Promise<void>;
}

export interface BackendCheck {
  name: string;
  ok: boolean;
  detail?: string;
}

export interface BackendStatus {
  mode: Backend['mode'];
  location: string;
  ok: boolean;
  checks: BackendCheck[];
}

export interface TemplateListing {
  /** What `gtcx new` takes: a built-in name, or @scope/pack/template. */
  name: string;
  kind: 'builtin' | 'pack';
  /** Semver ascending. */
  versions: string[];
  description: string;
}

export interface TemplateInfo {
  /** The reference as the project record keeps it ('builtin:ts-lib', a path, a git URL, @scope/pack/tpl). */
  source: string;
  kind: 'builtin' | 'path' | 'git' | 'pack';
  name: string;
  /** The version described. */
  version: string;
  /** Semver ascending. */
  versions: string[];
  description: string;
  questions: Question[];
}

export interface RenderedTemplate {
  name: string;
  version: string;
  source: string;
  /** posix relative path -> bytes and permission bits, sorted by path. */
  files: Map<string, { content: Buffer; mode: number }>;
  hooks: { pre: string[]; post: string[] };
  /** Rendered but not applied: they change files of the target, which only this machine has. */
  injections: RenderedInjection[];
}

export interface GenerateRequest {
  ref: string;
  version: string;
  /** Resolved answers (resolveAnswers against getTemplate's questions). */
  answers: Answers;
  targetDir: string;
  conflict: ConflictMode;
  dryRun: boolean;
  trust: boolean;
  resolveConflict?: (entry: PlannedFile) => Promise<'overwrite' | 'skip'>;
  gtcxVersion: string;
  /** Where hook output goes: 'inherit' for a person, 'pipe' to keep --json output clean. */
  hookStdio: 'inherit' | 'pipe';
}

export interface GenerationReport {
  target: string;
  template: { name: string; version: string; source: string };
  files: { path: string; action: FileAction; diff?: string }[];
  injections: PlannedInjection[];
  hooks: { ran: string[]; skipped: string[]; message?: string };
  dryRun: boolean;
}
