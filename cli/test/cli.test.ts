import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { binPath, gtcx, type TempHome, tempHome } from './support/cli.js';

const version = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
const recorder = fileURLToPath(new URL('./support/record-imports.mjs', import.meta.url));
// util-linux `script` gives a command a pseudo-terminal, so the interactive path can be exercised.
const hasScript = (await execa('script', ['--version'], { reject: false })).exitCode === 0;

let home: TempHome;
beforeEach(() => {
  home = tempHome();
});
afterEach(() => home.cleanup());

describe('gtcx --version', () => {
  it("prints oclif's version line for both spellings", async () => {
    const expected = `gtcx/${version} ${process.platform}-${process.arch} node-${process.version}`;
    for (const flag of ['--version', '-v']) {
      const result = await gtcx([flag], home);
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toBe(expected);
      expect(result.stderr).toBe('');
    }
  });

  it("matches oclif's own version line (the path taken when more arguments follow)", async () => {
    const fast = await gtcx(['--version'], home);
    const oclif = await gtcx(['--version', 'ignored'], home);
    expect(oclif.exitCode).toBe(0);
    expect(oclif.stdout).toBe(fast.stdout);
  });
});

describe('gtcx --help', () => {
  it('lists the topics and commands', async () => {
    const result = await gtcx(['--help'], home);
    expect(result.exitCode).toBe(0);
    for (const line of [/^ {2}server\s+Run and migrate a gtcx server/m, /^ {2}config\s+Read and write/m]) {
      expect(result.stdout).toMatch(line);
    }
    expect(result.stdout).toMatch(/^ {2}doctor\s+Check that gtcx can run here/m);
  });

  it('shows a topic with its commands and a command with its examples', async () => {
    const topic = await gtcx(['server', '--help'], home);
    expect(topic.exitCode).toBe(0);
    expect(topic.stdout).toMatch(/^ {2}server start\s+Run the gtcx server/m);
    expect(topic.stdout).toMatch(/^ {2}server migrate\s+Apply pending database migrations/m);

    const command = await gtcx(['config', 'set', '--help'], home);
    expect(command.exitCode).toBe(0);
    expect(command.stdout).toMatch(/EXAMPLES/);
    expect(command.stdout).toMatch(/\$ gtcx config set server https:\/\/gtcx.example.com/);
    expect(command.stdout).toMatch(/--json/);
  });
});

describe('the root help fast path', () => {
  // DEBUG set makes bin/run.js leave every request to oclif; a namespace nothing uses keeps it quiet.
  const viaOclif = { DEBUG: 'gtcx-test-no-such-namespace' };

  it("prints oclif's own root help page, byte for byte, for --help, -h and no arguments", async () => {
    const oclif = await gtcx(['--help'], home, { env: viaOclif });
    expect(oclif.exitCode).toBe(0);
    for (const args of [['--help'], ['-h'], []]) {
      const fast = await gtcx(args, home);
      expect(fast.exitCode).toBe(0);
      expect(fast.stdout, args.join(' ')).toBe(oclif.stdout);
    }
  });

  it('leaves the page to oclif when user plugins are installed', async () => {
    const modulesLog = join(home.root, 'imports.log');
    mkdirSync(home.dataDir, { recursive: true });
    writeFileSync(
      join(home.dataDir, 'package.json'),
      JSON.stringify({ private: true, oclif: { plugins: [] } }),
    );
    const result = await gtcx(['--help'], home, {
      nodeArgs: ['--import', recorder],
      env: { GTCX_RECORD_IMPORTS: modulesLog },
    });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^TOPICS$/m);
    expect(readFileSync(modulesLog, 'utf8')).toMatch(/@oclif\/core/);
  });
});

describe('bad command lines', () => {
  it('names an unknown command in one line, suggests the nearest, exits 127', async () => {
    const result = await gtcx(['doctr'], home);
    expect(result.exitCode).toBe(127);
    expect(result.stdout).toBe('');
    const [error, hint, ...rest] = result.stderr.split('\n');
    expect(error).toBe('Error: unknown command "gtcx doctr"');
    expect(hint).toBe('Hint: Did you mean "gtcx doctor"? Run gtcx --help for the list of commands');
    expect(rest).toEqual([]);
  });

  it('names an unknown subcommand of a topic', async () => {
    const result = await gtcx(['config', 'frobnicate'], home);
    expect(result.exitCode).toBe(127);
    expect(result.stderr).toMatch(/^Error: unknown command "gtcx config frobnicate"\nHint: .*gtcx --help/);
  });

  it('names an unknown flag in one line with a hint, exits non-zero', async () => {
    const result = await gtcx(['config', 'path', '--bogus'], home);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(
      'Error: Nonexistent flag: --bogus\nHint: Run gtcx config path --help for its arguments and flags\n'.trimEnd(),
    );
  });

  it('names an unknown flag given without a command', async () => {
    const result = await gtcx(['--bogus'], home);
    expect(result.exitCode).toBe(127);
    expect(result.stderr).toBe(
      'Error: unknown flag --bogus\nHint: Run gtcx --help for the list of commands and flags',
    );
  });

  it('reports a missing argument in one line', async () => {
    const result = await gtcx(['config', 'get'], home);
    expect(result.exitCode).toBe(2);
    const lines = result.stderr.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^Error: Missing 1 required arg: key/);
  });

  it('answers `gtcx help <topic>` as --help would, and names an unknown subject', async () => {
    const help = await gtcx(['help', 'config'], home);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toBe((await gtcx(['config', '--help'], home)).stdout);
    const unknown = await gtcx(['help', 'confg'], home);
    expect(unknown.exitCode).toBe(127);
    expect(unknown.stderr).toBe(
      'Error: unknown command "gtcx confg"\nHint: Did you mean "gtcx config"? Run gtcx --help for the list of commands',
    );
  });

  it('gives the error as JSON under --json', async () => {
    const result = await gtcx(['nope', '--json'], home);
    expect(result.exitCode).toBe(127);
    expect(JSON.parse(result.stdout)).toEqual({
      error: {
        code: 'unknown_command',
        message: 'unknown command "gtcx nope"',
        hint: 'Run gtcx --help for the list of commands',
      },
    });
  });
});

describe('lazy loading', () => {
  async function loaded(args: string[]): Promise<string> {
    const log = join(home.root, 'imports.log');
    const result = await gtcx(args, home, {
      nodeArgs: ['--import', recorder],
      env: { GTCX_RECORD_IMPORTS: log },
    });
    expect(result.exitCode).toBe(0);
    return existsSync(log) ? readFileSync(log, 'utf8') : '';
  }

  it('--version loads neither oclif nor ink', async () => {
    const modules = await loaded(['--version']);
    expect(modules).toMatch(/bin\/run\.js/);
    expect(modules).not.toMatch(/@oclif\/core/);
    expect(modules).not.toMatch(/\bink\b|\breact\b/);
  });

  it('--help loads neither oclif nor ink', async () => {
    const modules = await loaded(['--help']);
    expect(modules).toMatch(/fast-help\.js/);
    expect(modules).not.toMatch(/@oclif\/core/);
    expect(modules).not.toMatch(/\/node_modules\/(ink|react)\//);
  });

  it('help through oclif and a non-TTY doctor load oclif but not ink or react', async () => {
    for (const args of [['config', '--help'], ['doctor', '--help'], ['doctor']]) {
      const modules = await loaded(args);
      expect(modules, args.join(' ')).toMatch(/@oclif\/core/);
      expect(modules, args.join(' ')).not.toMatch(/\/node_modules\/(ink|react)\//);
    }
  });

  it.skipIf(!hasScript)('doctor on a terminal renders its checklist with Ink', async () => {
    const log = join(home.root, 'imports.log');
    const quote = (arg: string) => `'${arg.replaceAll("'", "'\\''")}'`;
    // A fresh pty has no size; give it one, as a terminal window would.
    const command = `stty cols 100 rows 40; ${[process.execPath, '--import', recorder, binPath, 'doctor'].map(quote).join(' ')}`;
    const result = await execa('script', ['-qec', command, '/dev/null'], {
      reject: false,
      extendEnv: false,
      env: { ...home.env, GTCX_RECORD_IMPORTS: log, TERM: 'xterm-256color' },
      timeout: 30_000,
    });
    expect(result.exitCode, result.stdout).toBe(0);
    const screen = stripVTControlCharacters(result.stdout);
    expect(screen).toMatch(/✔ node/);
    expect(screen).toMatch(/All checks passed\./);
    expect(readFileSync(log, 'utf8')).toMatch(/\/node_modules\/ink\//);
  });
});
