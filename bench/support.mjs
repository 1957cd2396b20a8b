// What the benchmarks share: the median of a run's rounds, keep-alive GET load, and a throwaway
// PostgreSQL database. Not a benchmark itself.
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import pg from 'pg';

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * `requests` GETs of `url` through the keep-alive `agent`, at most `concurrency` in flight; every
 * answer must be 200. Answers requests per second and each request's latency in ms.
 */
export async function keepAliveLoad({ agent, url, headers = {}, requests, concurrency }) {
  let next = 0;
  const latencies = [];
  const worker = async () => {
    while (next < requests) {
      next += 1;
      latencies.push(await get(agent, url, headers));
    }
  };
  const start = process.hrtime.bigint();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { rate: requests / seconds, latencies };
}

function get(agent, url, headers) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const req = request(url, { agent, headers }, (res) => {
      res.resume();
      res.on('end', () =>
        res.statusCode === 200
          ? resolve(Number(process.hrtime.bigint() - started) / 1e6)
          : reject(new Error(`${url}: ${res.statusCode}`)),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

/** A fresh PostgreSQL database, or undefined (with the reason printed) when none answers. */
export async function createDatabase() {
  for (const admin of ['postgres://postgres@127.0.0.1:5432/test', 'postgres://root@127.0.0.1:5432/test']) {
    const client = new pg.Client({ connectionString: admin, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      const name = `gtcx_bench_${randomBytes(5).toString('hex')}`;
      await client.query(`create database ${name}`);
      await client.end();
      const url = new URL(admin);
      url.pathname = `/${name}`;
      return {
        url: url.toString(),
        async drop() {
          const again = new pg.Client({ connectionString: admin });
          await again.connect();
          await again.query(`drop database if exists ${name} with (force)`);
          await again.end();
        },
      };
    } catch (error) {
      await client.end().catch(() => {});
      console.log(`  (${admin}: ${error.message})`);
    }
  }
  return undefined;
}
