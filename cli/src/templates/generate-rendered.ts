import { type TemplateManifest, writeGeneration } from '@gtcx/core';
import type { GenerateRequest, GenerationReport, RenderedTemplate, TemplateInfo } from '../backends/types.js';

/**
 * gtcx new for a tree rendered elsewhere (by a server): core's writeGeneration, the very steps an
 * offline run takes after rendering, so the project on disk is the one an offline run writes.
 */
export function generateRendered(
  info: TemplateInfo,
  rendered: RenderedTemplate,
  request: GenerateRequest,
): Promise<GenerationReport> {
  return writeGeneration({
    manifest: { ...manifestOf(info), hooks: rendered.hooks },
    rendered: rendered.files,
    injections: rendered.injections,
    targetDir: request.targetDir,
    answers: request.answers,
    source: { ref: rendered.source, kind: rendered.source.startsWith('@') ? 'pack' : 'builtin' },
    conflict: request.conflict,
    dryRun: request.dryRun,
    trust: request.trust,
    ...(request.resolveConflict ? { resolveConflict: request.resolveConflict } : {}),
    gtcxVersion: request.gtcxVersion,
    hooks: { stdio: request.hookStdio },
  });
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
