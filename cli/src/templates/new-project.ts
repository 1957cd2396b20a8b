import { resolve } from 'node:path';
import { type ConflictMode, GtcxError, resolveAnswers } from '@gtcx/core';
import type { GenerationReport } from '../backends/types.js';
import { configPath, readConfigFile } from '../config/file.js';
import { decideTrust, trustHowTo } from '../config/trust.js';
import { providedAnswers, withFlagHint } from './answers.js';
import { openTemplateBackend } from './backend.js';
import { manifestOf } from './generate-rendered.js';
import { inkAsk, inkResolveConflict, promptStream } from './prompting.js';
import { dryRunText, generatedText } from './report.js';
import { checkTarget, defaultTarget, nextSteps } from './target.js';
import { gtcxVersion } from './version.js';

export interface NewProjectOptions {
  template: string;
  dir: string | undefined;
  set: string[] | undefined;
  answers: string | undefined;
  defaults: boolean;
  dryRun: boolean;
  conflict: ConflictMode | undefined;
  trust: boolean;
  version: string | undefined;
  offline: boolean;
  server: string | undefined;
  json: boolean;
}

/**
 * gtcx new: the template's questions from the backend, answers resolved here (given, defaulted or
 * asked), then the backend generates. Everything that can be refused (bad answers, a target under a
 * file, a conflict without a way to settle it) is refused before the first write.
 */
export async function newProject(options: NewProjectOptions): Promise<GenerationReport> {
  const stream = promptStream(options.json);
  const conflict = options.conflict ?? (stream ? 'ask' : 'fail');
  if (conflict === 'ask' && !stream) {
    throw new GtcxError('bad_request', '--conflict ask needs a terminal to ask on', {
      hint: 'pass --conflict skip, overwrite or fail',
    });
  }
  const provided = await providedAnswers(options);
  const config = await readConfigFile(configPath(process.env));
  const backend = await openTemplateBackend(options);
  try {
    const info = await backend.getTemplate(options.template, options.version);
    const answers = await resolveAnswers(manifestOf(info), {
      provided,
      useDefaults: options.defaults,
      gtcxVersion: gtcxVersion(),
      ...(stream ? { ask: inkAsk(stream) } : {}),
    }).catch((error: unknown) => {
      throw withFlagHint(error, info.questions);
    });
    const trust = decideTrust(info.source, options.trust, config.values, process.env);
    if (trust.trusted && !options.trust) process.stderr.write(`Trusting ${info.source}: ${trust.reason}\n`);
    const targetDir = options.dir === undefined ? defaultTarget(info, answers) : resolve(options.dir);
    checkTarget(targetDir);
    const report = await backend.generate({
      ref: info.source,
      version: info.version,
      answers,
      targetDir,
      conflict,
      dryRun: options.dryRun,
      trust: trust.trusted,
      ...(stream && conflict === 'ask' ? { resolveConflict: inkResolveConflict(stream) } : {}),
      gtcxVersion: gtcxVersion(),
      hookStdio: options.json ? 'pipe' : 'inherit',
    });
    if (report.hooks.message && report.hooks.skipped.length > 0) {
      report.hooks.message = `${report.hooks.message}; or ${trustHowTo(info.source).replace(/^pass --trust, or /, '')}`;
    }
    if (!options.json)
      process.stdout.write(report.dryRun ? dryRunText(report) : generatedText(report, nextSteps(report)));
    return report;
  } finally {
    await backend.close();
  }
}
