import { GtcxError } from '@gtcx/core';
import type { Principal } from '../../auth/admin-token.js';

/**
 * Who may change a pack (publish, dist-tags, deprecate, yank). Until identity lands, the admin token
 * may change every pack; org ownership of the scope replaces this one function.
 */
export function authorizePublish(principal: Principal, packName: string): void {
  if (principal.kind === 'admin') return;
  throw new GtcxError('forbidden', `you may not publish to ${packName}`, {
    hint: `ask an owner of ${packName.split('/')[0]} for publish rights`,
    details: { pack: packName },
  });
}

/** The name a version records as its publisher. */
export function publisherName(principal: Principal): string {
  return principal.kind;
}
