import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const requestIdHeader = 'x-request-id';

/** Short, printable, no separators a log line or header could be split on. */
const saneRequestId = /^[A-Za-z0-9._:-]{1,128}$/;

/** Keeps the caller's id when it is sane so one id follows a request across services. */
export function requestIdFor(request: IncomingMessage): string {
  const incoming = request.headers[requestIdHeader];
  return typeof incoming === 'string' && saneRequestId.test(incoming) ? incoming : randomUUID();
}
