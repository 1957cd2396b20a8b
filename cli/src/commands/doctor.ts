import { stat } from 'node:fs/promises';
import { backendFlags, GtcxCommand } from '../base-command.js';
import { credentialsPath } from '../credentials/store.js';
import type { DoctorCheck } from '../doctor/checks.js';
import { type DoctorReport, runDoctor } from '../doctor/run.js';
import { interactive, paint } from '../output.js';

const marks: Record<DoctorCheck['status'], { text: string; style: 'green' | 'red' | 'dim' }> = {
  pass: { text: 'ok  ', style: 'green' },
  fail: { text: 'FAIL', style: 'red' },
  skip: { text: 'skip', style: 'dim' },
};

export default class Doctor extends GtcxCommand {
  static override summary = 'Check that gtcx can run here.';
  static override description =
    'Checks the Node.js version, the config file, that the data dir is writable, that the SQLite native module loads, that the local store opens, that the configured server (if any) is reachable and ready, and that the credentials file (if any) is readable by you alone. Exits non-zero when a check fails, with the fix for each.';
  static override examples = [
    { command: '<%= config.bin %> doctor', description: 'Run every check.' },
    {
      command: '<%= config.bin %> doctor --server https://gtcx.example.com --json',
      description: 'Include a server and report as JSON.',
    },
  ];
  static override flags = { ...backendFlags };

  async run(): Promise<DoctorReport> {
    const { flags } = await this.parse(Doctor);
    const options = { offline: flags.offline, server: flags.server, env: process.env };
    const credentials = await credentialsCheck(process.env);
    const runAll = async (onCheck: (check: DoctorCheck) => void): Promise<DoctorReport> => {
      const report = await runDoctor(options, onCheck);
      onCheck(credentials);
      return { ok: report.ok && credentials.status !== 'fail', checks: [...report.checks, credentials] };
    };
    let report: DoctorReport;
    if (!this.jsonEnabled() && interactive()) {
      // Ink and React load only here, for a person at a terminal.
      const { showDoctor } = await import('../ui/DoctorView.js');
      report = await showDoctor(runAll);
      // The terminal view draws the shared checks only (and may redraw the whole screen), so this
      // one is printed once it has finished; its summary already counts it.
      this.printCheck(credentials);
    } else {
      report = await runAll((check) => this.printCheck(check));
      const failures = report.checks.filter((c) => c.status === 'fail').length;
      this.log(failures === 0 ? 'All checks passed.' : `${failures} check(s) failed.`);
    }
    if (!report.ok) process.exitCode = 1;
    return report;
  }

  private printCheck(check: DoctorCheck): void {
    const mark = marks[check.status];
    this.log(`${paint(process.stdout, mark.style, mark.text)}  ${check.name.padEnd(8)}  ${check.detail}`);
    if (check.hint) this.log(`${' '.repeat(16)}fix: ${check.hint}`);
  }
}

/**
 * The file `gtcx login` keeps tokens in: absent is fine; readable by others, or someone else's, is a
 * failure, since those tokens may already be in other hands (commands refuse to use it then).
 */
export async function credentialsCheck(env: NodeJS.ProcessEnv): Promise<DoctorCheck> {
  const path = credentialsPath(env);
  const name = 'credentials';
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      return { name, status: 'pass', detail: `${path} does not exist (not logged in with gtcx login)` };
    }
    return {
      name,
      status: 'fail',
      detail: `${path} cannot be examined: ${(error as Error).message}`,
      hint: `make its directory readable by you, then chmod 600 ${path}`,
    };
  }
  if (!info.isFile()) {
    return {
      name,
      status: 'fail',
      detail: `${path} is not a regular file`,
      hint: `move it out of the way (mv ${path} ${path}.bak) and run gtcx login again`,
    };
  }
  if (process.platform === 'win32') return { name, status: 'pass', detail: `${path} exists` };
  const mode = (info.mode & 0o777).toString(8).padStart(4, '0');
  const uid = process.getuid?.();
  if (uid !== undefined && info.uid !== uid) {
    return {
      name,
      status: 'fail',
      detail: `${path} belongs to another user (uid ${info.uid}, mode ${mode})`,
      hint: `take it over (sudo chown ${uid} ${path}) and chmod 600 ${path}, or remove it and run gtcx login again`,
    };
  }
  if ((info.mode & 0o077) !== 0) {
    return {
      name,
      status: 'fail',
      detail: `${path} is open to other users (mode ${mode}); it should be 0600`,
      hint: `chmod 600 ${path}, then gtcx logout and gtcx login to replace tokens others may have read`,
    };
  }
  return { name, status: 'pass', detail: `${path} is private (mode ${mode})` };
}
