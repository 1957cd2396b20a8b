import { stripVTControlCharacters } from 'node:util';
import { execa, type ResultPromise } from 'execa';
import { binPath, type TempHome } from './cli.js';

/** util-linux `script` gives a command a pseudo-terminal; without it the interactive tests skip. */
export const hasScript = (await execa('script', ['--version'], { reject: false })).exitCode === 0;

const quote = (arg: string) => `'${arg.replaceAll("'", "'\\''")}'`;

export interface PtySession {
  /** Resolves once the screen (escape codes stripped) shows text matching pattern after the last match. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Types keys into the terminal. */
  write(keys: string): void;
  /** Everything drawn so far, escape codes stripped. */
  screen(): string;
  done: ResultPromise;
}

export const keys = {
  enter: '\r',
  down: '\u001b[B',
  up: '\u001b[A',
  space: ' ',
  backspace: '\u007f',
  ctrlC: '\u0003',
};

/**
 * Runs the built CLI on a pseudo-terminal (sized, as a terminal window would be) in cwd, for tests
 * that answer prompts by writing keystrokes once the prompt is on screen.
 */
export function gtcxOnPty(args: string[], home: TempHome, cwd = home.root): PtySession {
  const command = `stty cols 120 rows 50; cd ${quote(cwd)} && ${[process.execPath, binPath, ...args].map(quote).join(' ')}`;
  const done = execa('script', ['-qec', command, '/dev/null'], {
    reject: false,
    extendEnv: false,
    env: { ...home.env, TERM: 'xterm-256color' },
    stdin: 'pipe',
    timeout: 60_000,
  });
  let output = '';
  let consumed = 0;
  const waiters = new Set<() => void>();
  done.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
    for (const wake of waiters) wake();
  });
  const screen = () => stripVTControlCharacters(output);
  return {
    screen,
    write: (text) => done.stdin?.write(text),
    done,
    waitFor: (pattern, timeoutMs = 20_000) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(screen().slice(consumed));
          if (!match) return false;
          consumed += match.index + match[0].length;
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out waiting for ${pattern} on screen:\n${screen().slice(consumed)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
        void done.then(() => {
          if (waiters.has(check) && !check()) {
            waiters.delete(check);
            clearTimeout(timer);
            reject(new Error(`the command ended before ${pattern} appeared:\n${screen()}`));
          }
        });
      }),
  };
}
