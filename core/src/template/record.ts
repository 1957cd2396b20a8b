import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { GtcxError } from '../errors.js';
import type { Answers, RenderedTree, TemplateManifest } from './types.js';

/** Where the record lives inside a generated project. */
export const projectRecordPath = '.gtcx/project.json';

/** What gtcx remembers about a generated project, for update and drift checks. */
export interface ProjectRecord {
  /** source: the template reference as resolveTemplateSource accepts it again ('builtin:ts-lib', a path, a git URL). */
  template: { source: string; name: string; version: string };
  /** The answers, secret ones left out. */
  answers: Answers;
  /** sha256 of every file the template rendered, by posix path (skipped conflicts included). */
  files: Record<string, string>;
  generatedAt: string;
  gtcxVersion: string;
}

/** `sha256-<hex>` of the bytes. */
export function hashContent(content: Buffer | string): string {
  return `sha256-${createHash('sha256').update(content).digest('hex')}`;
}

/** The answers worth recording: everything but the template's secret-typed questions. */
export function recordAnswers(manifest: TemplateManifest, answers: Answers): Answers {
  const secrets = new Set(manifest.questions.filter((q) => q.type === 'secret').map((q) => q.name));
  return Object.fromEntries(Object.entries(answers).filter(([name]) => !secrets.has(name)));
}

export function buildProjectRecord(input: {
  source: string;
  manifest: TemplateManifest;
  answers: Answers;
  rendered: RenderedTree;
  gtcxVersion: string;
  now: Date;
}): ProjectRecord {
  const files: Record<string, string> = {};
  for (const path of [...input.rendered.keys()].sort()) {
    files[path] = hashContent((input.rendered.get(path) as { content: Buffer }).content);
  }
  return {
    template: { source: input.source, name: input.manifest.name, version: input.manifest.version },
    answers: recordAnswers(input.manifest, input.answers),
    files,
    generatedAt: input.now.toISOString(),
    gtcxVersion: input.gtcxVersion,
  };
}

/** Stable JSON text (two-space indent, trailing newline) so records diff well in version control. */
export function serializeProjectRecord(record: ProjectRecord): string {
  return `${JSON.stringify(record, null, 2)}\n`;
}

/** The project's record, or undefined when the directory has none. */
export async function readProjectRecord(dir: string): Promise<ProjectRecord | undefined> {
  const file = join(dir, projectRecordPath);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw invalidRecord(file, `is not JSON: ${(error as Error).message}`);
  }
  return checkRecord(data, file);
}

/** Writes the record atomically: a temporary file beside it, then a rename. */
export async function writeProjectRecord(dir: string, record: ProjectRecord): Promise<void> {
  const file = join(dir, projectRecordPath);
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    writeFileSync(temporary, serializeProjectRecord(record), { mode: 0o644 });
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

function checkRecord(data: unknown, file: string): ProjectRecord {
  const record = data as Partial<ProjectRecord> | null;
  const template = record?.template;
  if (typeof record !== 'object' || record === null) throw invalidRecord(file, 'is not an object');
  for (const key of ['source', 'name', 'version'] as const) {
    if (typeof template?.[key] !== 'string') throw invalidRecord(file, `has no template.${key}`);
  }
  if (typeof record.answers !== 'object' || record.answers === null || Array.isArray(record.answers)) {
    throw invalidRecord(file, 'has no answers object');
  }
  const files = record.files;
  if (
    typeof files !== 'object' ||
    files === null ||
    Object.values(files).some((hash) => typeof hash !== 'string')
  ) {
    throw invalidRecord(file, 'has no files object of path -> hash');
  }
  if (typeof record.generatedAt !== 'string') throw invalidRecord(file, 'has no generatedAt');
  if (typeof record.gtcxVersion !== 'string') throw invalidRecord(file, 'has no gtcxVersion');
  return record as ProjectRecord;
}

function invalidRecord(file: string, problem: string): GtcxError {
  return new GtcxError('validation_failed', `${file} ${problem}`, {
    hint: 'restore .gtcx/project.json from version control, or generate the project again',
    details: { file, problem },
  });
}
