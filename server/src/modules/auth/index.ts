import type { ServerModule } from '../types.js';

/** Personal access tokens, OAuth 2.0 (token, device, revoke, introspect), JWKS and sign-in. */
export const authModule: ServerModule = {
  name: 'auth',
  handlers: {},
};
