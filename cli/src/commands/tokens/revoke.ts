import { Args } from '@oclif/core';
import { GtcxCommand } from '../../base-command.js';
import { identityServerFlag } from '../../credentials/flags.js';

export default class TokensRevoke extends GtcxCommand {
  static override summary = 'Revoke a personal access token.';
  static override description = 'The token stops working immediately. gtcx tokens list shows the ids.';
  static override examples = [
    { command: '<%= config.bin %> tokens revoke tok_01H8...', description: 'Revoke one token.' },
  ];
  static override args = {
    id: Args.string({ description: 'The token id (not its value), from gtcx tokens list.', required: true }),
  };
  static override flags = { ...identityServerFlag };

  async run(): Promise<{ id: string; revoked: true }> {
    const { args, flags } = await this.parse(TokensRevoke);
    const { openSession } = await import('../../credentials/session.js');
    const session = await openSession(flags);
    await session.call(
      `revoke token ${args.id}`,
      (client) => client.DELETE('/v1/tokens/{tokenId}', { params: { path: { tokenId: args.id } } }),
      { notFound: 'gtcx tokens list shows the ids of your tokens' },
    );
    if (!this.jsonEnabled()) this.log(`Revoked token ${args.id}`);
    return { id: args.id, revoked: true };
  }
}
