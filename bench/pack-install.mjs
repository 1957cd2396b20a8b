#!/usr/bin/env node
// Pack install from a warm cache: a 1,000-file pack installed by `gtcx pack install <file.tgz>`
// (the tarball already in the content-addressed cache and unpacked there, so an install is one
// integrity check, one directory walk and one copy per file) against system `tar xzf` of the same
// tarball and `npm install <tarball>` of the same files into a temp project (--prefer-offline), plus
// `node -e 0` as the floor every node CLI pays. Rounds are interleaved, each subject a whole process
// into a fresh target. Not a test: it prints medians and ratios. Needs `npm run build` first.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const rounds = Math.max(5, Number(process.env.BENCH_ROUNDS ?? 9));
const fileCount = 1000;
const core = await import(
  pathToFileURL(fileURLToPath(new URL('../core/dist/index.js', import.meta.url))).href
);
const cli = fileURLToPath(new URL('../cli/bin/run.js', import.meta.url));

const work = mkdtempSync(join(tmpdir(), 'gtcx-bench-pack-'));
const home = join(work, 'home');
const env = {
  ...process.env,
  HOME: home,
  XDG_CONFIG_HOME: join(home, 'config'),
  XDG_DATA_HOME: join(home, 'data'),
  XDG_CACHE_HOME: join(home, 'cache'),
  GTCX_SERVER: '',
  NO_COLOR: '1',
};
for (const name of ['GTCX_DATA_DIR', 'GTCX_CACHE_DIR', 'GTCX_CONFIG_DIR', 'GTCX_OFFLINE', 'DEBUG'])
  delete env[name];

function run(command, args, options = {}) {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'], ...options });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} failed (${result.status}): ${result.stderr}${result.stdout}`,
    );
  }
  return ms;
}

// The pack: 10 directories of 100 small files in one template.
const packDir = join(work, 'pack');
core.initPack(packDir, { name: '@bench/big', version: '1.0.0', template: 'big' });
for (let i = 0; i < fileCount - 3; i++) {
  const dir = join(packDir, 'templates', 'big', 'files', `group-${Math.floor(i / 100)}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `file-${i}.ts.hbs`), `// {{name}} file ${i}\nexport const value${i} = ${i};\n`);
}
const built = await core.buildPack(packDir, { outDir: join(work, 'out') });

// The same files as an npm package (package/ prefix and a package.json), for npm install.
const npmFiles = new Map([
  [
    'package/package.json',
    { content: Buffer.from(JSON.stringify({ name: 'bench-big', version: '1.0.0' })), mode: 0o644 },
  ],
  ...[...core.collectPackFiles(packDir, core.loadPackManifest(packDir))].map(([path, file]) => [
    `package/${path}`,
    file,
  ]),
]);
const npmTarball = join(work, 'bench-big-1.0.0.tgz');
writeFileSync(npmTarball, core.writeTarGz(npmFiles));

const project = join(work, 'project');
mkdirSync(project);
run(cli, ['pack', 'install', built.file], { cwd: project }); // warm the cache
const subjects = {
  'node -e 0': () => run(process.execPath, ['-e', '0']),
  'tar xzf': (round) => {
    const target = join(work, `tar-${round}`);
    mkdirSync(target);
    return run('tar', ['xzf', built.file, '-C', target]);
  },
  'gtcx pack install (warm cache)': () => {
    run(cli, ['pack', 'uninstall', '@bench/big'], { cwd: project });
    return run(process.execPath, [cli, 'pack', 'install', built.file], { cwd: project });
  },
  'npm install <tarball>': (round) => {
    const target = join(work, `npm-${round}`);
    mkdirSync(target);
    writeFileSync(join(target, 'package.json'), '{"name":"bench-target","version":"1.0.0","private":true}\n');
    return run(
      'npm',
      ['install', npmTarball, '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'],
      {
        cwd: target,
      },
    );
  },
};
subjects['npm install <tarball>'](-1); // warm npm's own cache too

const times = Object.fromEntries(Object.keys(subjects).map((name) => [name, []]));
for (let round = 0; round < rounds; round++) {
  for (const [name, subject] of Object.entries(subjects)) times[name].push(subject(round));
}
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
const m = Object.fromEntries(Object.entries(times).map(([name, values]) => [name, median(values)]));
const gtcx = m['gtcx pack install (warm cache)'];
console.log(`pack: ${fileCount} files, ${built.size} bytes gzipped; ${rounds} interleaved rounds, medians`);
for (const [name, ms] of Object.entries(m))
  console.log(`  ${name.padEnd(32)} ${ms.toFixed(1).padStart(8)} ms`);
const budget = m['node -e 0'] + 2 * m['tar xzf'];
console.log(`  gtcx / tar xzf                   ${(gtcx / m['tar xzf']).toFixed(2)}x`);
console.log(
  `  npm / gtcx                       ${(m['npm install <tarball>'] / gtcx).toFixed(2)}x  (aim: several times)`,
);
console.log(
  `  aim node -e 0 + 2 x tar          ${budget.toFixed(1)} ms  -> gtcx is ${(gtcx / budget).toFixed(2)}x of it`,
);
rmSync(work, { recursive: true, force: true });
