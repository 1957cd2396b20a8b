import { decodeCursor, encodeCursor } from '../templates/cursor.js';

/** `limit` and `cursor` as the contract's list operations take them. */
export interface PageQuery {
  limit?: number | undefined;
  cursor?: string | undefined;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const defaultPageSize = 20;
export const maxPageSize = 100;

export function pageSize(query: PageQuery): number {
  return Math.min(Math.max(query.limit ?? defaultPageSize, 1), maxPageSize);
}

/** Names (usernames, org and team names) are the sort keys of most lists: the cursor is the last one. */
const namePattern = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

export function nameAfter(query: PageQuery): string | undefined {
  return query.cursor === undefined ? undefined : decodeCursor(query.cursor, (id) => namePattern.test(id));
}

/** Newest-first lists sort by creation time, then id: the cursor carries both. */
export function timeAfter(query: PageQuery): { createdAt: string; id: string } | undefined {
  if (query.cursor === undefined) return undefined;
  const decoded = decodeCursor(query.cursor, (value) => {
    const [time, id] = value.split(' ');
    return time !== undefined && !Number.isNaN(Date.parse(time)) && id !== undefined && /^[\w-]+$/.test(id);
  });
  const [createdAt, id] = decoded.split(' ') as [string, string];
  return { createdAt, id };
}

/**
 * Rows are fetched one past the page size: the extra row only tells that there is a next page, whose
 * cursor is the key of the page's last row.
 */
export function pageOf<Row, T>(
  rows: Row[],
  limit: number,
  keyOf: (row: Row) => string,
  view: (row: Row) => T,
): Page<T> {
  const shown = rows.slice(0, limit);
  const last = shown[shown.length - 1];
  return {
    items: shown.map(view),
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null,
  };
}
