#!/usr/bin/env node
// What the SDK costs a call: GET /v1/templates?limit=1 made with the SDK's client (auth middleware,
// retry transport with its per-attempt timeout, problem normalisation, typed errors), with plain
// openapi-fetch (what the SDK is built on), and with a raw fetch() of the same URL and header,
// parsing the JSON each time. Two targets, both on 127.0.0.1 in this process: the full gtcx app
// (SQLite, auth, contract validation), and a bare node:http server answering the same bytes, where
// the server's own cost is near zero and the client's overhead shows. A third target answers from
// memory (each client given a fetch that returns a ready Response), leaving only the client's own CPU
// work: building the request, the middleware and the parse. Rounds interleave the subjects so
// machine noise lands on all alike. Not a test: it prints figures. Needs a build (`npm run build`).
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@gtcx/sdk';
import { buildApp, openServerStore, resolveServerConfig } from '@gtcx/server';
import createFetchClient from 'openapi-fetch';
import { median } from './support.mjs';

const rounds = Number(process.env.BENCH_ROUNDS ?? 7);
const requestsPerRound = Number(process.env.BENCH_REQUESTS ?? 1500);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 1);
const path = '/v1/templates';
const query = { limit: 1 };
const token = 'gtcx_bench_sdk_overhead_0123456789abcdef';

const dataDir = mkdtempSync(join(tmpdir(), 'gtcx-bench-sdk-'));
// Rate limits would turn the measurement into one of 429s: off for this run.
const env = { GTCX_RATE_LIMIT_PER_TOKEN: '0', GTCX_RATE_LIMIT_PER_IP: '0' };
const config = resolveServerConfig(
  {
    port: 0,
    grpcPort: 0,
    dataDir,
    logLevel: 'silent',
    adminUsername: 'bench-admin',
    adminPassword: 'bench-password-0123456789',
    adminToken: token,
  },
  env,
);
const store = await openServerStore(config);
await store.migrate();
const app = await buildApp({ config, store, logger: false });
const gtcxUrl = await app.listen({ host: '127.0.0.1', port: 0 });

// The bare server answers exactly what the gtcx app answers, with the same headers that matter.
const probe = await fetch(`${gtcxUrl}${path}?limit=1`, { headers: { authorization: `Bearer ${token}` } });
if (probe.status !== 200) throw new Error(`the gtcx app answered ${probe.status}: ${await probe.text()}`);
const body = await probe.text();
const bare = createServer((_request, response) => {
  response.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  response.end(body);
});
await new Promise((resolve) => bare.listen(0, '127.0.0.1', resolve));
const bareUrl = `http://127.0.0.1:${bare.address().port}`;

/** A fetch that never leaves the process: the answer the bare server would give, from memory. */
const inMemory = async () =>
  new Response(body, {
    status: 200,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(body)),
    },
  });

function subjectsFor(target, baseUrl, fetchImpl) {
  const own = fetchImpl === undefined ? {} : { fetch: fetchImpl };
  const sdk = createClient({ baseUrl, token, ...own });
  const plain = createFetchClient({ baseUrl, headers: { authorization: `Bearer ${token}` }, ...own });
  const url = `${baseUrl}${path}?limit=1`;
  const rawFetch = fetchImpl ?? fetch;
  const check = (result) => {
    if (!result.response.ok) throw new Error(`${target}: ${result.response.status}`);
  };
  return [
    {
      name: `${target}: raw fetch`,
      call: async () => {
        const response = await rawFetch(new Request(url, { headers: { authorization: `Bearer ${token}` } }));
        if (!response.ok) throw new Error(`${target}: ${response.status}`);
        await response.json();
      },
    },
    {
      name: `${target}: openapi-fetch`,
      call: async () => check(await plain.GET(path, { params: { query } })),
    },
    { name: `${target}: @gtcx/sdk`, call: async () => check(await sdk.GET(path, { params: { query } })) },
  ];
}

/** requestsPerRound calls, `concurrency` at a time; answers microseconds per call. */
async function measure(subject) {
  let next = 0;
  const worker = async () => {
    while (next < requestsPerRound) {
      next += 1;
      await subject.call();
    }
  };
  const start = process.hrtime.bigint();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return Number(process.hrtime.bigint() - start) / 1e3 / requestsPerRound;
}

try {
  const subjects = [
    ...subjectsFor('in memory', bareUrl, inMemory),
    ...subjectsFor('bare server', bareUrl),
    ...subjectsFor('gtcx server', gtcxUrl),
  ];
  for (const subject of subjects) await measure(subject);
  const results = new Map(subjects.map((subject) => [subject.name, []]));
  for (let round = 0; round < rounds; round += 1) {
    for (const subject of subjects) results.get(subject.name).push(await measure(subject));
  }
  console.log(
    `GET ${path}?limit=1, ${rounds} rounds of ${requestsPerRound} calls, ${concurrency} in flight, keep-alive, node ${process.version}`,
  );
  const medians = new Map();
  for (const [name, values] of results) {
    medians.set(name, median(values));
    const all = values.map((value) => value.toFixed(0)).join(' ');
    console.log(`  ${name.padEnd(28)} median ${median(values).toFixed(1).padStart(7)} µs/call   (${all})`);
  }
  for (const target of ['in memory', 'bare server', 'gtcx server']) {
    const raw = medians.get(`${target}: raw fetch`);
    for (const client of ['openapi-fetch', '@gtcx/sdk']) {
      const value = medians.get(`${target}: ${client}`);
      const difference = value - raw;
      console.log(
        `  ${`${target}, ${client}`.padEnd(28)} ${(value / raw).toFixed(2)}x raw fetch (${difference >= 0 ? '+' : ''}${difference.toFixed(1)} µs/call)`,
      );
    }
  }
} finally {
  await new Promise((resolve) => bare.close(resolve));
  await app.close();
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
}
