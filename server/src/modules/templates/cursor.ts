import { GtcxError } from '@gtcx/core';

/**
 * List cursors are opaque to callers: the base64url of the last id of the page. Any server replica
 * can continue a list from one, because the list is sorted by id and holds no server state.
 */
export function encodeCursor(lastId: string): string {
  return Buffer.from(lastId, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, isValidId: (id: string) => boolean): string {
  const id = /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  if (isValidId(id)) return id;
  throw new GtcxError('validation_failed', `cursor "${cursor}" is not one this server issued`, {
    hint: 'pass the nextCursor of the previous page unchanged, or omit cursor for the first page',
    details: { errors: [{ field: 'cursor', message: 'is not a cursor this server issued' }] },
  });
}
