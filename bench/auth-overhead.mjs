#!/usr/bin/env node
import { mkdtempSync, rmSync } from 'node:fs';
// What authentication costs a request: GET /v1/packs/{name}/dist-tags (one indexed read) answered with a JWT access token,
// with a gtcx_ personal access token, and by the same route in an app whose contract marks it
// public (so the same handler runs with no token check at all). All three listen on 127.0.0.1 in
// this process on one SQLite store and are measured round by round, interleaved.
// Not a test: it prints figures. Needs a build (`npm run build`).
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeTarGz } from '@gtcx/core';
import { buildApp, loadOpenApiDocument, openServerStore, resolveServerConfig } from '@gtcx/server';
import { keepAliveLoad, median } from './support.mjs';

const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const requestsPerRound = Number(process.env.BENCH_REQUESTS ?? 4000);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 32);
const packName = '@bench/web';
const route = `/v1/packs/${encodeURIComponent(packName)}/dist-tags`;

const dataDir = mkdtempSync(join(tmpdir(), 'gtcx-bench-auth-'));
// Rate limits would turn the measurement into one of 429s: lift them far above what a run sends.
const env = { GTCX_RATE_LIMIT_PER_TOKEN: '0', GTCX_RATE_LIMIT_PER_IP: '0' };
const admin = { username: 'bench-admin', password: 'bench-password-0123456789' };
const config = resolveServerConfig(
  {
    port: 0,
    grpcPort: 0,
    dataDir,
    logLevel: 'silent',
    adminUsername: admin.username,
    adminPassword: admin.password,
  },
  env,
);
const store = await openServerStore(config);
await store.migrate();

const secured = await buildApp({ config, store, logger: false });
const publicSpec = loadOpenApiDocument();
publicSpec.document.paths['/v1/packs/{packName}/dist-tags'].get.security = [];
const open = await buildApp({ config, store, logger: false, spec: publicSpec });

const session = await secured.inject({ method: 'POST', url: '/v1/sessions', payload: admin });
if (session.statusCode !== 201) throw new Error(`sign-in failed: ${session.statusCode} ${session.body}`);
const jwt = session.json().accessToken;
const created = await secured.inject({
  method: 'POST',
  url: '/v1/tokens',
  headers: { authorization: `Bearer ${jwt}` },
  payload: { name: 'bench', scopes: ['packs:read'] },
});
if (created.statusCode !== 201)
  throw new Error(`token creation failed: ${created.statusCode} ${created.body}`);
const pat = created.json().secret;
const published = await secured.inject({
  method: 'PUT',
  url: `/v1/packs/${encodeURIComponent(packName)}/versions/1.0.0`,
  headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/gzip' },
  payload: await writeTarGz(
    new Map([
      [
        'pack.yaml',
        {
          content: Buffer.from(
            `name: "${packName}"\nversion: 1.0.0\ndescription: Bench pack\ntemplates: [templates/svc]\n`,
          ),
          mode: 0o644,
        },
      ],
      ['templates/svc/template.yaml', { content: Buffer.from('name: svc\nversion: 1.0.0\n'), mode: 0o644 }],
      ['templates/svc/files/README.md.hbs', { content: Buffer.from('# {{name}}\n'), mode: 0o644 }],
    ]),
  ),
});
if (published.statusCode !== 201)
  throw new Error(`publish failed: ${published.statusCode} ${published.body}`);

const securedUrl = await secured.listen({ host: '127.0.0.1', port: 0 });
const subjects = [
  { name: 'no token (public)', url: await open.listen({ host: '127.0.0.1', port: 0 }), headers: {} },
  { name: 'JWT access token', url: securedUrl, headers: { authorization: `Bearer ${jwt}` } },
  { name: 'personal token', url: securedUrl, headers: { authorization: `Bearer ${pat}` } },
];

const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
const measure = async (subject) =>
  (
    await keepAliveLoad({
      agent,
      url: `${subject.url}${route}`,
      headers: subject.headers,
      requests: requestsPerRound,
      concurrency,
    })
  ).rate;

try {
  for (const subject of subjects) await measure(subject);
  const results = new Map(subjects.map((subject) => [subject.name, []]));
  for (let round = 0; round < rounds; round += 1) {
    for (const subject of subjects) results.get(subject.name).push(await measure(subject));
  }
  console.log(
    `GET ${route} on SQLite, ${rounds} rounds of ${requestsPerRound} requests, ${concurrency} concurrent, keep-alive`,
  );
  const medians = new Map();
  for (const [name, values] of results) {
    medians.set(name, median(values));
    const all = values.map((value) => value.toFixed(0)).join(' ');
    console.log(`  ${name.padEnd(20)} median ${median(values).toFixed(0).padStart(7)} req/s   (${all})`);
  }
  const baseline = medians.get('no token (public)');
  for (const name of ['JWT access token', 'personal token']) {
    const ratio = medians.get(name) / baseline;
    console.log(
      `  ${name}: ${ratio.toFixed(2)}x of the unauthenticated throughput (${((1 - ratio) * 100).toFixed(0)}% overhead)`,
    );
  }
} finally {
  agent.destroy();
  await Promise.all([secured.close(), open.close()]);
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
}
