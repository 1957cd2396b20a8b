import type { MaybeOptionalInit } from 'openapi-fetch';
import type { GtcxClient } from './client.js';
import { GtcxApiError } from './errors.js';
import type { paths } from './generated/openapi.js';
import type { CallOptions } from './transport.js';

type GetJson<P extends keyof paths> = paths[P] extends {
  get: { responses: { 200: { content: { 'application/json': infer Body } } } };
}
  ? Body
  : never;

/** Every path whose GET answers a page: `{ items, nextCursor }` (`/v1/packs`, `/v1/templates`, `/v1/users`, ...). */
export type ListPath = {
  // [never] guards the paths without a JSON GET: a bare `never extends {...}` would count them in.
  [P in keyof paths]: [GetJson<P>] extends [never]
    ? never
    : GetJson<P> extends { items: unknown[]; nextCursor: string | null }
      ? P
      : never;
}[keyof paths];

/** One page of a list operation, as the server answered it. */
export type ListPage<P extends ListPath> = GetJson<P>;

/** The items a list operation answers (`PackSummary` for `/v1/packs`, ...). */
export type ListItem<P extends ListPath> = GetJson<P> extends { items: Array<infer Item> } ? Item : never;

/** The init of a list call (path parameters, filters, `limit`, headers, `signal`) plus per-call options. */
export type ListInit<P extends ListPath> = NonNullable<MaybeOptionalInit<paths[P], 'get'>> & CallOptions;

/** The init is required exactly when the operation has required parameters (e.g. `{orgName}`). */
export type ListArgs<P extends ListPath> =
  undefined extends MaybeOptionalInit<paths[P], 'get'> ? [init?: ListInit<P>] : [init: ListInit<P>];

/** Pages are asked for at the contract's maximum unless the caller sets a `limit`. */
const defaultPageSize = 100;

/**
 * Walks a list operation page by page, following `nextCursor` from the given cursor (or the first
 * page) to the last. A failed page throws a {@link GtcxApiError} whose `details.cursor` is the cursor
 * of that page, so a script can resume there; a server that answers a cursor it already gave is
 * refused (`invalid_response`) instead of being followed round in a loop.
 */
export async function* listPages<P extends ListPath>(
  client: Pick<GtcxClient, 'GET'>,
  path: P,
  init?: ListInit<P>,
): AsyncGenerator<ListPage<P>, void, undefined> {
  const params = (init?.params ?? {}) as { query?: Record<string, unknown> };
  const query: Record<string, unknown> = { limit: defaultPageSize, ...params.query };
  let cursor = typeof query.cursor === 'string' ? query.cursor : undefined;
  const seen = new Set<string>();
  let page = 0;
  for (;;) {
    const pageInit = { ...init, params: { ...params, query: { ...query, ...(cursor ? { cursor } : {}) } } };
    const get = client.GET as (path: string, init: unknown) => Promise<PageResult<P>>;
    const result = await get(path, pageInit);
    if (!result.response.ok || result.data === undefined) {
      throw GtcxApiError.fromResult(result, { path, page, cursor: cursor ?? null });
    }
    yield result.data;
    const next = (result.data as { nextCursor: string | null }).nextCursor;
    if (next === null || next === undefined) return;
    if (seen.has(next)) throw repeatedCursor(result.response, path, next);
    seen.add(next);
    cursor = next;
    page += 1;
  }
}

/** Every item of a list operation, fetched a page at a time as the loop asks for them. */
export async function* listItems<P extends ListPath>(
  client: Pick<GtcxClient, 'GET'>,
  path: P,
  init?: ListInit<P>,
): AsyncGenerator<ListItem<P>, void, undefined> {
  for await (const page of listPages(client, path, init)) {
    yield* (page as { items: Array<ListItem<P>> }).items;
  }
}

interface PageResult<P extends ListPath> {
  data?: ListPage<P>;
  error?: unknown;
  response: Response;
}

function repeatedCursor(response: Response, path: string, cursor: string): GtcxApiError {
  return new GtcxApiError('invalid_response', `GET ${path} answered a nextCursor it had already given`, {
    status: response.status,
    method: 'GET',
    url: response.url,
    hint: 'the server is paginating in a loop; report it with the request id',
    details: { path, cursor },
    requestId: response.headers.get('x-request-id') ?? undefined,
  });
}
