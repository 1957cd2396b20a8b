import { Command, Errors, Flags } from '@oclif/core';
import { type Failure, failureJson, toFailure } from './failure.js';
import { paint } from './output.js';

/**
 * Flags for commands that talk to a backend. Not on every command: `gtcx server start` has its own
 * --host and --port, and `gtcx config ...` only touches the config file. The token is never a flag
 * (it would land in shell history and process listings): GTCX_TOKEN only.
 */
export const backendFlags = {
  offline: Flags.boolean({
    description: 'Work against the local store even when a server is configured.',
    env: 'GTCX_OFFLINE',
    helpGroup: 'BACKEND',
  }),
  server: Flags.string({
    description: 'Base URL of a gtcx server to work against (the token comes from GTCX_TOKEN).',
    env: 'GTCX_SERVER',
    helpValue: 'URL',
    helpGroup: 'BACKEND',
  }),
};

/**
 * Every gtcx command: --json on all of them, and one way to report failure. A failure is one line
 * naming the problem, one line naming the fix, and a stable exit code; under --json the same object
 * goes to stdout so scripts never parse prose.
 */
export abstract class GtcxCommand extends Command {
  static override enableJsonFlag = true;

  /** How a person would type this command, for hints: "gtcx config set". */
  protected get commandLine(): string {
    return ['gtcx', ...(this.id ?? '').split(':')].join(' ').trim();
  }

  protected override async catch(error: Error & { exitCode?: number }): Promise<void> {
    // this.exit() travels as an error; it is a decision, not a failure.
    if (error instanceof Errors.ExitError) throw error;
    // A parse that threw still parsed: without this, oclif warns "did not parse its arguments" under
    // NODE_ENV=development or test, on top of the real error.
    this.parsed = true;
    const failure = toFailure(error, this.commandLine);
    process.exitCode = failure.exitCode;
    if (this.jsonEnabled()) {
      this.logJson(failureJson(failure));
    } else {
      process.stderr.write(renderFailure(failure));
      if (process.env.DEBUG && error instanceof Error && error.stack)
        process.stderr.write(`${error.stack}\n`);
    }
  }
}

export function renderFailure(failure: Failure): string {
  const lines = [`${paint(process.stderr, 'red', 'Error:')} ${failure.message}`];
  if (failure.hint) lines.push(`${paint(process.stderr, 'dim', 'Hint:')} ${failure.hint}`);
  return `${lines.join('\n')}\n`;
}
