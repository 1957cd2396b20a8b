import { createHash } from 'node:crypto';
import { type Dialect, GtcxError } from '@gtcx/core';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { PacksTables } from './tables.js';
import type { PackPage, PackSummaryView } from './views.js';
import { rfc3339 } from './views.js';

export interface SearchPacksQuery {
  /** Search text, matched word by word (each word as a prefix) in names, descriptions and keywords. */
  q?: string | undefined;
  keyword?: string | undefined;
  /** `@acme`. */
  scope?: string | undefined;
  /** 1..100, default 20. */
  limit?: number | undefined;
  cursor?: string | undefined;
}

export const defaultPageSize = 20;
export const maxPageSize = 100;
const maxWords = 16;

/** Where the previous page stopped: rank (lower is better, 0 without q) then name. */
interface Position {
  rank: number;
  name: string;
}

/**
 * One page of packs, best match first (rank, then name), or by name without `q`. Keyset paging: the
 * cursor carries the last rank and name, so any replica continues any list and deep pages cost what
 * the first does.
 */
export async function searchPacks(
  db: Kysely<PacksTables>,
  dialect: Dialect,
  query: SearchPacksQuery,
): Promise<PackPage> {
  const limit = pageSize(query.limit);
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  const words = query.q === undefined ? undefined : searchWords(query.q);
  const filters: RawBuilder<unknown>[] = [];
  if (query.scope !== undefined) filters.push(sql`p.scope = ${query.scope}`);
  if (query.keyword !== undefined) {
    filters.push(
      sql`exists (select 1 from pack_keywords k where k.keyword = ${query.keyword} and k.name = p.name)`,
    );
  }
  if (after !== undefined) {
    filters.push(
      words === undefined
        ? sql`p.name > ${after.name}`
        : sql`(m.rank > ${after.rank} or (m.rank = ${after.rank} and p.name > ${after.name}))`,
    );
  }
  const result =
    words === undefined ? await byName(db, filters, limit) : await byRank(db, dialect, words, filters, limit);
  const rows = result.rows.slice(0, limit);
  const last = rows[rows.length - 1];
  return {
    items: rows.map(summaryView),
    nextCursor:
      result.rows.length > limit && last !== undefined
        ? encodeCursor({ rank: Number(last.rank), name: last.name })
        : null,
  };
}

interface SummaryRow {
  name: string;
  description: string;
  keywords: string;
  updated_at: string;
  latest: string | null;
  deprecated: string | null;
  rank: number;
}

function summaryView(row: SummaryRow): PackSummaryView {
  return {
    name: row.name,
    description: row.description,
    keywords: JSON.parse(row.keywords) as string[],
    latestVersion: row.latest,
    deprecated: row.deprecated !== null,
    updatedAt: rfc3339(row.updated_at),
  };
}

const pageColumns = sql`p.name, p.description, p.keywords, p.updated_at`;

/**
 * The latest version and its deprecation for the page's rows only: the page is chosen (and, with
 * text, ranked) over packs alone, so the joins run once per row shown, not once per match.
 */
function withLatest(page: RawBuilder<unknown>) {
  return sql<SummaryRow>`
    select page.*, t.version as latest, v.deprecated
    from (${page}) page
    left join pack_dist_tags t on t.name = page.name and t.tag = 'latest'
    left join pack_versions v on v.name = t.name and v.version = t.version
    order by page.rank, page.name`;
}

function whereAll(filters: RawBuilder<unknown>[]): RawBuilder<unknown> {
  return filters.length === 0 ? sql`` : sql`where ${sql.join(filters, sql` and `)}`;
}

/** Without text: name order, straight off the primary key (or the keyword and scope indexes). */
function byName(db: Kysely<PacksTables>, filters: RawBuilder<unknown>[], limit: number) {
  return withLatest(sql`
    select ${pageColumns}, 0 as rank
    from packs p
    ${whereAll(filters)}
    order by p.name
    limit ${limit + 1}`).execute(db);
}

function byRank(
  db: Kysely<PacksTables>,
  dialect: Dialect,
  words: string[],
  filters: RawBuilder<unknown>[],
  limit: number,
) {
  const matches = textMatches(dialect, words);
  return withLatest(sql`
    select ${pageColumns}, m.rank
    from ${matches.source}
    ${whereAll([...matches.conditions, ...filters])}
    order by m.rank, p.name
    limit ${limit + 1}`).execute(db);
}

/**
 * The packs matching the words as `p`, each with its rank as `m.rank`.
 * SQLite: FTS5 with bm25 (name hits weigh most, then description, then keywords; lower is better).
 * PostgreSQL: the weighted tsvector column and its GIN index, ranked by ts_rank negated so that lower
 * is better there too (as float8, so the rank survives the cursor's round trip exactly); the rank is
 * computed for matching rows only, in a lateral so that filters and ordering can name it.
 */
function textMatches(
  dialect: Dialect,
  words: string[],
): { source: RawBuilder<unknown>; conditions: RawBuilder<unknown>[] } {
  if (dialect === 'postgres') {
    const tsquery = words.map((word) => (isPrefix(word) ? `${word}:*` : word)).join(' & ');
    return {
      source: sql`packs p
        cross join to_tsquery('simple', ${tsquery}) query
        cross join lateral (select -ts_rank(p.search, query)::float8 as rank) m`,
      conditions: [sql`p.search @@ query`],
    };
  }
  const match = words.map((word) => (isPrefix(word) ? `"${word}"*` : `"${word}"`)).join(' ');
  return {
    source: sql`(select name, bm25(packs_fts, 10.0, 3.0, 1.0) as rank
        from packs_fts where packs_fts match ${match}) m
      join packs p on p.name = m.name`,
    conditions: [],
  };
}

/**
 * Words of three or more characters also match as prefixes (`fasti` finds fastify); shorter ones
 * only as whole words, since a one- or two-letter prefix matches much of the index and ranks it all.
 */
function isPrefix(word: string): boolean {
  return [...word].length >= 3;
}

/** Letters and digits only: the text never reaches a query parser as syntax. */
function searchWords(q: string): string[] {
  const words = q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length === 0) {
    throw new GtcxError('validation_failed', `q "${q}" has no letters or digits to search for`, {
      hint: 'search for words, e.g. q=react starter; omit q to list every pack by name',
      details: { errors: [{ field: 'q', message: 'has no searchable words' }] },
    });
  }
  return [...new Set(words)].slice(0, maxWords);
}

/**
 * SQLite's FTS rows are keyed by a stable 63-bit id derived from the pack name, so the service can
 * replace one pack's row without scanning the index.
 */
export function ftsRowId(name: string): bigint {
  return createHash('sha256').update(name).digest().readBigInt64BE(0) & 0x7fffffffffffffffn;
}

/** Keeps SQLite's FTS5 row for a pack equal to its packs row (PostgreSQL's column is generated). */
export async function indexPackText(
  db: Kysely<PacksTables>,
  dialect: Dialect,
  pack: { name: string; description: string; keywords: string[] },
): Promise<void> {
  if (dialect !== 'sqlite') return;
  const rowid = ftsRowId(pack.name);
  await sql`delete from packs_fts where rowid = ${rowid}`.execute(db);
  await sql`
    insert into packs_fts (rowid, name, description, keywords)
    values (${rowid}, ${pack.name}, ${pack.description}, ${pack.keywords.join(' ')})`.execute(db);
}

function pageSize(limit: number | undefined): number {
  if (limit === undefined || limit === 0) return defaultPageSize;
  if (Number.isInteger(limit) && limit >= 1 && limit <= maxPageSize) return limit;
  throw new GtcxError('validation_failed', `limit ${limit} is out of range`, {
    hint: `ask for 1 to ${maxPageSize} packs per page`,
    details: { errors: [{ field: 'limit', message: `must be from 1 to ${maxPageSize}` }] },
  });
}

function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify([position.rank, position.name]), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): Position {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      typeof parsed[0] === 'number' &&
      Number.isFinite(parsed[0]) &&
      typeof parsed[1] === 'string'
    ) {
      return { rank: parsed[0], name: parsed[1] };
    }
  } catch {
    // Falls through to the refusal below.
  }
  throw new GtcxError('validation_failed', `cursor "${cursor}" is not one this server issued`, {
    hint: 'pass the nextCursor of the previous page unchanged, with the same q, keyword and scope; omit cursor for the first page',
    details: { errors: [{ field: 'cursor', message: 'is not a cursor this server issued' }] },
  });
}
