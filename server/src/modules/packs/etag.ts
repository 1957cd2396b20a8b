import { createHash } from 'node:crypto';
import { GtcxError } from '@gtcx/core';

/** Frozen representations (the service's cached packuments) never change, so their tag is kept. */
const frozenTags = new WeakMap<object, string>();

/** A strong ETag over a representation's JSON: it changes exactly when the content does. */
export function etagOf(value: unknown): string {
  const frozen = typeof value === 'object' && value !== null && Object.isFrozen(value) ? value : undefined;
  const known = frozen === undefined ? undefined : frozenTags.get(frozen);
  if (known !== undefined) return known;
  const etag = `"${createHash('sha256').update(JSON.stringify(value)).digest('base64url')}"`;
  if (frozen !== undefined) frozenTags.set(frozen, etag);
  return etag;
}

/** `If-None-Match: "a", W/"b"` or `*`; weak comparison, as RFC 9110 prescribes for it. */
export function noneMatch(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || trimmed.replace(/^W\//, '') === etag;
  });
}

/**
 * `If-Match`: strong comparison (RFC 9110 13.1.1); a mismatch refuses the update before anything
 * changes. `what` names the representation the tag must come from.
 */
export function assertIfMatch(header: string | undefined, etag: string, what: string): void {
  if (header === undefined) return;
  const matches = header.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || (!trimmed.startsWith('W/') && trimmed === etag);
  });
  if (matches) return;
  throw new GtcxError('precondition_failed', `If-Match ${header} is not the current ETag of ${what}`, {
    hint: `${what} changed since you read it: read it again and retry with its ETag`,
    details: { ifMatch: header, etag },
  });
}
