import { GtcxCommand } from '../base-command.js';
import { identityServerFlag } from '../credentials/flags.js';
import type { CurrentUser } from '../credentials/login.js';

export interface WhoamiResult {
  server: string;
  /** Where the token came from: the environment (GTCX_TOKEN, or GTCX_CLIENT_ID/SECRET), or gtcx login. */
  source: 'env' | 'credentials';
  /** Set when the token was traded for GTCX_CLIENT_ID and GTCX_CLIENT_SECRET. */
  clientId?: string;
  user: CurrentUser;
}

export default class Whoami extends GtcxCommand {
  static override summary = 'Show who you are signed in as.';
  static override description =
    'Asks the server who the current token belongs to (GTCX_TOKEN, else the stored login): the username or service account, whether it is a server admin, the scopes of the token, how it authenticated and the orgs with your roles. Exits 77 when not signed in.';
  static override examples = [
    { command: '<%= config.bin %> whoami', description: 'Who you are on the default server.' },
    { command: '<%= config.bin %> whoami --json', description: 'The same as JSON.' },
  ];
  static override flags = { ...identityServerFlag };

  async run(): Promise<WhoamiResult> {
    const { flags } = await this.parse(Whoami);
    const { openSession } = await import('../credentials/session.js');
    const session = await openSession(flags);
    const user = await session.call(`read who you are at ${session.server}`, (client) =>
      client.GET('/v1/user'),
    );
    const result: WhoamiResult = {
      server: session.server,
      source: session.auth.source,
      ...(session.auth.clientId === undefined ? {} : { clientId: session.auth.clientId }),
      user,
    };
    if (!this.jsonEnabled()) this.log(render(result));
    return result;
  }
}

function render({ server, source, clientId, user }: WhoamiResult): string {
  const what = user.kind === 'serviceAccount' ? 'service account' : 'user';
  const name = user.displayName ? ` (${user.displayName})` : '';
  const method = user.authMethod === 'personalAccessToken' ? 'personal access token' : 'access token';
  const from =
    source === 'credentials'
      ? 'gtcx login'
      : clientId === undefined
        ? 'GTCX_TOKEN'
        : 'GTCX_CLIENT_ID/GTCX_CLIENT_SECRET';
  // The admin flag is the account's; the token acts as admin only when it carries the admin scope.
  const admin = user.admin
    ? user.scopes.includes('admin')
      ? ', server admin'
      : ', server admin (this token lacks the admin scope)'
    : '';
  const lines = [
    `${user.subject}${name}: ${what}${admin}`,
    `  server: ${server}`,
    `  auth: ${method} from ${from}`,
    `  scopes: ${user.scopes.join(', ') || '(none)'}`,
    `  orgs: ${user.orgs.map((org) => `${org.org} (${org.role})`).join(', ') || '(none)'}`,
  ];
  if (user.email) lines.splice(1, 0, `  email: ${user.email}`);
  return lines.join('\n');
}
