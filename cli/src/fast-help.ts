/**
 * `gtcx --help` without loading oclif. Importing @oclif/core costs about twice node's own start-up,
 * and the root help is only the package description and the command list, all of which sit in the
 * oclif manifests on disk. This renders that page exactly as oclif's Help class does, and answers
 * undefined (the caller then runs oclif) whenever anything is outside the simple case it mirrors:
 * user-installed plugins, init hooks, themes, nested topics, templates beyond <%= config.bin %>,
 * lines long enough to need wrapping, forced colour or debug output. cli/test/cli.test.ts compares
 * this page with oclif's own, byte for byte.
 *
 * Imports only node built-ins: it runs before anything else is loaded.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { arch, homedir, release } from 'node:os';
import { dirname, join } from 'node:path';

interface OclifSection {
  commands?: string;
  plugins?: string[];
  jitPlugins?: Record<string, string>;
  hooks?: Record<string, unknown>;
  topics?: Record<string, { description?: string; hidden?: boolean; subtopics?: unknown }>;
  theme?: unknown;
  state?: string;
  description?: string;
  helpClass?: string;
  helpOptions?: unknown;
  dirname?: string;
  bin?: string;
}

interface PackageJson {
  name: string;
  version: string;
  description?: string;
  oclif?: OclifSection;
}

interface ManifestCommand {
  id: string;
  summary?: string;
  description?: string;
  hidden?: boolean;
  aliases?: string[];
}

interface Manifest {
  version: string;
  commands: Record<string, ManifestCommand>;
}

interface Plugin {
  pjson: PackageJson;
  commands: ManifestCommand[];
}

interface Topic {
  name: string;
  description?: string | undefined;
  hidden?: boolean | undefined;
}

const cliRoot = join(dirname(new URL(import.meta.url).pathname), '..');

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

/** The one help page this mirrors: the root page, asked for with no arguments, --help or -h. */
export function isRootHelpRequest(args: string[]): boolean {
  return args.length === 0 || (args.length === 1 && (args[0] === '--help' || args[0] === '-h'));
}

export function rootHelp(env: NodeJS.ProcessEnv = process.env): string | undefined {
  try {
    return render(env);
  } catch {
    // Anything unexpected on disk: oclif knows best.
    return undefined;
  }
}

function render(env: NodeJS.ProcessEnv): string | undefined {
  if (!simpleEnvironment(env)) return undefined;
  const root = loadPlugin(cliRoot);
  const oclif = root?.pjson.oclif;
  if (
    !root ||
    !oclif ||
    !simpleConfig(oclif) ||
    (oclif.jitPlugins && Object.keys(oclif.jitPlugins).length > 0)
  ) {
    return undefined;
  }
  if (userPluginsInstalled(env, oclif.dirname ?? root.pjson.name)) return undefined;
  const plugins = [root];
  const require = createRequire(join(cliRoot, 'package.json'));
  for (const name of oclif.plugins ?? []) {
    const plugin = loadPlugin(packageRoot(require.resolve(name), name));
    if (!plugin?.pjson.oclif || !simpleConfig(plugin.pjson.oclif) || plugin.pjson.oclif.plugins?.length) {
      return undefined;
    }
    plugins.push(plugin);
  }

  const bin = oclif.bin ?? root.pjson.name;
  const platform = process.platform;
  const cpu = arch() === 'ia32' ? 'x86' : arch();
  const userAgent = `${root.pjson.name}/${root.pjson.version} ${platform}-${cpu} node-${process.version}`;
  const description = templated(oclif.description || root.pjson.description || '', bin);
  if (description === undefined || description.includes('\n')) return undefined;

  const commands = new Map<string, ManifestCommand>();
  const topics = new Map<string, Topic>();
  for (const plugin of plugins) {
    for (const command of plugin.commands) {
      commands.set(command.id, command);
      for (const alias of command.aliases ?? []) commands.set(alias, { ...command, id: alias });
    }
    for (const [name, topic] of Object.entries(plugin.pjson.oclif?.topics ?? {})) {
      const existing = topics.get(name);
      if (existing) {
        existing.description = topic.description || existing.description;
        existing.hidden = existing.hidden || topic.hidden;
      } else {
        topics.set(name, { name, description: topic.description, hidden: topic.hidden });
      }
    }
    // As oclif does: every prefix of a visible command id is a topic, described by that command.
    for (const command of plugin.commands.filter((c) => !c.hidden)) {
      const parts = command.id.split(':');
      while (parts.length > 0) {
        const name = parts.join(':');
        if (!topics.has(name))
          topics.set(name, { name, description: command.summary || command.description });
        parts.pop();
      }
    }
  }

  const allTopics = [...topics.values()];
  const rootTopics = allTopics
    .filter((t) => allTopics.some((sub) => sub.name.includes(`${t.name}:`)))
    .filter((t) => !t.hidden && !t.name.includes(':'))
    .sort((a, b) => compare(a.name, b.name));
  const rootCommands = [...commands.values()]
    .filter((c) => !c.hidden && c.id && !c.id.includes(':'))
    .sort((a, b) => compare(a.id, b.id));

  const topicRows = rootTopics.map((t) => [t.name, t.description?.split('\n')[0]] as const);
  const commandRows: Array<readonly [string, string | undefined]> = [];
  for (const command of rootCommands) {
    const summary = command.summary
      ? templated(command.summary.split('\n')[0] ?? '', bin)
      : templated(command.description ?? '', bin)?.split('\n')[0];
    if (summary === undefined && (command.summary || command.description)) return undefined;
    commandRows.push([command.id, summary]);
  }
  const topicTexts: Array<readonly [string, string | undefined]> = [];
  for (const [name, text] of topicRows) {
    const rendered = text === undefined ? undefined : templated(text, bin);
    if (rendered === undefined && text !== undefined) return undefined;
    topicTexts.push([name, rendered]);
  }

  // Width is measured in code units here; oclif measures display width. Equal for plain ASCII only.
  const printable = /^[\x20-\x7e]*$/;
  const texts = [description, ...topicTexts.flat(), ...commandRows.flat()];
  if (!texts.every((text) => text === undefined || printable.test(text))) return undefined;

  const width = terminalWidth();
  const bold = (text: string) => (colorEnabled(env) ? `\u001b[1m${text}\u001b[22m` : text);
  const section = (header: string, body: string) => `${bold(header)}\n${indent(body)}`;
  const fits = (text: string, spacing: number) => text.length <= width - spacing;
  if (!fits(userAgent, 2) || !fits(`$ ${bin} [COMMAND]`, 2)) return undefined;

  const list = (rows: Array<readonly [string, string | undefined]>): string | undefined => {
    const left = Math.max(...rows.map(([name]) => name.length));
    const lines: string[] = [];
    for (const [name, text] of rows) {
      const right = text?.trim();
      if (!right) {
        lines.push(name.trim());
        continue;
      }
      if (!fits(right, 2 + left + 2)) return undefined;
      lines.push(`${name}${' '.repeat(left - name.length + 2)}${right}`);
    }
    return lines.join('\n');
  };

  const out = [
    [description, section('VERSION', userAgent), section('USAGE', `$ ${bin} [COMMAND]`)].join('\n\n'),
    '',
  ];
  if (topicTexts.length > 0) {
    const body = list(topicTexts);
    if (body === undefined) return undefined;
    out.push(section('TOPICS', body), '');
  }
  if (commandRows.length > 0) {
    const body = list(commandRows);
    if (body === undefined) return undefined;
    out.push(section('COMMANDS', body), '');
  }
  return `${out.join('\n')}\n`;
}

/** Conditions under which oclif's output would differ from this page, or someone wants oclif's own. */
function simpleEnvironment(env: NodeJS.ProcessEnv): boolean {
  if (env.DEBUG || env.FORCE_COLOR !== undefined || env.OCLIF_COLUMNS) return false;
  if (process.platform === 'win32') return false;
  // oclif names WSL "wsl" in the version line.
  if (process.platform === 'linux' && release().toLowerCase().includes('microsoft')) return false;
  return true;
}

function simpleConfig(oclif: OclifSection): boolean {
  if (oclif.theme !== undefined || oclif.state !== undefined || oclif.helpClass !== undefined) return false;
  if (oclif.helpOptions !== undefined) return false;
  if (oclif.hooks && ('init' in oclif.hooks || 'finally' in oclif.hooks)) return false;
  return Object.values(oclif.topics ?? {}).every((topic) => topic.subtopics === undefined);
}

function loadPlugin(root: string): Plugin | undefined {
  const pjson = readJson<PackageJson>(join(root, 'package.json'));
  const manifestPath = join(root, 'oclif.manifest.json');
  if (!existsSync(manifestPath)) return undefined;
  const manifest = readJson<Manifest>(manifestPath);
  if (manifest.version.split('-')[0] !== pjson.version.split('-')[0]) return undefined;
  return { pjson, commands: Object.entries(manifest.commands).map(([id, command]) => ({ ...command, id })) };
}

function packageRoot(entry: string, name: string): string {
  let dir = dirname(entry);
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate) && readJson<PackageJson>(candidate).name === name) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package root for ${name}`);
    dir = parent;
  }
}

/** oclif keeps user-installed and linked plugins in <data dir>/package.json. */
function userPluginsInstalled(env: NodeJS.ProcessEnv, dir: string): boolean {
  const base = env.XDG_DATA_HOME || join(env.HOME || homedir(), '.local', 'share');
  const dataDir = env[`${dir.toUpperCase().replaceAll('-', '_')}_DATA_DIR`] || join(base, dir);
  return existsSync(join(dataDir, 'package.json'));
}

/** The one template oclif's help strings here use; anything else means oclif must render. */
function templated(text: string, bin: string): string | undefined {
  const rendered = text.replaceAll(/<%[=-]\s*config\.bin\s*%>/g, bin);
  return rendered.includes('<%') ? undefined : rendered;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? line : `  ${line}`))
    .join('\n');
}

function terminalWidth(): number {
  if (!process.stdout.isTTY) return 80;
  const width = process.stdout.getWindowSize()[0] ?? 0;
  if (width < 1) return 80;
  return Math.max(width, 40);
}

/** oclif bolds section headers when stdout is a terminal that takes colour (supports-color's rule). */
function colorEnabled(env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (!env.TERM || env.TERM === 'dumb') return false;
  return process.stdout.isTTY === true;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
