import type { components } from '@gtcx/sdk';
import { GtcxCommand } from '../../base-command.js';
import { identityServerFlag } from '../../credentials/flags.js';

type Token = components['schemas']['Token'];

export default class TokensList extends GtcxCommand {
  static override summary = 'List your personal access tokens.';
  static override description =
    'Your personal access tokens, newest first: id, name, scopes, expiry and last use. Their values are never shown again.';
  static override examples = [
    { command: '<%= config.bin %> tokens list', description: 'A table of your tokens.' },
    { command: '<%= config.bin %> tokens list --json', description: 'The same as JSON.' },
  ];
  static override flags = { ...identityServerFlag };

  async run(): Promise<{ tokens: Token[] }> {
    const { flags } = await this.parse(TokensList);
    const [{ allPages, openSession }, { renderTable, shortTime }] = await Promise.all([
      import('../../credentials/session.js'),
      import('../../credentials/table.js'),
    ]);
    const session = await openSession(flags);
    const tokens = await allPages((cursor) =>
      session.call('list your tokens', (client) =>
        client.GET('/v1/tokens', { params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } } }),
      ),
    );
    if (!this.jsonEnabled()) {
      const rows = tokens.map((token) => [
        token.id,
        token.name,
        `${token.tokenPrefix}...`,
        shortTime(token.expiresAt),
        shortTime(token.lastUsedAt),
        [...token.scopes, ...token.packScopes].join(' '),
      ]);
      this.log(
        renderTable(
          ['ID', 'NAME', 'PREFIX', 'EXPIRES', 'LAST USED', 'SCOPES'],
          rows,
          'No personal access tokens. Create one with gtcx tokens create.',
        ),
      );
    }
    return { tokens };
  }
}
