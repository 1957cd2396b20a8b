import type { Middleware } from 'openapi-fetch';
import { GtcxSdkError } from './errors.js';
import type { CallOptions } from './transport.js';

/** What a token function is told when it is asked for a token. */
export interface TokenContext {
  /**
   * True when the server just refused the token this function answered last (401): answer a fresh
   * one (refresh it) and the request is sent once more with it; answer the same one to give up.
   */
  expired: boolean;
}

/**
 * A bearer token (a `gtcx_` personal access token or a JWT access token), or a function answering
 * the current one: called before every request, so it can cache and refresh as it sees fit.
 */
export type TokenSource =
  | string
  | ((context: TokenContext) => string | undefined | Promise<string | undefined>);

/**
 * Sends `Authorization: Bearer <token>` on every request that does not set its own Authorization
 * header (a caller-set header wins, so one call can act with other credentials). With a token
 * function, a 401 asks it for a fresh token and, when it answers a different one, sends the request
 * once more: a token that expires in the middle of a paginated loop is refreshed, not fatal.
 */
export function authMiddleware(token: TokenSource): Middleware {
  const sent = new WeakMap<Request, string>();
  return {
    async onRequest({ request }) {
      if (request.headers.has('authorization')) return undefined;
      const value = await currentToken(token, { expired: false });
      if (value === undefined) return undefined;
      request.headers.set('authorization', `Bearer ${value}`);
      sent.set(request, value);
      return request;
    },
    async onResponse({ request, response, options }) {
      if (response.status !== 401 || typeof token !== 'function') return undefined;
      const used = sent.get(request);
      if (used === undefined) return undefined;
      const fresh = await currentToken(token, { expired: true });
      if (fresh === undefined || fresh === used) return undefined;
      await response.body?.cancel().catch(() => undefined);
      const again = copyRequest(request);
      again.headers.set('authorization', `Bearer ${fresh}`);
      sent.set(again, fresh);
      return options.fetch(again);
    },
  };
}

/** The token to send now (trimmed), undefined for none; a failing or unusable token is a GtcxSdkError. */
export async function currentToken(token: TokenSource, context: TokenContext): Promise<string | undefined> {
  let value: string | undefined;
  try {
    value = typeof token === 'function' ? await token(context) : token;
  } catch (error) {
    throw new GtcxSdkError(
      'unauthenticated',
      `the token function failed: ${error instanceof Error ? error.message : String(error)}`,
      {
        hint: 'fix the getToken/token function given to createClient; it is called before each request',
        cause: error,
      },
    );
  }
  // Tokens read from files and environment variables often end in a newline.
  const trimmed = value?.trim();
  if (trimmed === undefined || trimmed === '') return undefined;
  if (!/^[\x21-\x7e]+$/.test(trimmed)) {
    throw new GtcxSdkError('config_invalid', 'the token contains characters an HTTP header cannot carry', {
      hint: 'pass the token exactly as issued: a gtcx_ personal access token or a JWT, without spaces',
    });
  }
  return trimmed;
}

/** The request again, with its per-call options (timeoutMs, retry), which a plain clone drops. */
function copyRequest(request: Request): Request {
  const copy = request.clone() as Request & CallOptions;
  const extras = request as Request & CallOptions;
  if (extras.timeoutMs !== undefined) copy.timeoutMs = extras.timeoutMs;
  if (extras.retry !== undefined) copy.retry = extras.retry;
  return copy;
}
