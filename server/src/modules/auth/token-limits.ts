import { GtcxError } from '@gtcx/core';
import type { Kysely } from 'kysely';
import type { Principal } from '../../auth/principal.js';
import { getPersonalAccessToken, maxTokenLifetimeDays } from './personal-tokens.js';

/** The network and lifetime limits of the personal access token a request came with, if any. */
export interface CallerTokenLimits {
  cidrAllowlist: string[];
  expiresAt: string | null;
}

/**
 * A token can only hand on what it has: whatever a limited personal access token creates stays
 * inside its networks and ends no later than it does, or the limits would be one request away
 * from gone. Access tokens from a sign-in carry no such limits.
 */
export async function callerTokenLimits(
  // biome-ignore lint/suspicious/noExplicitAny: the auth module's db
  db: Kysely<any>,
  principal: Principal,
): Promise<CallerTokenLimits | undefined> {
  if (principal.authMethod !== 'personalAccessToken') return undefined;
  const token = await getPersonalAccessToken(db, principal.id, principal.tokenId);
  return { cidrAllowlist: token.cidrAllowlist, expiresAt: token.expiresAt };
}

/** The new token's networks and expiry within the caller's: asked-for values checked, defaults inherited. */
export function inheritTokenLimits(
  limits: CallerTokenLimits | undefined,
  asked: { cidrAllowlist?: string[] | undefined; expiresAt?: string | undefined },
): { cidrAllowlist: string[] | undefined; expiresAt: string | undefined } {
  if (limits === undefined) return { cidrAllowlist: asked.cidrAllowlist, expiresAt: asked.expiresAt };
  let cidrAllowlist = asked.cidrAllowlist;
  if (limits.cidrAllowlist.length > 0) {
    if (cidrAllowlist === undefined || cidrAllowlist.length === 0) cidrAllowlist = limits.cidrAllowlist;
    const wider = cidrAllowlist.filter((cidr) => !limits.cidrAllowlist.includes(cidr));
    if (wider.length > 0) {
      throw new GtcxError(
        'forbidden',
        `Your token may be used only from ${limits.cidrAllowlist.join(', ')}; it cannot allow ${wider.join(', ')}`,
        {
          hint: 'leave cidrAllowlist out (the new token inherits yours) or pick from your own networks',
          details: { cidrAllowlist: wider },
        },
      );
    }
  }
  let expiresAt = asked.expiresAt;
  if (limits.expiresAt !== null) {
    if (expiresAt === undefined) expiresAt = limits.expiresAt;
    // A date no token may have at all is the validator's to name (400 on body.expiresAt), not a refusal.
    const plausible = Date.parse(expiresAt) <= Date.now() + maxTokenLifetimeDays * 86_400_000;
    if (plausible && Date.parse(expiresAt) > Date.parse(limits.expiresAt)) {
      throw new GtcxError(
        'forbidden',
        `Your token expires at ${limits.expiresAt}; it cannot create one that lives longer`,
        {
          hint: `leave expiresAt out (the new token ends with yours) or pick a time before ${limits.expiresAt}`,
          details: { expiresAt },
        },
      );
    }
  }
  return { cidrAllowlist, expiresAt };
}

/**
 * A device login hands the device fresh tokens with none of the approving token's pack-scope or
 * network limits, so only an unlimited token (a sign-in, or a personal token without limits) may
 * approve one.
 */
export function assertMayApproveDevices(principal: Principal, limits: CallerTokenLimits | undefined): void {
  const limited = principal.packScopes.length > 0 || (limits?.cidrAllowlist.length ?? 0) > 0;
  if (!limited) return;
  throw new GtcxError(
    'forbidden',
    'A token limited to pack scopes or networks cannot approve a device login: the device would get tokens without those limits',
    {
      hint: "approve on the server's /device page with your password, or with a token that has no pack-scope or network limit",
    },
  );
}
