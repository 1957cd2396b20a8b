#!/usr/bin/env node
// Throughput and p99 of GET /v1/packs/{packName} (a 12-version packument) through the full gtcx app
// (auth, request ids, metrics, contract validation of the response, ETag) against a bare Fastify
// route answering the same JSON, on SQLite and on PostgreSQL. Both listen on 127.0.0.1 in this
// process; rounds alternate between them so machine noise lands on both alike. 50 keep-alive
// connections, as autocannon -c 50 would open. Not a test: it prints figures. Needs a build
// (`npx tsc -b core sdk server`) and, for the PostgreSQL half, a server at 127.0.0.1:5432.
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, writeTarGz } from '@gtcx/core';
import { buildApp, migrateStore, resolveServerConfig } from '@gtcx/server';
import Fastify from 'fastify';
import { createDatabase, keepAliveLoad } from './support.mjs';

const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const requestsPerRound = Number(process.env.BENCH_REQUESTS ?? 4000);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 50);
const token = 'gtcx_bench_admin_token_0123456789abcdef';
const packName = '@bench/web';
const packUrl = `/v1/packs/${encodeURIComponent(packName)}`;

function packTarball(version) {
  const manifest = [
    `name: "${packName}"`,
    `version: ${version}`,
    'description: Web service templates for the packument benchmark',
    'license: MIT',
    'keywords: [web, service, bench]',
    'templates: [templates/svc]',
    '',
  ].join('\n');
  return writeTarGz(
    new Map([
      ['pack.yaml', { content: Buffer.from(manifest), mode: 0o644 }],
      ['templates/svc/template.yaml', { content: Buffer.from('name: svc\nversion: 1.0.0\n'), mode: 0o644 }],
      ['templates/svc/files/README.md.hbs', { content: Buffer.from('# {{name}}\n'), mode: 0o644 }],
    ]),
  );
}

const agent = new Agent({ keepAlive: true, maxSockets: concurrency });

const median = (values) => percentile(values, 50);
function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function benchStore(dialect) {
  const dataDir = mkdtempSync(join(tmpdir(), 'gtcx-bench-packument-'));
  const database = dialect === 'postgres' ? await createDatabase() : undefined;
  if (dialect === 'postgres' && database === undefined) {
    console.log('  PostgreSQL: skipped, no server answered');
    rmSync(dataDir, { recursive: true, force: true });
    return undefined;
  }
  const config = resolveServerConfig(
    { port: 0, grpcPort: 0, dataDir, databaseUrl: database?.url, logLevel: 'silent', adminToken: token },
    {},
  );
  await migrateStore(config);
  const store = await openStore({ dataDir, databaseUrl: database?.url, fileName: 'server.db' });
  const gtcx = await buildApp({ config, store, logger: false });
  const bare = Fastify({ logger: false });
  try {
    const auth = { authorization: `Bearer ${token}` };
    for (let minor = 0; minor < 12; minor += 1) {
      const version = `1.${minor}.0`;
      const published = await gtcx.inject({
        method: 'PUT',
        url: `${packUrl}/versions/${version}`,
        headers: { ...auth, 'content-type': 'application/gzip' },
        payload: packTarball(version),
      });
      if (published.statusCode !== 201) throw new Error(`publish ${version}: ${published.body}`);
    }
    const packument = (await gtcx.inject({ method: 'GET', url: packUrl, headers: auth })).json();
    bare.get('/v1/packs/:packName', async () => packument);
    const subjects = [
      { name: 'bare Fastify route', url: `${await bare.listen({ host: '127.0.0.1', port: 0 })}${packUrl}` },
      { name: 'gtcx packument', url: `${await gtcx.listen({ host: '127.0.0.1', port: 0 })}${packUrl}` },
    ];
    for (const subject of subjects)
      await keepAliveLoad({
        agent,
        url: subject.url,
        headers: auth,
        requests: requestsPerRound,
        concurrency,
      });
    const results = new Map(subjects.map((subject) => [subject.name, { rates: [], latencies: [] }]));
    for (let round = 0; round < rounds; round += 1) {
      for (const subject of subjects) {
        const { rate, latencies } = await keepAliveLoad({
          agent,
          url: subject.url,
          headers: auth,
          requests: requestsPerRound,
          concurrency,
        });
        results.get(subject.name).rates.push(rate);
        results.get(subject.name).latencies.push(...latencies);
      }
    }
    const size = JSON.stringify(packument).length;
    console.log(`${dialect}: packument of 12 versions, ${size} bytes of JSON`);
    for (const [name, { rates, latencies }] of results) {
      const all = rates.map((rate) => rate.toFixed(0)).join(' ');
      console.log(
        `  ${name.padEnd(20)} median ${median(rates).toFixed(0).padStart(6)} req/s  p50 ${median(latencies).toFixed(1)} ms  p99 ${percentile(latencies, 99).toFixed(1)} ms   (${all})`,
      );
    }
    const ratio =
      median(results.get('gtcx packument').rates) / median(results.get('bare Fastify route').rates);
    const p99 = percentile(results.get('gtcx packument').latencies, 99);
    console.log(
      `  gtcx / bare: ${(ratio * 100).toFixed(0)}% of the bare route's throughput; gtcx p99 ${p99.toFixed(1)} ms`,
    );
    return { dialect, ratio, p99 };
  } finally {
    await Promise.all([gtcx.close(), bare.close()]);
    await store.close();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

try {
  console.log(
    `GET ${packUrl}, ${rounds} rounds of ${requestsPerRound} requests, ${concurrency} concurrent keep-alive connections`,
  );
  const summary = [];
  for (const dialect of ['sqlite', 'postgres']) {
    const result = await benchStore(dialect);
    if (result !== undefined) summary.push(result);
  }
  const aims = { sqlite: 0.6, postgres: 0.4 };
  for (const { dialect, ratio, p99 } of summary) {
    const met = ratio >= aims[dialect] && p99 < 20;
    console.log(
      `aim ${dialect}: >= ${aims[dialect] * 100}% and p99 < 20 ms: ${met ? 'met' : 'missed'} (${(ratio * 100).toFixed(0)}%, ${p99.toFixed(1)} ms)`,
    );
  }
} finally {
  agent.destroy();
}
