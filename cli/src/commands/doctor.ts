import { backendFlags, GtcxCommand } from '../base-command.js';
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
    'Checks the Node.js version, the config file, that the data dir is writable, that the SQLite native module loads, that the local store opens, and that the configured server (if any) is reachable and ready. Exits non-zero when a check fails, with the fix for each.';
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
    let report: DoctorReport;
    if (!this.jsonEnabled() && interactive()) {
      // Ink and React load only here, for a person at a terminal.
      const { showDoctor } = await import('../ui/DoctorView.js');
      report = await showDoctor((onCheck) => runDoctor(options, onCheck));
    } else {
      report = await runDoctor(options, (check) => this.printCheck(check));
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
