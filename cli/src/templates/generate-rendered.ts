import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import {
  applyGeneration,
  buildProjectRecord,
  GtcxError,
  planGeneration,
  projectRecordPath,
  runHooks,
  serializeProjectRecord,
  skippedMessage,
  type TemplateManifest,
} from '@gtcx/core';
import type { GenerateRequest, GenerationReport, RenderedTemplate, TemplateInfo } from '../backends/types.js';

/**
 * gtcx new for a tree rendered elsewhere (by a server): the same steps core's generateProject takes
 * after rendering, so the project on disk is the one an offline run writes. Plan against the
 * target, then (unless dry-run) pre hooks, one staged write of the files and .gtcx/project.json,
 * and post hooks, hooks only with trust.
 */
export async function generateRendered(
  info: TemplateInfo,
  rendered: RenderedTemplate,
  request: GenerateRequest,
): Promise<GenerationReport> {
  const target = resolve(request.targetDir);
  if (rendered.files.has(projectRecordPath)) {
    throw new GtcxError(
      'validation_failed',
      `template ${info.name} renders ${projectRecordPath}, which gtcx owns`,
      {
        hint: `remove files/${projectRecordPath} from the template`,
        details: { path: projectRecordPath },
      },
    );
  }
  const plan = await planGeneration(target, rendered.files, {
    conflict: request.conflict,
    diffs: request.dryRun ? 'all' : 'changes',
  });
  const record = buildProjectRecord({
    source: rendered.source,
    manifest: manifestOf(info),
    answers: request.answers,
    rendered: rendered.files,
    gtcxVersion: request.gtcxVersion,
    now: new Date(),
  });
  plan.files.push({
    path: projectRecordPath,
    action: existsSync(resolve(target, projectRecordPath)) ? 'overwrite' : 'create',
    content: Buffer.from(serializeProjectRecord(record), 'utf8'),
    mode: 0o644,
  });

  const report: GenerationReport = {
    target,
    template: { name: rendered.name, version: rendered.version, source: rendered.source },
    files: plan.files.map(({ path, action, diff }) => ({
      path,
      action,
      ...(diff === undefined ? {} : { diff }),
    })),
    injections: [],
    hooks: { ran: [], skipped: [] },
    dryRun: request.dryRun,
  };
  const { pre, post } = rendered.hooks;
  if (request.dryRun) {
    report.hooks.skipped = [...pre, ...post];
    return report;
  }

  const hookOptions = {
    trusted: request.trust,
    stdio: request.hookStdio,
    env: { GTCX_TARGET: target, GTCX_TEMPLATE_NAME: rendered.name, GTCX_TEMPLATE_VERSION: rendered.version },
  };
  const preRun = await runHooks(pre, { ...hookOptions, cwd: existingDir(target) });
  const applied = await applyGeneration(target, plan, {
    ...(request.resolveConflict ? { resolveConflict: request.resolveConflict } : {}),
  });
  report.files = applied.map((file, index) => {
    const diff = plan.files[index]?.diff;
    return { ...file, ...(diff === undefined ? {} : { diff }) };
  });
  const postRun = await runHooks(post, { ...hookOptions, cwd: target });
  const skipped = [...preRun.skipped, ...postRun.skipped];
  report.hooks = {
    ran: [...preRun.ran, ...postRun.ran],
    skipped,
    ...(skipped.length > 0 ? { message: skippedMessage(skipped) } : {}),
  };
  return report;
}

/** What the record needs of the manifest: name, version, and which questions are secret. */
export function manifestOf(info: TemplateInfo): TemplateManifest {
  return {
    name: info.name,
    version: info.version,
    ...(info.description ? { description: info.description } : {}),
    questions: info.questions,
    ignore: [],
    injections: [],
    hooks: { pre: [], post: [] },
    migrations: [],
  };
}

function existingDir(path: string): string {
  let current = path;
  while (!existsSync(current) && dirname(current) !== current) current = dirname(current);
  return current;
}
