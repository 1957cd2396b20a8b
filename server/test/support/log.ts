import { Writable } from 'node:stream';

export interface CapturedLog {
  lines: Array<Record<string, unknown>>;
  /** Pass as buildApp's logger option. */
  logger: { level: string; stream: Writable };
}

/** A pino destination that keeps every JSON line, to assert on what was logged and at which level. */
export function captureLog(level = 'info'): CapturedLog {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line.trim() !== '') lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, logger: { level, stream } };
}

/** pino's numeric level for error. */
export const errorLevel = 50;
