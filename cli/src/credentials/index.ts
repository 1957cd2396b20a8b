/**
 * Credentials for gtcx servers: GTCX_TOKEN, a service account's GTCX_CLIENT_ID and GTCX_CLIENT_SECRET
 * (traded for an access token once per process), or what `gtcx login` stored (0600, per server URL)
 * and refreshes. Commands that talk to a server take their token from resolveToken.
 */
export { type ResolvedToken, resolveCredentials, resolveToken, type TokenRequest } from './resolve.js';
export { credentialsPath, type StoredCredentials, serverKey } from './store.js';
