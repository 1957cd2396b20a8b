import type { Kysely } from 'kysely';
import type { Scope } from '../../auth/principal.js';
import { OAuthError } from './oauth-errors.js';
import { hashSecret, secretMatches } from './oauth-secrets.js';
import { type AuthTables, parseJsonColumn } from './tables.js';

/**
 * Public clients (RFC 6749 section 2.1) have no secret: they only start device logins and refresh
 * the tokens those gave them. `gtcx-cli` is the CLI's `gtcx login`.
 */
export const publicClientIds: ReadonlySet<string> = new Set(['gtcx-cli']);

/** What the caller presented to identify itself as a client, and how. */
export interface PresentedClient {
  clientId: string;
  secret: string | undefined;
  via: 'basic' | 'body';
}

export type AuthenticatedClient =
  | { kind: 'public'; clientId: string }
  | { kind: 'confidential'; clientId: string; userId: string; scopes: Scope[] };

export type OAuthForm = Record<string, string | string[] | undefined>;

/** One form parameter; RFC 6749 section 3.1 forbids sending one more than once. */
export function formParam(form: OAuthForm, name: string): string | undefined {
  const value = form[name];
  if (Array.isArray(value)) throw new OAuthError('invalid_request', `${name} was sent more than once`);
  return value === '' ? undefined : value;
}

/**
 * The client credentials of a request: HTTP Basic (RFC 6749 section 2.3.1, both parts
 * form-urlencoded) or `client_id`/`client_secret` in the body, never both.
 */
export function presentedClient(
  authorization: string | undefined,
  form: OAuthForm,
): PresentedClient | undefined {
  const bodyId = formParam(form, 'client_id');
  const bodySecret = formParam(form, 'client_secret');
  const basic = authorization === undefined ? undefined : parseBasic(authorization);
  if (basic !== undefined) {
    if (bodySecret !== undefined) {
      throw new OAuthError(
        'invalid_request',
        'the client authenticated twice (HTTP Basic and client_secret in the body); use one method',
      );
    }
    if (bodyId !== undefined && bodyId !== basic.clientId) {
      throw new OAuthError('invalid_request', 'client_id in the body differs from the HTTP Basic user');
    }
    return basic;
  }
  if (bodyId === undefined) {
    if (bodySecret !== undefined) throw new OAuthError('invalid_request', 'client_secret without client_id');
    return undefined;
  }
  return { clientId: bodyId, secret: bodySecret, via: 'body' };
}

function parseBasic(authorization: string): PresentedClient | undefined {
  const match = /^Basic +([A-Za-z0-9+/=]+) *$/i.exec(authorization);
  if (match === null) {
    if (/^Basic\b/i.test(authorization)) {
      throw new OAuthError('invalid_client', 'the HTTP Basic credentials are not base64', {
        basicChallenge: true,
      });
    }
    // Other schemes (a stray bearer token) do not authenticate a client at this endpoint.
    return undefined;
  }
  const decoded = Buffer.from(match[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 1) {
    throw new OAuthError('invalid_client', 'the HTTP Basic credentials are not client_id:client_secret', {
      basicChallenge: true,
    });
  }
  try {
    return {
      clientId: formDecode(decoded.slice(0, colon)),
      secret: formDecode(decoded.slice(colon + 1)),
      via: 'basic',
    };
  } catch {
    throw new OAuthError('invalid_client', 'the HTTP Basic credentials are not form-urlencoded', {
      basicChallenge: true,
    });
  }
}

function formDecode(value: string): string {
  return decodeURIComponent(value.replaceAll('+', ' '));
}

/** Stands in for a missing client's hash, so an unknown client costs what a wrong secret does. */
const absentSecretHash = hashSecret('gtcx_cs_no-such-client');

/**
 * Authenticates a presented client: a public client by its id alone, a confidential one (a service
 * account) by its secret. Unknown, revoked or wrongly authenticated clients are `invalid_client`,
 * all with the same description so none can be told apart.
 */
export async function authenticateClient(
  db: Kysely<AuthTables>,
  presented: PresentedClient,
): Promise<AuthenticatedClient> {
  const basicChallenge = presented.via === 'basic';
  if (publicClientIds.has(presented.clientId)) {
    if (presented.secret !== undefined) {
      throw new OAuthError('invalid_client', `${presented.clientId} is a public client and has no secret`, {
        basicChallenge,
      });
    }
    return { kind: 'public', clientId: presented.clientId };
  }
  const row = await db
    .selectFrom('oauth_clients')
    .select(['client_id', 'user_id', 'secret_hash', 'scopes', 'revoked_at'])
    .where('client_id', '=', presented.clientId)
    .executeTakeFirst();
  const matches = secretMatches(presented.secret ?? '', row?.secret_hash ?? absentSecretHash);
  if (row === undefined || row.revoked_at !== null || presented.secret === undefined || !matches) {
    throw new OAuthError(
      'invalid_client',
      'client authentication failed: unknown client, wrong secret, or a deleted service account',
      { basicChallenge },
    );
  }
  return {
    kind: 'confidential',
    clientId: row.client_id,
    userId: row.user_id,
    scopes: parseJsonColumn<Scope[]>(row.scopes),
  };
}
