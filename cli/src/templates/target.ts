import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Answers } from '@gtcx/core';
import { GtcxError } from '@gtcx/core/errors';
import type { GenerationReport, TemplateInfo } from '../backends/types.js';
import { shownPath } from './report.js';

/**
 * Where `gtcx new` writes when no directory is given: ./<name> when the template asks for a name
 * (a scoped package name @acme/utils goes to ./utils), else the current directory.
 */
export function defaultTarget(info: TemplateInfo, answers: Answers, cwd = process.cwd()): string {
  const asksName = info.questions.some((question) => question.name === 'name');
  const name = answers.name;
  if (!asksName || typeof name !== 'string' || name.trim() === '') return cwd;
  const unscoped = name.trim().split('/').at(-1) ?? name;
  return resolve(cwd, unscoped);
}

/**
 * Refuses, before anything is rendered, a target that cannot become a directory: a file, or a path
 * below one. (Permissions are checked where the write is staged.)
 */
export function checkTarget(target: string): void {
  for (let path = target; ; path = dirname(path)) {
    const stats = statOrUndefined(path);
    if (stats?.isDirectory()) return;
    if (stats) {
      const where = path === target ? `${target} is a file` : `${path} is a file, not a directory`;
      throw new GtcxError('data_dir_not_writable', `cannot generate into ${target}: ${where}`, {
        hint: 'pass a directory that exists or can be created, e.g. gtcx new <template> ./my-project',
        details: { target, blocker: path },
      });
    }
    if (dirname(path) === path) return;
  }
}

function statOrUndefined(path: string) {
  try {
    return statSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** What to do next: enter the project, then install and test it when it is an npm package. */
export function nextSteps(report: GenerationReport, cwd = process.cwd()): string[] {
  const steps: string[] = [];
  if (resolve(report.target) !== resolve(cwd)) steps.push(`cd ${shownPath(report.target, cwd)}`);
  if (report.hooks.skipped.length > 0)
    steps.push(`review and run the skipped hooks: ${report.hooks.skipped.join(' && ')}`);
  const scripts = packageScripts(report.target);
  if (scripts) {
    steps.push('npm install');
    if (scripts.test) steps.push('npm test');
  }
  return steps;
}

function packageScripts(target: string): Record<string, string> | undefined {
  try {
    const pkg = JSON.parse(readFileSync(join(target, 'package.json'), 'utf8')) as {
      scripts?: Record<string, string>;
    };
    return pkg.scripts ?? {};
  } catch {
    return undefined;
  }
}
