import { Args } from '@oclif/core';
import { GtcxCommand } from '../../../base-command.js';
import { identityServerFlag } from '../../../credentials/flags.js';

export default class OrgsInvitationsCancel extends GtcxCommand {
  static override summary = 'Cancel an invitation.';
  static override description =
    'The invitation token stops working. gtcx orgs invitations list shows the ids.';
  static override examples = [
    {
      command: '<%= config.bin %> orgs invitations cancel acme inv_01H8...',
      description: 'Cancel one invitation.',
    },
  ];
  static override args = {
    org: Args.string({ description: 'The org name.', required: true }),
    id: Args.string({ description: 'The invitation id.', required: true }),
  };
  static override flags = { ...identityServerFlag };

  async run(): Promise<{ org: string; id: string; cancelled: true }> {
    const { args, flags } = await this.parse(OrgsInvitationsCancel);
    const [{ openSession }, { checkName }] = await Promise.all([
      import('../../../credentials/session.js'),
      import('../../../credentials/inputs.js'),
    ]);
    const org = checkName('org', args.org);
    const session = await openSession(flags);
    await session.call(
      `cancel invitation ${args.id} of org ${org}`,
      (client) =>
        client.DELETE('/v1/orgs/{orgName}/invitations/{invitationId}', {
          params: { path: { orgName: org, invitationId: args.id } },
        }),
      { notFound: `gtcx orgs invitations list ${org} shows the pending invitations` },
    );
    if (!this.jsonEnabled()) this.log(`Cancelled invitation ${args.id} of org ${org}`);
    return { org, id: args.id, cancelled: true };
  }
}
