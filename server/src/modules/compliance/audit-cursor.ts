import { GtcxError } from '@gtcx/core';

/**
 * Audit cursors are opaque to callers: the base64url of the last event's write sequence number. The
 * list runs newest first by that number, so any replica continues it from the cursor alone, and events
 * written meanwhile never shift a page.
 */
export function encodeAuditCursor(seq: number): string {
  return Buffer.from(`seq:${seq}`, 'utf8').toString('base64url');
}

/** The sequence number the next page starts below; a cursor this server did not issue is a 400. */
export function decodeAuditCursor(cursor: string): number {
  const text = /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const match = /^seq:([1-9]\d{0,15})$/.exec(text);
  const seq = match?.[1] === undefined ? Number.NaN : Number(match[1]);
  if (Number.isSafeInteger(seq)) return seq;
  throw new GtcxError('validation_failed', `cursor "${cursor}" is not one this server issued`, {
    hint: 'pass the nextCursor of the previous page unchanged, or omit cursor for the first page',
    details: { errors: [{ field: 'cursor', message: 'is not a cursor this server issued' }] },
  });
}
