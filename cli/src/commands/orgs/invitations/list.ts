import type { components } from '@gtcx/sdk';
import { Args } from '@oclif/core';
import { GtcxCommand } from '../../../base-command.js';
import { identityServerFlag } from '../../../credentials/flags.js';

type Invitation = components['schemas']['Invitation'];

export default class OrgsInvitationsList extends GtcxCommand {
  static override summary = "List an org's pending invitations.";
  static override description =
    "The org's pending invitations, newest first (never their tokens). Org owners only.";
  static override examples = [
    { command: '<%= config.bin %> orgs invitations list acme', description: 'Pending invitations to acme.' },
  ];
  static override args = { org: Args.string({ description: 'The org name.', required: true }) };
  static override flags = { ...identityServerFlag };

  async run(): Promise<{ org: string; invitations: Invitation[] }> {
    const { args, flags } = await this.parse(OrgsInvitationsList);
    const [{ allPages, openSession }, { checkName }, { renderTable, shortTime }] = await Promise.all([
      import('../../../credentials/session.js'),
      import('../../../credentials/inputs.js'),
      import('../../../credentials/table.js'),
    ]);
    const org = checkName('org', args.org);
    const session = await openSession(flags);
    const invitations = await allPages((cursor) =>
      session.call(
        `list the invitations of org ${org}`,
        (client) =>
          client.GET('/v1/orgs/{orgName}/invitations', {
            params: { path: { orgName: org }, query: { limit: 100, ...(cursor ? { cursor } : {}) } },
          }),
        { notFound: 'gtcx orgs list shows the orgs you belong to' },
      ),
    );
    if (!this.jsonEnabled()) {
      const rows = invitations.map((i) => [
        i.id,
        i.role,
        i.username ?? i.email ?? '(anyone)',
        i.invitedBy,
        shortTime(i.expiresAt),
      ]);
      this.log(
        renderTable(
          ['ID', 'ROLE', 'FOR', 'INVITED BY', 'EXPIRES'],
          rows,
          `Org ${org} has no pending invitations.`,
        ),
      );
    }
    return { org, invitations };
  }
}
