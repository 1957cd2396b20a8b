import createFetchClient, { type Client, type Middleware } from 'openapi-fetch';
import type { paths } from './generated/openapi.js';

/** A bearer token, or a function answering the current one (e.g. after a refresh). */
export type TokenSource = string | (() => string | undefined | Promise<string | undefined>);

export interface ClientOptions {
  /** The server's root URL, e.g. `https://gtcx.example.com` (paths such as `/v1/packs` are appended). */
  baseUrl: string;
  /** A JWT access token or a `gtcx_` personal access token, sent as `Authorization: Bearer`. */
  token?: TokenSource;
  /** A fetch implementation; defaults to the global fetch. */
  fetch?: (request: Request) => Promise<Response>;
}

/** The typed REST client: openapi-fetch's `{ data, error, response }` shape over openapi.yaml. */
export type GtcxClient = Client<paths>;

export function createClient(options: ClientOptions): GtcxClient {
  const client = createFetchClient<paths>({
    baseUrl: checkedBaseUrl(options.baseUrl),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
  if (options.token !== undefined) client.use(bearerAuth(options.token));
  return client;
}

function checkedBaseUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new TypeError(
      `baseUrl "${baseUrl}" is not a URL; pass the server's root, e.g. http://127.0.0.1:8080`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`baseUrl "${baseUrl}" must use http: or https:`);
  }
  return baseUrl.replace(/\/+$/, '');
}

function bearerAuth(token: TokenSource): Middleware {
  return {
    async onRequest({ request }) {
      const value = typeof token === 'function' ? await token() : token;
      // A caller-set Authorization header wins, so one request can act with other credentials.
      if (value && !request.headers.has('authorization')) {
        request.headers.set('authorization', `Bearer ${value}`);
      }
      return request;
    },
  };
}
