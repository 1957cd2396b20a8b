#!/usr/bin/env node
import { mkdtempSync, rmSync } from 'node:fs';
// Throughput of GET /healthz through the full gtcx app (request ids, metrics, contract validation of
// the response) against a bare Fastify route answering the same JSON, both listening on 127.0.0.1
// in this process and measured round by round, interleaved, so machine noise lands on both alike.
// Not a test: it prints figures. Needs a build (`npm run build`).
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, openServerStore, resolveServerConfig } from '@gtcx/server';
import Fastify from 'fastify';
import { keepAliveLoad, median } from './support.mjs';

const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const requestsPerRound = Number(process.env.BENCH_REQUESTS ?? 5000);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 32);

const dataDir = mkdtempSync(join(tmpdir(), 'gtcx-bench-server-'));
const config = resolveServerConfig({ port: 0, grpcPort: 0, dataDir, logLevel: 'silent' }, {});
const store = await openServerStore(config);
await store.migrate();

const gtcx = await buildApp({ config, store, logger: false });
const startedAt = Date.now();
const bare = Fastify({ logger: false });
bare.get('/healthz', async () => ({
  status: 'ok',
  version: config.version,
  uptimeSeconds: (Date.now() - startedAt) / 1000,
}));

const subjects = [
  { name: 'bare Fastify route', url: await bare.listen({ host: '127.0.0.1', port: 0 }) },
  { name: 'gtcx /healthz', url: await gtcx.listen({ host: '127.0.0.1', port: 0 }) },
];

const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
const measure = async (url) =>
  (await keepAliveLoad({ agent, url, requests: requestsPerRound, concurrency })).rate;

try {
  // One warm-up round each: JIT, lazily compiled validators, connection set-up.
  for (const subject of subjects) await measure(`${subject.url}/healthz`);
  const results = new Map(subjects.map((subject) => [subject.name, []]));
  for (let round = 0; round < rounds; round += 1) {
    for (const subject of subjects) results.get(subject.name).push(await measure(`${subject.url}/healthz`));
  }

  console.log(
    `GET /healthz, ${rounds} rounds of ${requestsPerRound} requests, ${concurrency} concurrent, keep-alive`,
  );
  const medians = new Map();
  for (const [name, values] of results) {
    medians.set(name, median(values));
    const all = values.map((value) => value.toFixed(0)).join(' ');
    console.log(`  ${name.padEnd(20)} median ${median(values).toFixed(0).padStart(7)} req/s   (${all})`);
  }
  const ratio = medians.get('gtcx /healthz') / medians.get('bare Fastify route');
  console.log(`  gtcx / bare: ${ratio.toFixed(2)}x of the bare route's throughput`);
} finally {
  agent.destroy();
  await Promise.all([gtcx.close(), bare.close()]);
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
}
