import { GtcxError } from '@gtcx/core';
import { isServerAdmin, type Principal } from '../../auth/principal.js';

/**
 * Who may change a pack (publish, dist-tags, deprecate, yank). A token limited to pack scopes works
 * only inside them; within that, server admins may change every pack (org ownership of the scope
 * extends this to org members).
 */
export function authorizePublish(principal: Principal, packName: string): void {
  const scope = packName.split('/')[0] ?? packName;
  if (principal.packScopes.length > 0 && !principal.packScopes.includes(scope)) {
    throw new GtcxError(
      'forbidden',
      `This token may publish only to ${principal.packScopes.join(', ')}, not ${scope}`,
      {
        hint: `use a token whose packScopes include ${scope} (or have none)`,
        details: { pack: packName, packScopes: principal.packScopes },
      },
    );
  }
  if (isServerAdmin(principal)) return;
  throw new GtcxError('forbidden', `you may not publish to ${packName}`, {
    hint: `ask an owner of ${scope} for publish rights`,
    details: { pack: packName },
  });
}

/** The name a version records as its publisher. */
export function publisherName(principal: Principal): string {
  return principal.subject;
}
