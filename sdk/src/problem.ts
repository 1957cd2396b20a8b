import type { Middleware } from 'openapi-fetch';
import { answeredRequests, codeForStatus, type Problem } from './errors.js';

/** How much of a non-JSON error body a problem's detail quotes. */
const quotedBodyChars = 200;

/**
 * Makes every error answer (status >= 400) a problem+json document with `status` and `code`, so the
 * `error` of `{ data, error }` always matches its type: an HTML 502 page from a proxy, a plain-text
 * 404 from a base URL that is not a gtcx server and an OAuth `{ error, error_description }` become
 * problems that say so, and a problem without a request id gets the `x-request-id` header's.
 */
export function problemMiddleware(): Middleware {
  return {
    async onResponse({ request, response }) {
      if (response.status < 400) return undefined;
      const text = await response.text();
      const problem = toProblem(text, response, request);
      const headers = new Headers(response.headers);
      // The body is re-encoded: the original length and encoding no longer describe it.
      headers.delete('content-length');
      headers.delete('content-encoding');
      headers.set('content-type', 'application/problem+json');
      const normalised = new Response(JSON.stringify(problem), {
        status: response.status,
        statusText: response.statusText,
        headers,
      });
      answeredRequests.set(normalised, { method: request.method, url: request.url });
      return normalised;
    },
  };
}

function toProblem(text: string, response: Response, request: Request): Problem {
  const status = response.status;
  const requestId = response.headers.get('x-request-id') ?? undefined;
  const parsed = parseObject(text);
  if (parsed === undefined) {
    const type = response.headers.get('content-type') ?? 'no content type';
    const quoted = text.trim().slice(0, quotedBodyChars);
    return {
      type: 'about:blank',
      title: response.statusText || `HTTP ${status}`,
      status,
      code: codeForStatus(status),
      detail:
        `${request.method} ${new URL(request.url).origin} answered ${status} with ${type}, not problem+json` +
        (quoted ? `: ${JSON.stringify(quoted)}` : ''),
      hint:
        status === 404 || status === 405
          ? 'check baseUrl: it must be the root of a gtcx server (e.g. https://gtcx.example.com)'
          : 'a proxy or load balancer answered instead of the gtcx server; retry, or check the server',
      ...(requestId === undefined ? {} : { requestId }),
    };
  }
  // RFC 6749 errors (POST /oauth/token) carry `error` and `error_description` instead of code/detail.
  const oauthCode = typeof parsed.error === 'string' ? parsed.error : undefined;
  const oauthDetail = typeof parsed.error_description === 'string' ? parsed.error_description : undefined;
  return {
    ...parsed,
    type: typeof parsed.type === 'string' ? parsed.type : 'about:blank',
    title: typeof parsed.title === 'string' ? parsed.title : response.statusText || `HTTP ${status}`,
    status: typeof parsed.status === 'number' ? parsed.status : status,
    code:
      typeof parsed.code === 'string' && parsed.code !== ''
        ? parsed.code
        : (oauthCode ?? codeForStatus(status)),
    ...(typeof parsed.detail === 'string' ? {} : oauthDetail === undefined ? {} : { detail: oauthDetail }),
    ...(typeof parsed.requestId === 'string' || requestId === undefined ? {} : { requestId }),
  } as Problem;
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
