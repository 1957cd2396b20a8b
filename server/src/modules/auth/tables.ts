/**
 * The auth module's tables as Kysely sees them. The store reads timestamps as RFC 3339 strings and
 * JSON columns as their text on both dialects.
 */
export interface PersonalAccessTokensTable {
  id: string;
  user_id: string;
  name: string;
  /** `gtcx_` and the first characters of the value, to recognise it in lists. */
  token_prefix: string;
  /** sha256 of the whole value, hex. */
  token_hash: string;
  scopes: string;
  pack_scopes: string;
  cidr_allowlist: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
  created_at: string;
  idempotency_key: string | null;
}

export interface OAuthClientsTable {
  client_id: string;
  /** The service account's users row. */
  user_id: string;
  secret_hash: string;
  scopes: string;
  created_by: string | null;
  created_at: string;
  revoked_at: string | null;
}

export interface RefreshTokensTable {
  id: string;
  token_hash: string;
  family_id: string;
  user_id: string;
  client_id: string | null;
  scopes: string;
  expires_at: string;
  used_at: string | null;
  revoked_at: string | null;
  created_at: string;
}

export interface DeviceAuthorizationsTable {
  device_code_hash: string;
  user_code: string;
  client_id: string;
  scopes: string;
  status: 'pending' | 'approved' | 'denied';
  user_id: string | null;
  interval_seconds: number;
  last_polled_at: string | null;
  expires_at: string;
  decided_at: string | null;
  created_at: string;
}

export interface JwtSigningKeysTable {
  kid: string;
  /** PKCS#8 PEM of the Ed25519 private key. */
  private_key: string;
  /** The public JWK (kty OKP, crv Ed25519, x, kid, alg, use), as JSON. */
  public_jwk: string;
  created_at: string;
  retired_at: string | null;
}

export interface RevokedAccessTokensTable {
  jti: string;
  /** When the token would have expired anyway; the row may be deleted after it. */
  expires_at: string;
}

export interface RevokedTokenFamiliesTable {
  /** A refresh token family whose access tokens (their `sid`) are refused. */
  family_id: string;
  /** When the family's last access token would have expired anyway; the row may be deleted after it. */
  expires_at: string;
}

export interface AuthTables {
  personal_access_tokens: PersonalAccessTokensTable;
  oauth_clients: OAuthClientsTable;
  refresh_tokens: RefreshTokensTable;
  device_authorizations: DeviceAuthorizationsTable;
  jwt_signing_keys: JwtSigningKeysTable;
  revoked_access_tokens: RevokedAccessTokensTable;
  revoked_token_families: RevokedTokenFamiliesTable;
}

/** A JSON column's value: the store reads JSON as text on both dialects; an already parsed value passes. */
export function parseJsonColumn<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

/** A timestamp column's value as RFC 3339 text (the store's reads already are; a Date is converted). */
export function timestampText(value: unknown): string {
  return value instanceof Date ? value.toISOString() : String(value);
}
