import { GtcxError } from '@gtcx/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Scope } from '../../auth/principal.js';
import { principalOf } from '../../auth/request.js';
import { auditContext, recordAuditEvent } from '../compliance/index.js';
import type { AppContext, OperationHandler, OperationHandlers } from '../types.js';
import { usersServiceFor } from '../users/index.js';
import { decideDeviceAuthorization, startDeviceAuthorization } from './device-authorizations.js';
import { issuerOf } from './identity.js';
import { authenticateClient, formParam, type OAuthForm, presentedClient } from './oauth-clients.js';
import { OAuthError, sendOAuthError } from './oauth-errors.js';
import { revokeOAuthToken, type TokenTypeHint } from './oauth-revocation.js';
import { parseScopeParameter } from './oauth-scopes.js';
import {
  clientCredentialsGrant,
  deviceCodeGrant,
  deviceCodeGrantType,
  type GrantContext,
  refreshTokenGrant,
} from './oauth-tokens.js';
import type { OAuthUsers } from './oauth-users.js';
import { createServiceAccount, deleteServiceAccount, listServiceAccounts } from './service-accounts.js';
import { createSession } from './sessions.js';
import type { AuthTables } from './tables.js';
import { assertMayApproveDevices, callerTokenLimits } from './token-limits.js';

/** The users module's service for this app. */
function usersOf(ctx: AppContext): OAuthUsers {
  return usersServiceFor(ctx);
}

function grantContext(ctx: AppContext, request: FastifyRequest): GrantContext {
  return {
    store: ctx.store,
    users: usersOf(ctx),
    issuer: issuerOf(ctx.config, request),
    now: new Date(),
    audit: { ip: request.ip, requestId: request.id },
  };
}

/** Answers that carry credentials are never cached (RFC 6749 section 5.1, RFC 8628 section 3.2). */
function noStore(reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
}

/** The OAuth endpoints, sign-in, device approval and service accounts. */
export const oauthHandlers: OperationHandlers = {
  createOAuthToken: oauthEndpoint('oauth.token', async ({ request, reply, ctx }, form) => {
    const context = grantContext(ctx, request);
    const grantType = formParam(form, 'grant_type');
    const presented = presentedClient(request.headers.authorization, form);
    const scopes = parseScopeParameter(form.scope);
    let body: unknown;
    if (grantType === 'client_credentials') {
      body = await clientCredentialsGrant(context, presented, scopes);
    } else if (grantType === 'refresh_token') {
      body = await refreshTokenGrant(context, presented, required(form, 'refresh_token'), scopes);
    } else if (grantType === deviceCodeGrantType) {
      body = await deviceCodeGrant(context, presented, required(form, 'device_code'));
    } else {
      throw new OAuthError('unsupported_grant_type', `grant_type ${grantType ?? '(none)'} is not supported`);
    }
    return noStore(reply).send(body);
  }),

  createDeviceAuthorization: oauthEndpoint(
    'oauth.device_authorization',
    async ({ request, reply, ctx }, form) => {
      const presented = presentedClient(request.headers.authorization, form);
      if (presented === undefined) throw new OAuthError('invalid_request', 'client_id is required');
      const client = await authenticateClient(ctx.store.db, presented);
      if (client.kind !== 'public') {
        throw new OAuthError(
          'unauthorized_client',
          `${client.clientId} may not start device logins; it uses client_credentials`,
        );
      }
      const scopes = parseScopeParameter(form.scope);
      const started = await startDeviceAuthorization(
        ctx.store,
        { clientId: client.clientId, scopes },
        new Date(),
      );
      const verificationUri = `${issuerOf(ctx.config, request)}/device`;
      return noStore(reply).send({
        device_code: started.deviceCode,
        user_code: started.userCode,
        verification_uri: verificationUri,
        verification_uri_complete: `${verificationUri}?user_code=${started.userCode}`,
        expires_in: started.expiresIn,
        interval: started.interval,
      });
    },
  ),

  revokeOAuthToken: oauthEndpoint('oauth.revoke', async ({ request, reply, ctx }, form) => {
    const presented = presentedClient(request.headers.authorization, form);
    const hint = formParam(form, 'token_type_hint') as TokenTypeHint | undefined;
    await revokeOAuthToken(grantContext(ctx, request), presented, required(form, 'token'), hint);
    return noStore(reply).code(200).send();
  }),

  createSession: async ({ request, reply, ctx }) => {
    const body = request.body as { username: string; password: string; scopes?: Scope[] };
    const pair = await createSession(grantContext(ctx, request), body);
    return noStore(reply).code(201).send(pair);
  },

  approveDevice: async ({ request, reply, ctx }) => {
    const principal = principalOf(request);
    const body = request.body as { userCode: string; approve?: boolean };
    const approve = body.approve ?? true;
    if (principal.kind !== 'user') {
      throw new GtcxError('forbidden', 'only a person may approve a device login', {
        hint: 'sign in as yourself (gtcx login, or POST /v1/sessions) and approve with that token',
      });
    }
    assertMayApproveDevices(principal, await callerTokenLimits(ctx.store.db, principal));
    const retry = typeof request.headers['idempotency-key'] === 'string';
    const decision = await ctx.store.transaction(async (trx) => {
      const { replayed, ...decided } = await decideDeviceAuthorization(
        trx as Kysely<AuthTables>,
        ctx.store.dialect,
        {
          userCode: body.userCode,
          approve,
          approver: { userId: principal.id, admin: principal.admin, tokenScopes: principal.scopes },
          retry,
        },
        new Date(),
      );
      if (replayed) return decided;
      await recordAuditEvent(trx, {
        ...auditContext(request),
        action: approve ? 'device.approve' : 'device.deny',
        target: `device:${decided.userCode}`,
        outcome: 'success',
        details: { clientId: decided.clientId, scopes: decided.scopes },
      });
      return decided;
    });
    return reply.code(201).send(decision);
  },

  listServiceAccounts: async ({ request, ctx }) => {
    const { orgName } = request.params as { orgName: string };
    const query = request.query as { limit?: number; cursor?: string };
    return listServiceAccounts(serviceAccountsContext(ctx, request), orgName, query);
  },

  createServiceAccount: async ({ request, reply, ctx }) => {
    const { orgName } = request.params as { orgName: string };
    const body = request.body as {
      name: string;
      role: 'owner' | 'maintainer' | 'member' | 'viewer';
      scopes: Scope[];
    };
    const key = request.headers['idempotency-key'];
    const created = await createServiceAccount(
      serviceAccountsContext(ctx, request),
      orgName,
      body,
      typeof key === 'string' ? key : undefined,
    );
    return noStore(reply)
      .code(201)
      .header('location', `/v1/orgs/${orgName}/service-accounts/${created.serviceAccount.clientId}`)
      .send(created);
  },

  deleteServiceAccount: async ({ request, reply, ctx }) => {
    const { orgName, clientId } = request.params as { orgName: string; clientId: string };
    await deleteServiceAccount(serviceAccountsContext(ctx, request), orgName, clientId);
    return reply.code(204).send();
  },
};

function serviceAccountsContext(ctx: AppContext, request: FastifyRequest) {
  return {
    store: ctx.store,
    users: usersOf(ctx),
    principal: principalOf(request),
    audit: auditContext(request),
    now: new Date(),
  };
}

function required(form: OAuthForm, name: string): string {
  const value = formParam(form, name);
  if (value === undefined) throw new OAuthError('invalid_request', `${name} is required`);
  return value;
}

/**
 * An endpoint that answers refusals in the RFC 6749 JSON shape. Refusals are audited (as `action`,
 * failure) unless they already were with the change they made; a device still waiting for its user
 * is not a failure worth a record.
 */
function oauthEndpoint(
  action: string,
  handle: (call: Parameters<OperationHandler>[0], form: OAuthForm) => Promise<unknown>,
): OperationHandler {
  return async (call) => {
    const form = (call.request.body ?? {}) as OAuthForm;
    try {
      return await handle(call, form);
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      const waiting = error.error === 'authorization_pending' || error.error === 'slow_down';
      if (!waiting && error.options.audited !== true) await auditRefusal(call, action, form, error);
      return sendOAuthError(call.reply, error);
    }
  };
}

async function auditRefusal(
  { request, ctx }: Parameters<OperationHandler>[0],
  action: string,
  form: OAuthForm,
  error: OAuthError,
): Promise<void> {
  const clientId = typeof form.client_id === 'string' ? form.client_id : basicClientId(request);
  const grantType = typeof form.grant_type === 'string' ? form.grant_type : undefined;
  await recordAuditEvent(ctx.store.db, {
    actor: null,
    ip: request.ip,
    requestId: request.id,
    action,
    target: clientId === undefined ? null : `client:${clientId}`,
    outcome: 'failure',
    details: { grantType, clientId, error: error.error, description: error.description },
  });
}

/** The client id of an HTTP Basic header, for the audit record (never the secret). */
function basicClientId(request: FastifyRequest): string | undefined {
  const match = /^Basic +([A-Za-z0-9+/=]+) *$/i.exec(request.headers.authorization ?? '');
  if (match === null) return undefined;
  const decoded = Buffer.from(match[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 1 ? undefined : decoded.slice(0, colon);
}
