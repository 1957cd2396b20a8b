import { GtcxError, type Store } from '@gtcx/core';
import type { AuthFailure, AuthOutcome } from '../modules/auth/index.js';
import { recordAuditEvent } from '../modules/compliance/index.js';
import type { Principal, Scope } from './principal.js';
import { missingScopes, type ScopeRequirement } from './requirements.js';

/** A refused call: the error to answer with, and what the audit log records about it. */
export interface Refusal extends AuthFailure {
  /** For a valid token lacking scopes: the scopes it lacks. */
  missingScopes: Scope[];
}

export type Admission = { principal: Principal } | { refusal: Refusal };

/**
 * The one decision both transports make: authenticate the bearer, then check that the token holds
 * the scope the operation declares in openapi.yaml (`admin` implies every scope).
 */
export function admit(requirement: ScopeRequirement, outcome: AuthOutcome): Admission {
  if ('failure' in outcome) return { refusal: { ...outcome.failure, missingScopes: [] } };
  const { principal } = outcome;
  const missing = missingScopes(principal, requirement);
  if (missing.length === 0) return { principal };
  const held = principal.scopes.length === 0 ? 'no scopes' : principal.scopes.join(', ');
  return {
    refusal: {
      error: new GtcxError(
        'forbidden',
        `${requirement.operationId} requires the ${missing.join(' and ')} scope; this token carries ${held}`,
        {
          hint:
            principal.authMethod === 'personalAccessToken'
              ? `create a token with ${missing.join(' ')} (POST /v1/tokens, gtcx tokens create --scope ${missing.join(' --scope ')})`
              : `request ${missing.join(' ')} when signing in (gtcx login --scope ${missing.join(' --scope ')}), or use a personal access token that carries it`,
          details: { reason: 'insufficient_scope', requiredScopes: missing },
        },
      ),
      challenge: `Bearer realm="gtcx", error="insufficient_scope", scope="${missing.join(' ')}"`,
      reason: 'insufficient_scope',
      actor: { kind: principal.kind, subject: principal.subject },
      tokenId: principal.tokenId,
      missingScopes: missing,
    },
  };
}

export interface RefusalContext {
  operationId: string;
  transport: 'http' | 'grpc';
  ip: string | null;
  requestId: string | null;
}

/**
 * Records the refusal as `auth.refused`: who (when known), what, from where and why; never the
 * token. A failing audit write does not turn the refusal into a 500: it is logged instead.
 */
export async function auditRefusal(
  store: Store,
  refusal: Refusal,
  where: RefusalContext,
  logError: (error: unknown) => void,
): Promise<void> {
  try {
    await recordAuditEvent(store.db, {
      action: 'auth.refused',
      actor: refusal.actor,
      target: `operation:${where.operationId}`,
      outcome: 'failure',
      ip: where.ip,
      requestId: where.requestId,
      details: {
        reason: refusal.reason,
        status: refusal.error.httpStatus,
        transport: where.transport,
        ...(refusal.tokenId === null ? {} : { tokenId: refusal.tokenId }),
        ...(refusal.missingScopes.length === 0 ? {} : { missingScopes: refusal.missingScopes }),
      },
    });
  } catch (error) {
    logError(error);
  }
}
