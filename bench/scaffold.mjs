#!/usr/bin/env node
// Scaffolding throughput: a generated 1,000-file template (20 dirs x 50 files, 30 lines, about 12
// substitutions each, templated directory and file names) rendered by gtcx, by Hygen (when it can be
// installed) and copied pre-rendered with `cp -r`, interleaved round by round in the same run. Every
// subject is a whole process writing into a fresh directory, so node start-up counts as it does for
// a CLI. Not a test: it prints medians, files/s, ratios and peak RSS. Needs `npx tsc -b core` first.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { median } from './support.mjs';

const rounds = Math.max(5, Number(process.env.BENCH_ROUNDS ?? 7));
const dirs = 20;
const filesPerDir = 50;
const fileCount = dirs * filesPerDir;
const answers = { name: 'acme', pascalName: 'Acme', version: '1.2.3', description: 'A generated module' };
const coreDist = fileURLToPath(new URL('../core/dist/index.js', import.meta.url));
const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

const work = mkdtempSync(join(tmpdir(), 'gtcx-bench-scaffold-'));
const templateDir = join(work, 'template');
const outs = join(work, 'outs');

// (a) gtcx: today a runner calling the core API; when `gtcx new` lands, replace this one line with
// (template, out) => [cliBin, 'new', template, out, '--defaults', '--json'].
const gtcxCommand = (template, out) => [
  fileURLToPath(new URL('../cli/bin/run.js', import.meta.url)),
  'new',
  template,
  out,
  '--defaults',
  '--json',
];

function body(dir, file) {
  const lines = [
    `// {{name}} group ${dir}, file ${file}: {{description}}`,
    `import { {{pascalName}}Client } from '@{{name}}/client';`,
    '',
    `export const VERSION = '{{version}}';`,
    `export const NAME = '{{name}}';`,
    '',
    `/** {{description}} */`,
    `export class {{pascalName}}Module${file} {`,
    '  private readonly client: {{pascalName}}Client;',
    '',
    '  constructor(client: {{pascalName}}Client) {',
    '    this.client = client;',
    '  }',
    '',
    `  describe(): string {`,
    `    return '{{name}}@{{version}}: module ${file}';`,
    '  }',
    '',
    '  async run(input: string[]): Promise<number> {',
    '    let total = 0;',
    '    for (const item of input) {',
    '      total += item.length;',
    '    }',
    '    return total;',
    '  }',
    '}',
    '',
    `export function create${file}(client: {{pascalName}}Client) {`,
    `  return new {{pascalName}}Module${file}(client);`,
    '}',
  ];
  return `${lines.join('\n')}\n`;
}

function writeTemplates() {
  mkdirSync(templateDir, { recursive: true });
  writeFileSync(
    join(templateDir, 'template.yaml'),
    [
      'name: bench',
      'version: 1.0.0',
      'questions:',
      ...Object.entries(answers).flatMap(([name, value]) => [
        `  - name: ${name}`,
        '    type: string',
        `    default: "${value}"`,
      ]),
      '',
    ].join('\n'),
  );
  const hygenDir = join(work, 'hygen', '_templates', 'bench', 'new');
  mkdirSync(hygenDir, { recursive: true });
  for (let d = 0; d < dirs; d++) {
    const group = `group-${String(d).padStart(2, '0')}`;
    const dir = join(templateDir, 'files', 'src', `{{name}}-${group}`);
    mkdirSync(dir, { recursive: true });
    for (let f = 0; f < filesPerDir; f++) {
      const file = String(d * filesPerDir + f).padStart(4, '0');
      const text = body(group, file);
      writeFileSync(join(dir, `{{name}}-file-${file}.ts.hbs`), text);
      const ejs = text.replace(/\{\{(\w+)\}\}/g, '<%= $1 %>');
      writeFileSync(
        join(hygenDir, `${group}-${file}.ejs.t`),
        `---\nto: src/<%= name %>-${group}/<%= name %>-file-${file}.ts\n---\n${ejs}`,
      );
    }
  }
  writeFileSync(
    join(work, 'runner.mjs'),
    `import { generateProject, loadTemplate, resolveAnswers } from ${JSON.stringify(pathToFileURL(coreDist).href)};
const [templateDir, target] = process.argv.slice(2);
const template = await loadTemplate(templateDir);
const answers = await resolveAnswers(template.manifest, { provided: {}, useDefaults: true });
const result = await generateProject({
  template, targetDir: target, answers, source: { kind: 'path', ref: templateDir },
  conflict: 'fail', dryRun: false, trust: false, gtcxVersion: '0.1.0',
});
process.stdout.write(JSON.stringify({ files: result.files.length, maxRssKiB: process.resourceUsage().maxRSS }) + '\\n');
`,
  );
}

function installHygen() {
  const dir = join(work, 'hygen-install');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{"private":true}');
  const install = spawnSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', 'hygen@6'], {
    cwd: dir,
    encoding: 'utf8',
  });
  const bin = join(dir, 'node_modules', 'hygen', 'dist', 'bin.js');
  if (install.status !== 0 || !existsSync(bin)) {
    console.log(
      `note: hygen could not be installed, skipping it (${install.stderr.trim().split('\n').pop()})`,
    );
    return undefined;
  }
  return bin;
}

/** Runs one subject; returns wall ms and peak RSS in KiB. */
function run(command, args, options = {}) {
  const argv = timeBin ? [timeBin, ['-v', command, ...args]] : [command, args];
  const start = process.hrtime.bigint();
  const result = spawnSync(argv[0], argv[1], { encoding: 'utf8', ...options });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr}`);
  const fromTime = /Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr ?? '')?.[1];
  const fromRunner = /"maxRssKiB":(\d+)/.exec(result.stdout ?? '')?.[1];
  return { ms, rssKiB: Number(fromTime ?? fromRunner ?? Number.NaN) };
}

function sameTree(a, b) {
  return spawnSync('diff', ['-r', '-x', '.gtcx', a, b]).status === 0;
}

try {
  writeTemplates();
  const prerendered = join(work, 'prerendered');
  run(process.execPath, gtcxCommand(templateDir, prerendered));
  const hygenBin = installHygen();

  const subjects = [
    { name: 'gtcx', run: (out) => run(process.execPath, gtcxCommand(templateDir, out)) },
    { name: 'cp -r', run: (out) => run('cp', ['-r', prerendered, out]) },
  ];
  if (hygenBin) {
    subjects.push({
      name: 'hygen',
      run: (out) => {
        mkdirSync(out);
        const flags = Object.entries(answers).flatMap(([key, value]) => [`--${key}`, value]);
        return run(process.execPath, [hygenBin, 'bench', 'new', ...flags], {
          cwd: out,
          env: { ...process.env, HYGEN_TMPLS: join(work, 'hygen', '_templates') },
        });
      },
    });
  }

  const results = new Map(subjects.map((subject) => [subject.name, []]));
  for (let round = -1; round < rounds; round++) {
    for (const subject of subjects) {
      const out = join(outs, `${round + 1}-${subject.name.replace(/\W/g, '')}`);
      const measured = subject.run(out);
      if (round >= 0) results.get(subject.name).push(measured);
      if (round === -1 && !sameTree(prerendered, out))
        throw new Error(`${subject.name} rendered a different tree`);
    }
  }

  const generatedFiles = JSON.parse(readFileSync(join(prerendered, '.gtcx', 'project.json'), 'utf8')).files;
  console.log(
    `scaffold ${Object.keys(generatedFiles).length} files, ${rounds} rounds interleaved (+1 warm-up), node ${process.version}, ` +
      `peak RSS from ${timeBin ? '/usr/bin/time -v' : 'process.resourceUsage()'}`,
  );
  const cpMedian = median(results.get('cp -r').map((r) => r.ms));
  const hygenMedian = hygenBin ? median(results.get('hygen').map((r) => r.ms)) : undefined;
  console.log(
    'subject'.padEnd(8),
    'median ms'.padStart(10),
    'files/s'.padStart(9),
    'vs cp -r'.padStart(9),
    'vs hygen'.padStart(9),
    'peak RSS MiB'.padStart(13),
  );
  for (const subject of subjects) {
    const ms = median(results.get(subject.name).map((r) => r.ms));
    const rss = Math.max(...results.get(subject.name).map((r) => r.rssKiB)) / 1024;
    console.log(
      subject.name.padEnd(8),
      ms.toFixed(1).padStart(10),
      String(Math.round(fileCount / (ms / 1000))).padStart(9),
      `${(ms / cpMedian).toFixed(2)}x`.padStart(9),
      (hygenMedian ? `${(ms / hygenMedian).toFixed(2)}x` : '-').padStart(9),
      rss.toFixed(1).padStart(13),
    );
  }
  if (hygenMedian) {
    const gtcx = median(results.get('gtcx').map((r) => r.ms));
    console.log(`gtcx is ${(hygenMedian / gtcx).toFixed(2)}x faster than hygen (aim: >= 4x)`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
