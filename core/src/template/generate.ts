import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import satisfies from 'semver/functions/satisfies.js';
import { GtcxError } from '../errors.js';
import { type ApplyIo, applyGeneration } from './apply.js';
import { type HookExec, runHooks, skippedMessage } from './hooks.js';
import {
  type ConflictMode,
  type FileAction,
  type PlannedFile,
  type PlannedInjection,
  planGeneration,
} from './plan.js';
import { buildProjectRecord, projectRecordPath, serializeProjectRecord } from './record.js';
import { type RenderedInjection, renderInjections, renderTemplate } from './render.js';
import type { Answers, RenderedFile, RenderedTree, Template, TemplateManifest } from './types.js';

export interface GenerateOptions {
  template: Template;
  targetDir: string;
  /** Resolved answers (resolveAnswers). */
  answers: Answers;
  /** Where the template came from; ref is recorded and accepted again by the source resolver. */
  source: { ref: string; kind: string };
  conflict: ConflictMode;
  /** Plan with diffs, write nothing, run nothing. */
  dryRun: boolean;
  /** Run the template's hooks (otherwise they are listed as skipped). */
  trust: boolean;
  resolveConflict?: (entry: PlannedFile) => Promise<'overwrite' | 'skip'>;
  gtcxVersion: string;
  now?: () => Date;
  hooks?: { exec?: HookExec; stdio?: 'inherit' | 'pipe' | 'ignore' };
  /** For tests: the file operations of the staged write. */
  io?: ApplyIo;
}

export interface GenerationResult {
  target: string;
  template: { name: string; version: string; source: string };
  files: { path: string; action: FileAction; diff?: string }[];
  injections: PlannedInjection[];
  hooks: { ran: string[]; skipped: string[]; message?: string };
  dryRun: boolean;
}

/**
 * gtcx new: render, then write the generation (see writeGeneration). Hooks run only with trust.
 */
export async function generateProject(options: GenerateOptions): Promise<GenerationResult> {
  const { template, answers } = options;
  checkEngine(template.manifest, options.gtcxVersion);
  const now = options.now ?? (() => new Date());
  const renderOptions = { gtcxVersion: options.gtcxVersion, now };
  return writeGeneration({
    ...options,
    manifest: template.manifest,
    rendered: await renderTemplate(template, answers, renderOptions),
    injections: renderInjections(template, answers, renderOptions),
    now,
  });
}

export interface WriteGenerationOptions extends Omit<GenerateOptions, 'template'> {
  /** The manifest of the rendered template: its name, version, questions (secrets) and hooks. */
  manifest: TemplateManifest;
  rendered: RenderedTree;
  injections: RenderedInjection[];
}

/**
 * Everything gtcx new does after rendering, wherever the rendering happened (here, or on a server):
 * plan against the target, then (unless dry-run) pre hooks, one staged write of the files, injections
 * and .gtcx/project.json, and post hooks. Pre hooks run before anything is written, in the target
 * if it exists, else in its parent.
 */
export async function writeGeneration(options: WriteGenerationOptions): Promise<GenerationResult> {
  const { manifest, rendered, answers } = options;
  const now = options.now ?? (() => new Date());
  const target = resolve(options.targetDir);
  if (rendered.has(projectRecordPath)) {
    throw new GtcxError(
      'validation_failed',
      `template ${manifest.name} renders ${projectRecordPath}, which gtcx owns`,
      {
        hint: `remove files/${projectRecordPath} from the template`,
        details: { path: projectRecordPath },
      },
    );
  }
  const plan = await planGeneration(target, rendered, {
    conflict: options.conflict,
    injections: options.injections,
    diffs: options.dryRun ? 'all' : 'changes',
  });
  // The record hashes files as written: rendered, then changed by injections into them.
  const written = new Map(
    plan.files
      .filter((file) => rendered.has(file.path))
      .map((file) => [file.path, rendered.get(file.path) as RenderedFile]),
  );
  for (const file of plan.files) {
    if (file.content && written.has(file.path))
      written.set(file.path, { content: file.content, mode: file.mode ?? 0o644 });
  }
  const record = buildProjectRecord({
    source: options.source.ref,
    manifest,
    answers,
    rendered: written,
    gtcxVersion: options.gtcxVersion,
    now: now(),
  });
  plan.files.push({
    path: projectRecordPath,
    action: existsSync(resolve(target, projectRecordPath)) ? 'overwrite' : 'create',
    content: Buffer.from(serializeProjectRecord(record), 'utf8'),
    mode: 0o644,
  });

  const result: GenerationResult = {
    target,
    template: { name: manifest.name, version: manifest.version, source: options.source.ref },
    files: plan.files.map(({ path, action, diff }) => ({
      path,
      action,
      ...(diff === undefined ? {} : { diff }),
    })),
    injections: plan.injections,
    hooks: { ran: [], skipped: [] },
    dryRun: options.dryRun,
  };
  if (options.dryRun) {
    result.hooks.skipped = [...manifest.hooks.pre, ...manifest.hooks.post];
    return result;
  }

  const hookOptions = {
    trusted: options.trust,
    env: {
      GTCX_TARGET: target,
      GTCX_TEMPLATE_NAME: manifest.name,
      GTCX_TEMPLATE_VERSION: manifest.version,
    },
    ...(options.hooks?.exec ? { exec: options.hooks.exec } : {}),
    ...(options.hooks?.stdio ? { stdio: options.hooks.stdio } : {}),
  };
  const pre = await runHooks(manifest.hooks.pre, { ...hookOptions, cwd: existingDir(target) });
  const applied = await applyGeneration(target, plan, {
    ...(options.resolveConflict ? { resolveConflict: options.resolveConflict } : {}),
    ...(options.io ? { io: options.io } : {}),
  });
  result.files = applied.map((file, index) => {
    const diff = plan.files[index]?.diff;
    return { ...file, ...(diff === undefined ? {} : { diff }) };
  });
  const post = await runHooks(manifest.hooks.post, { ...hookOptions, cwd: target });
  const skipped = [...pre.skipped, ...post.skipped];
  result.hooks = {
    ran: [...pre.ran, ...post.ran],
    skipped,
    ...(skipped.length > 0 ? { message: skippedMessage(skipped) } : {}),
  };
  return result;
}

/** Refuses a template whose engines.gtcx range this gtcx does not satisfy. */
export function checkEngine(manifest: TemplateManifest, gtcxVersion: string): void {
  const range = manifest.engines?.gtcx;
  if (range === undefined || satisfies(gtcxVersion, range, { includePrerelease: true })) return;
  throw new GtcxError(
    'precondition_failed',
    `template ${manifest.name} needs gtcx ${range}, this is ${gtcxVersion}`,
    {
      hint: 'upgrade gtcx, or use an older version of the template',
      details: { required: range, gtcxVersion },
    },
  );
}

function existingDir(path: string): string {
  let current = path;
  while (!existsSync(current) && dirname(current) !== current) current = dirname(current);
  return current;
}
