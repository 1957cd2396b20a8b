import { GtcxError } from '../errors.js';

/** Runs one shell command; rejects when it fails (an exitCode on the error is reported). */
export type HookExec = (
  command: string,
  options: { cwd: string; env?: Record<string, string> },
) => Promise<unknown>;

export interface RunHooksOptions {
  cwd: string;
  /** --trust, or a source trusted in config. Untrusted hooks are listed and skipped, never run. */
  trusted: boolean;
  /** Defaults to execa with a shell. */
  exec?: HookExec;
  /** Extra environment for the commands. */
  env?: Record<string, string>;
  /** The default exec's stdio: 'inherit' (default) shows the output; 'pipe' or 'ignore' keeps stdout clean for --json. */
  stdio?: 'inherit' | 'pipe' | 'ignore';
  /** Told about skipped commands, with the message to show the user. */
  onSkip?: (commands: string[], message: string) => void;
}

export interface HookRun {
  ran: string[];
  skipped: string[];
  /** How to run the skipped commands, when some were skipped. */
  message?: string;
}

/**
 * Template hooks run code from the template's author, so they run only when trusted; otherwise
 * they are reported with how to run them. Commands run in order, in cwd, and the first failure stops
 * the rest.
 */
export async function runHooks(commands: string[], options: RunHooksOptions): Promise<HookRun> {
  if (commands.length === 0) return { ran: [], skipped: [] };
  if (!options.trusted) {
    const message = skippedMessage(commands);
    options.onSkip?.(commands, message);
    return { ran: [], skipped: [...commands], message };
  }
  const exec = options.exec ?? shellExec(options.stdio ?? 'inherit');
  const ran: string[] = [];
  for (const command of commands) {
    try {
      await exec(command, { cwd: options.cwd, ...(options.env ? { env: options.env } : {}) });
    } catch (error) {
      const exitCode = (error as { exitCode?: unknown }).exitCode;
      const status = typeof exitCode === 'number' ? `exit code ${exitCode}` : (error as Error).message;
      throw new GtcxError('internal', `hook "${command}" failed (${status})`, {
        hint: `fix the cause and run it yourself in ${options.cwd}${commands.length > ran.length + 1 ? `, then: ${commands.slice(ran.length + 1).join(' && ')}` : ''}`,
        details: { command, exitCode: typeof exitCode === 'number' ? exitCode : null, ran },
        cause: error,
      });
    }
    ran.push(command);
  }
  return { ran, skipped: [] };
}

/** The text shown when hooks are skipped. */
export function skippedMessage(commands: string[]): string {
  return `skipped ${commands.length} hook command${commands.length === 1 ? '' : 's'} from an untrusted template: ${commands.join(' && ')}; review them and pass --trust to run them, or run them yourself`;
}

function shellExec(stdio: 'inherit' | 'pipe' | 'ignore'): HookExec {
  return async (command, { cwd, env }) => {
    // Loaded on first use: execa costs start-up time that a run without hooks should not pay.
    const { execa } = await import('execa');
    await execa(command, { shell: true, cwd, stdio, ...(env ? { env } : {}) });
  };
}
