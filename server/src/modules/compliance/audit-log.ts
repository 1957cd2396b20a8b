import { GtcxError } from '@gtcx/core';
import type { components } from '@gtcx/sdk';
import { type Kysely, sql } from 'kysely';
import type { AuditEventsTable, ComplianceTables } from './audit.js';
import { decodeAuditCursor, encodeAuditCursor } from './audit-cursor.js';

export type AuditEvent = components['schemas']['AuditEvent'];
export type AuditEventList = components['schemas']['AuditEventList'];

/** What the audit log can be narrowed by; every filter given must match. */
export interface AuditFilters {
  /** A username or a service account's client id. */
  actor?: string | undefined;
  /** `pack.publish`, or a prefix ending in `.*` (`token.*`) for every action under it. */
  action?: string | undefined;
  target?: string | undefined;
  org?: string | undefined;
  /** RFC 3339: events at or after it. */
  since?: string | undefined;
  /** RFC 3339: events before it. */
  until?: string | undefined;
}

export interface AuditPage {
  /** 1..100; 20 when left out. */
  limit?: number | undefined;
  /** The nextCursor of the previous page. */
  cursor?: string | undefined;
}

export const defaultAuditPageSize = 20;

type Row = Omit<AuditEventsTable, 'seq'> & { seq: number };

/** A page of the audit log, newest first. */
export async function listAuditEvents(
  // biome-ignore lint/suspicious/noExplicitAny: the store's db serves every module's tables
  db: Kysely<any>,
  filters: AuditFilters,
  page: AuditPage = {},
): Promise<AuditEventList> {
  const limit = page.limit ?? defaultAuditPageSize;
  const before = page.cursor === undefined ? undefined : decodeAuditCursor(page.cursor);
  let query = (db as Kysely<ComplianceTables>).selectFrom('audit_events').selectAll();
  if (filters.actor !== undefined) query = query.where('actor', '=', filters.actor);
  if (filters.action !== undefined) {
    const prefix = actionPrefix(filters.action);
    query =
      prefix === undefined
        ? query.where('action', '=', filters.action)
        : query.where(sql<boolean>`${sql.ref('action')} like ${`${escapeLike(prefix)}.%`} escape '\\'`);
  }
  if (filters.target !== undefined) query = query.where('target', '=', filters.target);
  if (filters.org !== undefined) query = query.where('org', '=', filters.org);
  // Stored as toISOString() text on SQLite, where only the same shape compares correctly.
  if (filters.since !== undefined)
    query = query.where('occurred_at', '>=', canonicalTime('since', filters.since));
  if (filters.until !== undefined)
    query = query.where('occurred_at', '<', canonicalTime('until', filters.until));
  if (before !== undefined) query = query.where('seq', '<', before);
  const rows = (await query
    .orderBy('seq', 'desc')
    .limit(limit + 1)
    .execute()) as Row[];
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items: items.map(auditEventView),
    nextCursor: rows.length > limit && last !== undefined ? encodeAuditCursor(Number(last.seq)) : null,
  };
}

/** `token.*` -> `token`; an exact action -> undefined. */
function actionPrefix(action: string): string | undefined {
  return action.endsWith('.*') ? action.slice(0, -2) : undefined;
}

/** Actions may hold `_`, a LIKE wildcard. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

function canonicalTime(field: 'since' | 'until', value: string): string {
  const time = new Date(value);
  if (!Number.isNaN(time.getTime())) return time.toISOString();
  throw new GtcxError('validation_failed', `${field} "${value}" is not a date-time`, {
    hint: `pass ${field} as RFC 3339, e.g. 2025-01-31T00:00:00Z`,
    details: { errors: [{ field, message: 'must be an RFC 3339 date-time' }] },
  });
}

function auditEventView(row: Row): AuditEvent {
  return {
    id: row.id,
    occurredAt: new Date(row.occurred_at).toISOString(),
    actor: row.actor,
    actorType: row.actor_type,
    action: row.action,
    target: row.target,
    org: row.org,
    outcome: row.outcome,
    ip: row.ip,
    requestId: row.request_id,
    details: parseDetails(row.details),
  };
}

/** Written by recordAuditEvent as a JSON object; anything else reads as none rather than failing the page. */
function parseDetails(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}
