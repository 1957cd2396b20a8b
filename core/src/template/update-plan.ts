import { lstat, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import compare from 'semver/functions/compare.js';
import gt from 'semver/functions/gt.js';
import lte from 'semver/functions/lte.js';
import { GtcxError } from '../errors.js';
import { resolveInside } from './paths.js';
import { unifiedDiff } from './plan.js';
import { hashContent, type ProjectRecord, readProjectRecord, recordAnswers } from './record.js';
import { renderTemplate } from './render.js';
import type { TemplateSource } from './source-types.js';
import type { Migration, RenderedTree, Template } from './types.js';
import { type UpdateAnswerOptions, updateAnswers } from './update-answers.js';
import { type Decision, decide, type FileState, THEIRS_SUFFIX, type UpdateAction } from './update-decide.js';
import { isMergeableText } from './update-merge.js';

export type { UpdateAction } from './update-decide.js';

export interface PlanUpdateOptions extends UpdateAnswerOptions {
  projectDir: string;
  /** Where the template comes from; usually resolveTemplateSource(record.template.source). */
  source: TemplateSource;
  /** The target version; the source's default (its highest) when left out. */
  to?: string;
  gtcxVersion: string;
  /** The clock behind {{date}}; read once, so base and target see the same instant. */
  now?: () => Date;
}

export interface UpdateEntry {
  /** Posix path relative to the project. */
  path: string;
  action: UpdateAction;
  /** Unified diff of what the update changes on disk (text files that change). */
  diff?: string;
  /** For a binary conflict: where the template's version is written. */
  theirsPath?: string;
  note?: string;
}

export interface UpdatePlan {
  projectDir: string;
  source: string;
  template: string;
  from: string;
  to: string;
  /** Every path of the base render, the target render and the record, sorted. */
  entries: UpdateEntry[];
  /** Paths written with conflict markers or with a .gtcx-theirs copy beside them. */
  conflicts: string[];
  /** Target questions that were not answered before, now answered. */
  newQuestions: string[];
  /** The target manifest's migrations crossed by this update, in version order. */
  migrations: Migration[];
  /** False when applying would write nothing at all (not even the record) and run nothing. */
  changes: boolean;
}

export interface PlannedWork {
  writes: { path: string; file: FileState }[];
  removals: string[];
  /** Undefined when the record already says exactly this. */
  record: ProjectRecord | undefined;
}

/** What applyUpdate needs beyond the plan's public (JSON-friendly) fields. */
const work = new WeakMap<UpdatePlan, PlannedWork>();

/**
 * Works out what `gtcx update` would do, writing nothing. The base is the recorded version
 * rendered with the recorded answers, theirs the target version with the same answers plus any new
 * ones, ours the project on disk; see decide() for each path.
 *
 * The new record holds the target version, its answers (no secrets) and the hash of every file
 * of the target render, whatever ended up on disk. So the next update's base is exactly this
 * update's target: with no newer version, base and theirs are equal, every path is 'unchanged',
 * the record comes out identical and nothing is written. Conflicted files, the user's edits and
 * deletions all count as the user's changes against that base.
 */
export async function planUpdate(options: PlanUpdateOptions): Promise<UpdatePlan> {
  const { source } = options;
  const projectDir = resolve(options.projectDir);
  const record = await readRecord(projectDir);
  const baseTemplate = await source.load(record.template.version);
  const targetTemplate = await (options.to === undefined ? source.load() : source.load(options.to));
  checkSameTemplate(record, targetTemplate, projectDir);
  const answers = await updateAnswers(baseTemplate, targetTemplate, record.answers, options);
  const instant = options.now?.() ?? new Date();
  const renderOptions = { gtcxVersion: options.gtcxVersion, now: () => instant };
  const base = await renderTemplate(baseTemplate, answers.base, renderOptions);
  const theirs = await renderTemplate(targetTemplate, answers.target, renderOptions);

  const from = record.template.version;
  const to = targetTemplate.manifest.version;
  const planned: PlannedWork = { writes: [], removals: [], record: undefined };
  const entries: UpdateEntry[] = [];
  for (const path of allPaths(base, theirs, record)) {
    const ours = await readOurs(projectDir, path, theirs.has(path));
    const sides = { base: base.get(path), theirs: theirs.get(path), ours, recordedHash: record.files[path] };
    const decision = decide(sides, { baseVersion: from, targetVersion: to });
    entries.push(describe(path, ours, decision));
    queue(planned, path, decision);
  }

  const migrations = crossedMigrations(targetTemplate, from, to);
  planned.record = changedRecord(record, {
    template: { source: source.ref, name: targetTemplate.manifest.name, version: to },
    answers: recordAnswers(targetTemplate.manifest, answers.target),
    files: Object.fromEntries(
      [...theirs]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([path, file]) => [path, hashContent(file.content)]),
    ),
    generatedAt: instant.toISOString(),
    gtcxVersion: options.gtcxVersion,
  });
  const plan: UpdatePlan = {
    projectDir,
    source: source.ref,
    template: targetTemplate.manifest.name,
    from,
    to,
    entries,
    conflicts: entries.filter((e) => e.action === 'conflict').map((e) => e.path),
    newQuestions: answers.newQuestions,
    migrations,
    changes:
      planned.writes.length + planned.removals.length + migrations.length > 0 || planned.record !== undefined,
  };
  work.set(plan, planned);
  return plan;
}

/** The files, removals and record a plan from planUpdate carries for applyUpdate. */
export function plannedWork(plan: UpdatePlan): PlannedWork {
  const planned = work.get(plan);
  if (planned) return planned;
  throw new GtcxError('bad_request', 'this update plan was not made by planUpdate', {
    hint: 'pass the plan planUpdate returned, unchanged',
  });
}

async function readRecord(projectDir: string): Promise<ProjectRecord> {
  const record = await readProjectRecord(projectDir);
  if (record) return record;
  throw new GtcxError('not_found', `${projectDir} has no .gtcx/project.json: it was not generated by gtcx`, {
    hint: 'run gtcx update inside a project made with gtcx new (or create one with gtcx new)',
    details: { projectDir },
  });
}

function checkSameTemplate(record: ProjectRecord, target: Template, projectDir: string): void {
  if (record.template.name === target.manifest.name) return;
  throw new GtcxError(
    'validation_failed',
    `${projectDir} was generated from template "${record.template.name}", not "${target.manifest.name}"`,
    { hint: `update it from the template it was made with (${record.template.source})` },
  );
}

function allPaths(base: RenderedTree, theirs: RenderedTree, record: ProjectRecord): string[] {
  return [...new Set([...base.keys(), ...theirs.keys(), ...Object.keys(record.files)])].sort();
}

/**
 * The file on disk; resolveInside refuses a path that leaves the project or crosses a symlink.
 * Something else where the target version needs a file (a directory, or a file where it needs a
 * directory) is refused before anything is written.
 */
async function readOurs(projectDir: string, path: string, needed: boolean): Promise<FileState | undefined> {
  const absolute = resolveInside(projectDir, path);
  const info = await lstat(absolute).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOTDIR' && needed) throw inTheWay(projectDir, path, 'lies below a file');
    return undefined;
  });
  if (!info) return undefined;
  if (info.isFile()) return { content: await readFile(absolute), mode: info.mode & 0o777 };
  if (needed) throw inTheWay(projectDir, path, 'is not a regular file');
  return undefined;
}

function inTheWay(projectDir: string, path: string, problem: string): GtcxError {
  return new GtcxError(
    'conflict',
    `${join(projectDir, path)} ${problem}, but the new template version writes a file there`,
    {
      hint: 'move what is in the way aside and run the update again',
      details: { path },
    },
  );
}

function describe(path: string, ours: FileState | undefined, decision: Decision): UpdateEntry {
  const entry: UpdateEntry = { path, action: decision.action };
  if (decision.note !== undefined) entry.note = decision.note;
  if (decision.theirsCopy) entry.theirsPath = `${path}${THEIRS_SUFFIX}`;
  const after = decision.remove ? Buffer.alloc(0) : decision.write?.content;
  if (after === undefined) return entry;
  const before = ours?.content ?? Buffer.alloc(0);
  if (!isMergeableText(before) || !isMergeableText(after)) return entry;
  entry.diff = unifiedDiff(path, before.toString('utf8'), after.toString('utf8'), ours !== undefined);
  return entry;
}

function queue(planned: PlannedWork, path: string, decision: Decision): void {
  if (decision.write) planned.writes.push({ path, file: decision.write });
  if (decision.theirsCopy)
    planned.writes.push({ path: `${path}${THEIRS_SUFFIX}`, file: decision.theirsCopy });
  if (decision.remove) planned.removals.push(path);
}

/** Migrations for versions in (from, to], in version order: the steps this update crosses. */
export function crossedMigrations(target: Template, from: string, to: string): Migration[] {
  return target.manifest.migrations
    .filter((m) => gt(m.version, from) && lte(m.version, to))
    .sort((a, b) => compare(a.version, b.version));
}

/** The new record, or undefined when it would say the same as the old one (time stamps aside). */
function changedRecord(old: ProjectRecord, next: ProjectRecord): ProjectRecord | undefined {
  const essence = (r: ProjectRecord) =>
    canonical({ template: r.template, answers: r.answers, files: r.files });
  return essence(old) === essence(next) ? undefined : next;
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}
