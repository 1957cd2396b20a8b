#!/usr/bin/env node
// Cold start of the built CLI against node's own start-up, measured in the same run and interleaved
// round by round so that machine noise lands on every subject alike. Not a test: it prints figures.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './support.mjs';

const rounds = Number(process.env.BENCH_ROUNDS ?? 15);
const cli = fileURLToPath(new URL('../cli/bin/run.js', import.meta.url));
const targets = { '--version': 1.6, '--help': 2.5 };

const subjects = [
  { name: 'node -e 0', args: ['-e', '0'] },
  { name: 'gtcx --version', args: [cli, '--version'] },
  { name: 'gtcx --help', args: [cli, '--help'] },
  // For context, no target: a topic's help goes through oclif itself.
  { name: 'gtcx config --help', args: [cli, 'config', '--help'] },
];

// A fresh, empty home so a user's config, caches or linked plugins do not colour the figures.
const home = mkdtempSync(join(tmpdir(), 'gtcx-bench-'));
const env = {
  ...process.env,
  HOME: home,
  XDG_CONFIG_HOME: join(home, 'config'),
  XDG_DATA_HOME: join(home, 'data'),
  XDG_CACHE_HOME: join(home, 'cache'),
  NO_COLOR: '1',
};

function run(args) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) {
    throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr.toString().trim()}`);
  }
  return ms;
}

try {
  // One unmeasured round warms the OS file cache, as a second invocation in a terminal would be.
  for (const subject of subjects) run(subject.args);

  const times = new Map(subjects.map((s) => [s.name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const subject of subjects) times.get(subject.name).push(run(subject.args));
  }

  const baseline = median(times.get('node -e 0'));
  console.log(
    `cold start, ${rounds} rounds interleaved, node ${process.version} ${process.platform}-${process.arch}`,
  );
  console.log('subject'.padEnd(20), 'median ms'.padStart(10), 'ratio'.padStart(7), 'target'.padStart(7));
  let missed = false;
  for (const subject of subjects) {
    const ms = median(times.get(subject.name));
    const ratio = ms / baseline;
    const target = targets[subject.name.replace(/^gtcx /, '')];
    const verdict = target === undefined ? '' : ratio <= target ? `<=${target}` : `>${target} MISS`;
    if (target !== undefined && ratio > target) missed = true;
    console.log(
      subject.name.padEnd(20),
      ms.toFixed(1).padStart(10),
      `${ratio.toFixed(2)}x`.padStart(7),
      verdict.padStart(7),
    );
  }
  // A missed target fails the run, so CI or a script can notice a start-up regression.
  process.exitCode = missed ? 1 : 0;
} finally {
  rmSync(home, { recursive: true, force: true });
}
