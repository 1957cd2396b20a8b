import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Generated, Kysely } from 'kysely';
import type { Principal } from '../../auth/principal.js';

/** Who did it: a resolved principal, or nobody known (a failed sign-in, a bad token). */
export type AuditActor = Pick<Principal, 'kind' | 'subject'> | null;

export interface AuditEventInput {
  /** Dotted verb: `pack.publish`, `token.create`, `session.create`, `org.member.set`, ... */
  action: string;
  actor: AuditActor;
  /** What it was on: `@acme/web@1.2.0`, `user:alice`, `org:acme`, `token:<id>`. */
  target: string | null;
  /** The org the event concerns, so its owners can read it. */
  org?: string | null;
  outcome: 'success' | 'failure';
  ip: string | null;
  requestId: string | null;
  /** Action-specific facts. Never secrets: no token values, passwords or hashes. */
  details?: Record<string, unknown>;
}

export interface AuditEventsTable {
  seq: Generated<number>;
  id: string;
  occurred_at: string;
  actor: string | null;
  actor_type: 'user' | 'serviceAccount' | 'anonymous';
  action: string;
  target: string | null;
  org: string | null;
  outcome: 'success' | 'failure';
  ip: string | null;
  request_id: string | null;
  details: string;
}

export interface ComplianceTables {
  audit_events: AuditEventsTable;
}

/**
 * Writes one audit event. Pass the transaction that makes the change, so the change and its record
 * commit together or not at all; refusals (which change nothing) pass the store's db.
 */
export async function recordAuditEvent(
  // biome-ignore lint/suspicious/noExplicitAny: callers pass their own module's transaction
  db: Kysely<any>,
  event: AuditEventInput,
  now: Date = new Date(),
): Promise<void> {
  await (db as Kysely<ComplianceTables>)
    .insertInto('audit_events')
    .values({
      id: randomUUID(),
      occurred_at: now.toISOString(),
      actor: event.actor?.subject ?? null,
      actor_type: event.actor?.kind ?? 'anonymous',
      action: event.action,
      target: event.target,
      org: event.org ?? null,
      outcome: event.outcome,
      ip: event.ip,
      request_id: event.requestId,
      details: JSON.stringify(event.details ?? {}),
    })
    .execute();
}

/** The request facts every audit event carries: who (when signed in), from where, which request. */
export function auditContext(request: FastifyRequest): Pick<AuditEventInput, 'actor' | 'ip' | 'requestId'> {
  const principal = request.principal;
  return {
    actor: principal === undefined ? null : { kind: principal.kind, subject: principal.subject },
    ip: request.ip,
    requestId: request.id,
  };
}
