import type { GtcxClient } from '../client.js';
import type { components } from '../generated/openapi.js';

export type PackSummary = components['schemas']['PackSummary'];

export interface PackSearch {
  /** Text matched against names, descriptions and keywords, best match first; all packs by name without it. */
  q?: string;
  /** Only packs with this keyword. */
  keyword?: string;
  /** Only packs in this scope, e.g. `@acme`. */
  scope?: string;
}

export interface SearchOptions {
  /** Stop after this many results. */
  max?: number;
  signal?: AbortSignal;
}

/**
 * Searches the registry, following pages only as far as the loop reads (and `max` allows).
 *
 * @example
 * for await (const pack of searchPacks(gtcx, { q: 'fastify', scope: '@acme' }, { max: 10 })) {
 *   console.log(pack.name, pack.latestVersion);
 * }
 */
export async function* searchPacks(
  client: GtcxClient,
  search: PackSearch,
  options: SearchOptions = {},
): AsyncGenerator<PackSummary, void, undefined> {
  const max = options.max ?? Number.POSITIVE_INFINITY;
  if (max <= 0) return;
  const query = Object.fromEntries(Object.entries(search).filter(([, value]) => value !== undefined));
  const limit = Math.min(100, Math.max(1, Number.isFinite(max) ? max : 100));
  let count = 0;
  for await (const pack of client.paginate('/v1/packs', {
    params: { query: { ...query, limit } },
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  })) {
    yield pack;
    count += 1;
    if (count >= max) return;
  }
}
