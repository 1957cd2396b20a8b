import { GtcxCommand } from '../base-command.js';
import { identityServerFlag } from '../credentials/flags.js';

export interface LogoutResult {
  server: string;
  /** Whether credentials were stored for the server (and are now deleted). */
  loggedOut: boolean;
  subject: string | null;
  /** Whether the server revoked the refresh token; false when it was unreachable or a PAT was stored. */
  revoked: boolean;
}

export default class Logout extends GtcxCommand {
  static override summary = 'Sign out of a gtcx server.';
  static override description =
    "Revokes the stored login's refresh token at the server and deletes the server's entry from the credentials file. The entry is deleted even when the server cannot be reached (with a warning: the refresh token then stays valid until it expires). A personal access token stored with --with-token is forgotten, not revoked: revoke it with gtcx tokens revoke. GTCX_TOKEN is not affected.";
  static override examples = [
    { command: '<%= config.bin %> logout', description: 'Sign out of the default server.' },
    {
      command: '<%= config.bin %> logout --server https://gtcx.example.com',
      description: 'Sign out of another server.',
    },
  ];
  static override flags = { ...identityServerFlag };

  async run(): Promise<LogoutResult> {
    const { flags } = await this.parse(Logout);
    const [{ resolveServer }, store, oauth] = await Promise.all([
      import('../credentials/session.js'),
      import('../credentials/store.js'),
      import('../credentials/oauth.js'),
    ]);
    const env = process.env;
    const server = await resolveServer(flags.server, env);
    const entry = await store.withCredentialsLock(env, () => store.removeCredentials(server, env));
    if (entry === undefined) {
      if (!this.jsonEnabled()) this.log(`Not logged in to ${server}; nothing to do.`);
      return { server, loggedOut: false, subject: null, revoked: false };
    }
    let revoked = false;
    if (entry.refreshToken !== null) {
      try {
        await oauth.revokeToken(oauth.oauthClient(server), server, entry.refreshToken, 'refresh_token');
        revoked = true;
      } catch (error) {
        process.stderr.write(
          `Warning: ${(error as Error).message}; the stored login was deleted, but its refresh token stays valid until it expires.\n`,
        );
      }
    }
    if (!this.jsonEnabled()) {
      this.log(
        `Logged out of ${server} (${entry.subject})${revoked ? '; the refresh token is revoked' : ''}`,
      );
      if (entry.method === 'personalAccessToken') {
        this.log(
          'The personal access token was forgotten here but still works: gtcx tokens revoke <id> ends it.',
        );
      }
    }
    return { server, loggedOut: true, subject: entry.subject, revoked };
  }
}
