import { relative } from 'node:path';
import type { GenerationReport } from '../backends/types.js';
import { paint } from '../output.js';

type Style = Parameters<typeof paint>[1];

const actionStyles: Record<string, Style> = {
  create: 'green',
  overwrite: 'yellow',
  modify: 'yellow',
  merge: 'yellow',
  update: 'green',
  conflict: 'red',
  delete: 'red',
  skip: 'dim',
  inject: 'yellow',
  identical: 'dim',
  unchanged: 'dim',
  'keep-deleted': 'dim',
  'keep-modified': 'dim',
};

/** The widest action name, so every path starts in one column. */
const actionWidth = Math.max(...Object.keys(actionStyles).map((action) => action.length));

/** `  create        src/index.ts`, coloured by what happens to the file; never run into the path. */
export function actionLine(action: string, path: string, note?: string): string {
  const label = paint(process.stdout, actionStyles[action] ?? 'reset', `${action.padEnd(actionWidth)} `);
  return `  ${label}${path}${note ? paint(process.stdout, 'dim', `  (${note})`) : ''}`;
}

/** A unified diff with + and - lines coloured for a terminal. */
export function colouredDiff(diff: string): string {
  return diff
    .trimEnd()
    .split('\n')
    .map((line) =>
      line.startsWith('+') && !line.startsWith('+++')
        ? paint(process.stdout, 'green', line)
        : line.startsWith('-') && !line.startsWith('---')
          ? paint(process.stdout, 'red', line)
          : line,
    )
    .join('\n');
}

/** How a path reads in a next step: relative to where the user stands. */
export function shownPath(target: string, cwd = process.cwd()): string {
  const rel = relative(cwd, target);
  if (rel === '') return '.';
  return rel.startsWith('..') ? target : `./${rel}`;
}

/** The plan of a dry run: every file with its action, then the diffs. */
export function dryRunText(report: GenerationReport): string {
  const { template } = report;
  const lines = [
    `Dry run: ${template.name} ${template.version} into ${shownPath(report.target)} (nothing written)`,
  ];
  for (const file of report.files) lines.push(actionLine(file.action, file.path));
  for (const injection of report.injections) {
    lines.push(
      actionLine(injection.action === 'modify' ? 'inject' : 'skip', injection.file, injection.reason),
    );
  }
  for (const file of report.files.filter((f) => f.diff)) lines.push('', colouredDiff(file.diff ?? ''));
  if (report.hooks.skipped.length > 0) {
    lines.push('', `Hooks (not run in a dry run): ${report.hooks.skipped.join(' && ')}`);
  }
  return `${lines.join('\n')}\n`;
}

/** What `gtcx new` did: the files, the hooks skipped and how to run them, the next steps. */
export function generatedText(report: GenerationReport, nextSteps: string[]): string {
  const { template } = report;
  const lines = [`Generated ${template.name} ${template.version} in ${shownPath(report.target)}`];
  for (const file of report.files) lines.push(actionLine(file.action, file.path));
  for (const injection of report.injections) {
    lines.push(
      actionLine(injection.action === 'modify' ? 'inject' : 'skip', injection.file, injection.reason),
    );
  }
  const counts = new Map<string, number>();
  for (const file of report.files) counts.set(file.action, (counts.get(file.action) ?? 0) + 1);
  lines.push(
    '',
    [...counts].map(([action, count]) => `${count} ${countLabel(action)}`).join(', ') || 'no files',
  );
  if (report.hooks.ran.length > 0) lines.push(`Hooks run: ${report.hooks.ran.join(' && ')}`);
  if (report.hooks.message) lines.push(paint(process.stdout, 'yellow', capitalised(report.hooks.message)));
  if (nextSteps.length > 0) lines.push('', 'Next steps:', ...nextSteps.map((step) => `  ${step}`));
  return `${lines.join('\n')}\n`;
}

function countLabel(action: string): string {
  const labels: Record<string, string> = {
    create: 'created',
    overwrite: 'overwritten',
    skip: 'skipped',
    identical: 'identical',
    modify: 'modified',
    conflict: 'in conflict',
  };
  return labels[action] ?? action;
}

function capitalised(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}
