#!/usr/bin/env node
// Search latency over 10,000 published packs, on SQLite (FTS5) and PostgreSQL (tsvector + GIN):
// p50/p99 of the packs service's search (what GET /v1/packs and gRPC ListPacks answer with) over a
// few hundred queries: one word, two words, prefixes, keyword and scope filters, a second page, and
// listing by name. The packs are published through the service functions (real tarballs, signed),
// not HTTP, to seed fast. Not a test: it prints figures. Needs a build (`npx tsc -b core sdk server`).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, writeTarGz } from '@gtcx/core';
import { migrateStore, resolveServerConfig } from '@gtcx/server';
import { createPacksService } from '../server/dist/modules/packs/index.js';
import { createDatabase } from './support.mjs';

const packCount = Number(process.env.BENCH_PACKS ?? 10_000);
const queryCount = Number(process.env.BENCH_QUERIES ?? 400);

// A deterministic pseudo-random stream, so both stores get the same packs and the same queries.
let seed = 42;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const pick = (list) => list[Math.floor(random() * list.length)];
const syllables = ['ka', 'lo', 'mi', 'ra', 'te', 'zu', 'no', 'vi', 'sa', 'do', 'pe', 'gu', 'ti', 'be', 'fo'];
const vocabulary = Array.from({ length: 600 }, () => pick(syllables) + pick(syllables) + pick(syllables));
const keywords = Array.from({ length: 80 }, () => pick(syllables) + pick(syllables));
const scopes = Array.from({ length: 40 }, (_, index) => `team${index}`);

function packSpec(index) {
  const words = Array.from({ length: 8 }, () => pick(vocabulary));
  return {
    name: `@${pick(scopes)}/${words[0]}-${words[1]}-${index}`,
    description: words.slice(2).join(' '),
    keywords: [pick(keywords), pick(keywords)],
  };
}

function tarball(spec) {
  const manifest = [
    `name: "${spec.name}"`,
    'version: 1.0.0',
    `description: ${JSON.stringify(spec.description)}`,
    `keywords: ${JSON.stringify([...new Set(spec.keywords)])}`,
    'templates: [templates/svc]',
    '',
  ].join('\n');
  return writeTarGz(
    new Map([
      ['pack.yaml', { content: Buffer.from(manifest), mode: 0o644 }],
      ['templates/svc/template.yaml', { content: Buffer.from('name: svc\nversion: 1.0.0\n'), mode: 0o644 }],
    ]),
  );
}

function queries() {
  const list = [];
  for (let index = 0; index < queryCount; index += 1) {
    const kind = index % 8;
    if (kind === 0) list.push({ q: pick(vocabulary) });
    else if (kind === 1) list.push({ q: `${pick(vocabulary)} ${pick(vocabulary)}` });
    else if (kind === 2) list.push({ q: pick(syllables) + pick(syllables) });
    else if (kind === 3) list.push({ q: pick(vocabulary), scope: `@${pick(scopes)}` });
    else if (kind === 4) list.push({ keyword: pick(keywords) });
    else if (kind === 5) list.push({ q: pick(syllables), keyword: pick(keywords) });
    else if (kind === 6) list.push({ scope: `@${pick(scopes)}`, limit: 50 });
    else list.push({ q: pick(syllables) + pick(syllables), secondPage: true });
  }
  return list;
}

const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function benchStore(dialect, specs, workload) {
  const dataDir = mkdtempSync(join(tmpdir(), 'gtcx-bench-search-'));
  const database = dialect === 'postgres' ? await createDatabase() : undefined;
  if (dialect === 'postgres' && database === undefined) {
    console.log('  PostgreSQL: skipped, no server answered');
    return undefined;
  }
  const config = resolveServerConfig({ dataDir, databaseUrl: database?.url, logLevel: 'silent' }, {});
  await migrateStore(config);
  const store = await openStore({ dataDir, databaseUrl: database?.url, fileName: 'server.db' });
  try {
    const service = createPacksService({ store });
    const seeding = Date.now();
    for (const spec of specs) {
      await service.publish({
        name: spec.name,
        version: '1.0.0',
        tarball: tarball(spec),
        publishedBy: 'bench',
      });
    }
    const seeded = (Date.now() - seeding) / 1000;
    if (dialect === 'postgres') await analyze(store);
    for (const query of workload.slice(0, 50)) await service.search(query);
    const latencies = [];
    let hits = 0;
    for (const { secondPage, ...query } of workload) {
      const started = process.hrtime.bigint();
      let page = await service.search(query);
      if (secondPage && page.nextCursor !== null)
        page = await service.search({ ...query, cursor: page.nextCursor });
      latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
      hits += page.items.length;
    }
    latencies.sort((a, b) => a - b);
    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);
    console.log(
      `${dialect.padEnd(8)} seeded ${specs.length} packs in ${seeded.toFixed(1)} s; ${workload.length} searches: p50 ${p50.toFixed(2)} ms  p99 ${p99.toFixed(2)} ms  max ${latencies[latencies.length - 1].toFixed(2)} ms  (${(hits / workload.length).toFixed(1)} results per search)`,
    );
    return { dialect, p99 };
  } finally {
    await store.close();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function analyze(store) {
  const { sql } = await import('kysely');
  await sql`analyze`.execute(store.db);
}

const specs = Array.from({ length: packCount }, (_, index) => packSpec(index));
const workload = queries();
console.log(
  `search over ${packCount} packs, ${workload.length} queries (text, prefixes, keyword, scope, page 2)`,
);
const results = [];
for (const dialect of ['sqlite', 'postgres']) {
  const result = await benchStore(dialect, specs, workload);
  if (result !== undefined) results.push(result);
}
for (const { dialect, p99 } of results) {
  console.log(`aim ${dialect}: p99 < 10 ms: ${p99 < 10 ? 'met' : 'missed'} (${p99.toFixed(2)} ms)`);
}
