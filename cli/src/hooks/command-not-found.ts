import { errorCodes } from '@gtcx/core/errors';
import type { Hook } from '@oclif/core';
import { renderFailure } from '../base-command.js';
import { type Failure, failureJson } from '../failure.js';

/** Edit distance, to suggest the command a typo was meant to be. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

function closest(id: string, candidates: string[]): string | undefined {
  const ranked = candidates
    .filter((candidate) => !candidate.startsWith('plugins:') || id.startsWith('plugins'))
    .map((candidate) => ({ candidate, score: distance(id, candidate) }))
    .sort((a, b) => a.score - b.score);
  const best = ranked[0];
  return best && best.score <= Math.max(2, Math.floor(id.length / 3)) ? best.candidate : undefined;
}

function unknownCommand(bin: string, id: string, known: string[]): Failure {
  if (id.startsWith('-')) {
    return {
      code: 'unknown_command',
      message: `unknown flag ${id}`,
      hint: `Run ${bin} --help for the list of commands and flags`,
      exitCode: errorCodes.unknown_command.exit,
    };
  }
  const suggestion = closest(id, known);
  return {
    code: 'unknown_command',
    message: `unknown command "${bin} ${id.replaceAll(':', ' ')}"`,
    hint: suggestion
      ? `Did you mean "${bin} ${suggestion.replaceAll(':', ' ')}"? Run ${bin} --help for the list of commands`
      : `Run ${bin} --help for the list of commands`,
    exitCode: errorCodes.unknown_command.exit,
  };
}

/**
 * oclif's own message for an unknown command is a bare "command x not found"; this one names the
 * problem, suggests the nearest command, points at --help, and exits 127 as shells do.
 */
const hook: Hook.CommandNotFound = async ({ id, argv = [], config }) => {
  const known = [...config.commandIDs, ...config.topics.map((topic) => topic.name)];
  let failure: Failure;
  // `gtcx help [topic] [command]` is what many people type first; answer it as --help would.
  if (id === 'help' || id.startsWith('help:')) {
    const subject = [...id.split(':').slice(1), ...argv];
    const { loadHelpClass } = await import('@oclif/core');
    const Help = await loadHelpClass(config);
    try {
      await new Help(config, config.pjson.oclif.helpOptions).showHelp(subject);
      return;
    } catch {
      failure = unknownCommand(config.bin, subject.join(':'), known);
    }
  } else {
    failure = unknownCommand(config.bin, id, known);
  }
  process.exitCode = failure.exitCode;
  if (argv.includes('--json')) process.stdout.write(`${JSON.stringify(failureJson(failure), null, 2)}\n`);
  else process.stderr.write(renderFailure(failure));
};

export default hook;
