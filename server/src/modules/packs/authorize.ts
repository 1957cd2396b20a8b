import { GtcxError } from '@gtcx/core';
import { isServerAdmin, type OrgRole, type Principal } from '../../auth/principal.js';

/** What a change to a pack is: publishing, moving dist-tags and deprecating, or yanking. */
export type PackChange = 'publish' | 'tag' | 'deprecate' | 'yank';

/** The org roles that may make each change; `viewer` only reads. */
const rolesFor: Record<PackChange, readonly OrgRole[]> = {
  publish: ['owner', 'maintainer', 'member'],
  tag: ['owner', 'maintainer', 'member'],
  deprecate: ['owner', 'maintainer', 'member'],
  yank: ['owner', 'maintainer'],
};

/** Looks up the caller's role in an org (the users module's orgRoleOf). */
export type OrgRoleLookup = (principalId: string, org: string) => Promise<OrgRole | null>;

/**
 * Who may change a pack. The org named like the pack's scope owns it (`@acme/*` belongs to org
 * `acme`): its members publish, its maintainers and owners also yank. A token limited to pack scopes
 * works only inside them. Server admins may change every pack; unscoped names are theirs alone.
 */
export async function authorizePackChange(
  principal: Principal,
  packName: string,
  change: PackChange,
  orgRoleOf: OrgRoleLookup,
): Promise<void> {
  const scope = scopeOf(packName);
  if (principal.packScopes.length > 0 && (scope === undefined || !principal.packScopes.includes(scope))) {
    throw new GtcxError(
      'forbidden',
      `This token may publish only to ${principal.packScopes.join(', ')}, not ${scope ?? packName}`,
      {
        hint: `use a token whose packScopes include ${scope ?? 'the pack'} (or have none)`,
        details: { pack: packName, packScopes: principal.packScopes },
      },
    );
  }
  if (isServerAdmin(principal)) return;
  if (scope === undefined) {
    throw new GtcxError('forbidden', `Only server admins may change the unscoped pack ${packName}`, {
      hint: 'publish under your org instead, e.g. @<org>/<name> (gtcx orgs create <org> makes one)',
      details: { pack: packName },
    });
  }
  const org = scope.slice(1);
  const role = await orgRoleOf(principal.id, org);
  if (role === null) {
    throw new GtcxError(
      'forbidden',
      `${scope} belongs to the org ${org}, and ${principal.subject} is not in it`,
      {
        hint: `ask an owner of ${org} to add you (gtcx orgs members add ${org} ${principal.subject} --role member), or create the org if nobody has: gtcx orgs create ${org}`,
        details: { pack: packName, org },
      },
    );
  }
  if (!rolesFor[change].includes(role)) {
    throw new GtcxError(
      'forbidden',
      `A ${role} of ${org} may not ${change === 'tag' ? 'move dist-tags of' : change} ${packName}`,
      {
        hint: `${change} needs the role ${rolesFor[change].join(' or ')} in ${org}; ask an owner of ${org}`,
        details: { pack: packName, org, role, needs: rolesFor[change] },
      },
    );
  }
}

/** `@acme/web` -> `@acme`; unscoped names have none. */
export function scopeOf(packName: string): string | undefined {
  return packName.startsWith('@') ? packName.split('/')[0] : undefined;
}

/** The org whose audit log sees a change to the pack. */
export function orgOf(packName: string): string | null {
  return scopeOf(packName)?.slice(1) ?? null;
}

/** The name a version records as its publisher. */
export function publisherName(principal: Principal): string {
  return principal.subject;
}
