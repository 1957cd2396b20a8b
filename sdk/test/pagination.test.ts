import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, GtcxApiError, publishPack } from '../src/index.js';
import { type GtcxTestServer, startGtcxServer, writePackDir } from './support/server.js';

const packNames = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf'].map(
  (name) => `@pages/${name}`,
);
const staleToken = 'gtcx_expired_token_0000000000000000000000';

describe('pagination against a gtcx server', () => {
  let server: GtcxTestServer;

  beforeAll(async () => {
    server = await startGtcxServer();
    const gtcx = createClient({ baseUrl: server.url, token: server.token });
    for (const name of packNames) {
      const source = writePackDir(name, '1.0.0', ['paging']);
      try {
        await publishPack(gtcx, { dir: source.dir });
      } finally {
        source.cleanup();
      }
    }
  });

  afterAll(async () => {
    await server?.close();
  });

  /** A client whose requests are counted on their way to the real server. */
  function countingClient(token: Parameters<typeof createClient>[0]['token']) {
    const urls: string[] = [];
    const gtcx = createClient({
      baseUrl: server.url,
      token,
      fetch: (request) => {
        urls.push(new URL(request.url).search);
        return fetch(request);
      },
    });
    return { gtcx, urls };
  }

  it('walks every page of a list operation, fetching pages only as the loop asks', async () => {
    const { gtcx, urls } = countingClient(server.token);
    const names: string[] = [];
    for await (const pack of gtcx.paginate('/v1/packs', {
      params: { query: { keyword: 'paging', limit: 3 } },
    })) {
      names.push(pack.name);
    }
    expect(names).toEqual(packNames);
    expect(urls).toHaveLength(3);
    expect(urls[0]).toBe('?limit=3&keyword=paging');
    expect(urls[1]).toMatch(/^\?limit=3&keyword=paging&cursor=/);

    urls.length = 0;
    for await (const pack of gtcx.paginate('/v1/packs', {
      params: { query: { keyword: 'paging', limit: 2 } },
    })) {
      if (pack.name === '@pages/bravo') break;
    }
    expect(urls).toHaveLength(1);
  });

  it('answers the pages themselves, and asks for 100 a page unless told', async () => {
    const { gtcx, urls } = countingClient(server.token);
    const pages = [];
    for await (const page of gtcx.pages('/v1/templates')) pages.push(page);
    expect(urls).toEqual(['?limit=100']);
    expect(pages).toHaveLength(1);
    expect(pages[0]?.nextCursor).toBeNull();
    expect(pages[0]?.items.map((template) => template.id)).toEqual([
      'fastify-service',
      'oclif-cli',
      'ts-lib',
    ]);
  });

  it('refreshes a token that expires in the middle of the loop and carries on', async () => {
    let current = server.token;
    const asked: boolean[] = [];
    const { gtcx } = countingClient(({ expired }) => {
      asked.push(expired);
      if (expired) current = server.token;
      return current;
    });
    const names: string[] = [];
    for await (const pack of gtcx.paginate('/v1/packs', {
      params: { query: { keyword: 'paging', limit: 3 } },
    })) {
      names.push(pack.name);
      // The token "expires" after the first page.
      if (names.length === 3) current = staleToken;
    }
    expect(names).toEqual(packNames);
    expect(asked).toEqual([false, false, true, false]);
  });

  it('a token that expires for good: a typed 401 naming the page to resume from, after the pages it got', async () => {
    let current = server.token;
    const { gtcx } = countingClient(() => current);
    const names: string[] = [];
    const failure = await (async () => {
      for await (const pack of gtcx.paginate('/v1/packs', {
        params: { query: { keyword: 'paging', limit: 3 } },
      })) {
        names.push(pack.name);
        current = staleToken;
      }
    })().catch((error: unknown) => error);
    expect(names).toEqual(packNames.slice(0, 3));
    expect(failure).toBeInstanceOf(GtcxApiError);
    expect(failure).toMatchObject({
      code: 'unauthenticated',
      status: 401,
      method: 'GET',
      details: { path: '/v1/packs', page: 1, cursor: expect.any(String) },
      requestId: expect.any(String),
    });
    // Resuming from the failed page's cursor with a good token gets the rest.
    const cursor = (failure as GtcxApiError).details?.cursor as string;
    current = server.token;
    const rest: string[] = [];
    for await (const pack of gtcx.paginate('/v1/packs', {
      params: { query: { keyword: 'paging', limit: 3, cursor } },
    })) {
      rest.push(pack.name);
    }
    expect([...names, ...rest]).toEqual(packNames);
  });

  it('a bad filter fails on the first page with the server validation problem', async () => {
    const { gtcx } = countingClient(server.token);
    const loop = async () => {
      for await (const _ of gtcx.paginate('/v1/packs', { params: { query: { limit: 1000 } } })) {
        // never reached
      }
    };
    await expect(loop()).rejects.toMatchObject({
      code: 'validation_failed',
      status: 400,
      details: { page: 0, cursor: null },
    });
  });
});
