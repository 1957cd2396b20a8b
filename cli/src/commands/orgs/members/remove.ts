import { Args } from '@oclif/core';
import { GtcxCommand } from '../../../base-command.js';
import { identityServerFlag } from '../../../credentials/flags.js';

export default class OrgsMembersRemove extends GtcxCommand {
  static override summary = 'Remove a user from an org.';
  static override description =
    'Removes the user from the org and its teams. Org owners, or the member themself (leaving); the last owner cannot leave.';
  static override examples = [
    { command: '<%= config.bin %> orgs members remove acme alice', description: 'Remove alice from acme.' },
  ];
  static override args = {
    org: Args.string({ description: 'The org name.', required: true }),
    user: Args.string({ description: 'The username.', required: true }),
  };
  static override flags = { ...identityServerFlag };

  async run(): Promise<{ org: string; username: string; removed: true }> {
    const { args, flags } = await this.parse(OrgsMembersRemove);
    const [{ openSession }, { checkName }] = await Promise.all([
      import('../../../credentials/session.js'),
      import('../../../credentials/inputs.js'),
    ]);
    const org = checkName('org', args.org);
    const user = checkName('user', args.user);
    const session = await openSession(flags);
    await session.call(
      `remove ${user} from org ${org}`,
      (client) =>
        client.DELETE('/v1/orgs/{orgName}/members/{username}', {
          params: { path: { orgName: org, username: user } },
        }),
      { notFound: `gtcx orgs members list ${org} shows who is in the org` },
    );
    if (!this.jsonEnabled()) this.log(`Removed ${user} from org ${org}`);
    return { org, username: user, removed: true };
  }
}
