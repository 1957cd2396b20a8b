import { styleText } from 'node:util';

type Style = Parameters<typeof styleText>[0];

/**
 * Colour only for a person at a terminal: never into a pipe or a file, never under NO_COLOR
 * (https://no-color.org: any non-empty value) or TERM=dumb.
 */
export function colorEnabled(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}

/**
 * A CI job, even one given a pseudo-terminal: nobody answers prompts there, and Ink itself draws
 * only its last frame (the same test as Ink's is-in-ci).
 */
export function inCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const set = (name: string) => env[name] !== undefined && env[name] !== '0' && env[name] !== 'false';
  return set('CI') || set('CONTINUOUS_INTEGRATION');
}

/**
 * Interactive views (Ink, spinners, prompts) need a terminal at both ends, a person who has not asked
 * for plain output, and a known width to lay out in (some pseudo-terminals report 0 columns).
 */
export function interactive(env: NodeJS.ProcessEnv = process.env): boolean {
  return (
    process.stdin.isTTY === true &&
    (process.stdout.columns ?? 0) > 0 &&
    colorEnabled(process.stdout, env) &&
    !inCi(env)
  );
}

export function paint(stream: NodeJS.WriteStream, style: Style, text: string): string {
  return colorEnabled(stream) ? styleText(style, text) : text;
}
