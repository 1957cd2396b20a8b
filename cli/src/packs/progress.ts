import { formatBytes } from './format.js';

/** What an install reports as it goes; the command picks a view (Ink, plain lines, or nothing). */
export interface InstallProgress {
  downloading(label: string, received: number, total: number | undefined): void;
  downloaded(label: string, bytes: number): void;
  extracting(label: string): void;
  installed(label: string, dir: string, reused: boolean): void;
  done(): void;
}

export const silentProgress: InstallProgress = {
  downloading() {},
  downloaded() {},
  extracting() {},
  installed() {},
  done() {},
};

/** One line per finished step, for pipes, CI logs and NO_COLOR terminals. */
export function plainProgress(write: (line: string) => void): InstallProgress {
  return {
    downloading() {},
    downloaded: (label, bytes) => write(`downloaded ${label} (${formatBytes(bytes)})`),
    extracting: (label) => write(`extracting ${label}`),
    installed: (label, dir, reused) => write(`${reused ? 'up to date' : 'installed'} ${label} -> ${dir}`),
    done() {},
  };
}
