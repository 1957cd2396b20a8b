import { Args } from '@oclif/core';
import { GtcxCommand } from '../../../base-command.js';
import { identityServerFlag } from '../../../credentials/flags.js';
import type { Membership } from '../../../credentials/members.js';

export default class OrgsInvitationsAccept extends GtcxCommand {
  static override aliases = ['orgs:join'];
  static override summary = 'Join an org with an invitation token.';
  static override description =
    'You join the org with the role the invitation names. Expired, cancelled and used tokens are refused, and so is an invitation for another user.';
  static override examples = [
    {
      command: '<%= config.bin %> orgs invitations accept gtcx_inv_...',
      description: 'Accept an invitation.',
    },
    { command: '<%= config.bin %> orgs join gtcx_inv_...', description: 'The same, shorter.' },
  ];
  static override args = {
    token: Args.string({ description: 'The invitation token you were sent.', required: true }),
  };
  static override flags = { ...identityServerFlag };

  async run(): Promise<Membership> {
    const { args, flags } = await this.parse(OrgsInvitationsAccept);
    const { openSession } = await import('../../../credentials/session.js');
    const session = await openSession(flags);
    const membership = await session.call(
      'accept the invitation',
      (client) => client.POST('/v1/invitation-acceptances', { body: { token: args.token.trim() } }),
      { notFound: 'the invitation expired, was cancelled or was used already: ask for a new one' },
    );
    if (!this.jsonEnabled()) this.log(`Joined org ${membership.org} as ${membership.role}`);
    return membership;
  }
}
