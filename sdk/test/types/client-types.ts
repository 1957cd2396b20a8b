/**
 * Type-level checks of the public client, compiled by types.test.ts with `tsc --noEmit`: every
 * `@ts-expect-error` below must be an error (an unused one fails the compile), and every other line
 * must compile. Nothing here runs.
 */
import { createClient, type ListPath } from '../../src/index.js';

const gtcx = createClient({ baseUrl: 'http://127.0.0.1:8080' });

export async function callOptions(): Promise<void> {
  // Per-call options are typed on every method, with and without other init.
  const health = await gtcx.GET('/healthz', { timeoutMs: 5000, retry: false });
  const status: string | undefined = health.data?.status;
  await gtcx.GET('/v1/packs/{packName}', {
    params: { path: { packName: '@acme/web' } },
    retry: { retries: 3, minDelayMs: 100 },
  });
  await gtcx.POST('/v1/renders', {
    body: { template: 'ts-lib', dryRun: true, useDefaults: true },
    timeoutMs: 0,
  });
  await gtcx.request('get', '/healthz', { timeoutMs: 1000 });

  // @ts-expect-error: timeoutMs is a number of milliseconds
  await gtcx.GET('/healthz', { timeoutMs: 'soon' });
  // @ts-expect-error: retry is false or an object, not a count
  await gtcx.GET('/healthz', { retry: 3 });
  await gtcx.POST('/v1/renders', {
    body: { template: 'x', dryRun: true, useDefaults: false },
    // @ts-expect-error: retries is a number
    retry: { retries: '3' },
  });
  // @ts-expect-error: per-call options are typed on request() too
  await gtcx.request('get', '/healthz', { timeoutMs: true });
  // @ts-expect-error: the path parameters are still required
  await gtcx.GET('/v1/packs/{packName}', { timeoutMs: 1000 });
  // @ts-expect-error: not a path of the contract
  await gtcx.GET('/v1/pakcs');
  void status;
}

export async function pagination(): Promise<void> {
  for await (const pack of gtcx.paginate('/v1/packs', { timeoutMs: 1000 })) {
    const name: string = pack.name;
    void name;
  }
  // @ts-expect-error: /v1/renders has no GET answering a page (it has no GET at all)
  gtcx.paginate('/v1/renders');
  // @ts-expect-error: /healthz answers JSON, but not a page
  gtcx.paginate('/healthz');
  // @ts-expect-error: per-call options are typed in paginate too
  gtcx.paginate('/v1/packs', { timeoutMs: 'soon' });
}

/** Only list operations are list paths: none of these may be one. */
type NotLists = Extract<ListPath, '/v1/renders' | '/healthz' | '/v1/packs/{packName}'>;
export const notLists: [NotLists] extends [never] ? true : false = true;
