import { Args, Flags } from '@oclif/core';
import { GtcxCommand } from '../../../base-command.js';
import { identityServerFlag } from '../../../credentials/flags.js';
import { orgRoles } from '../../../credentials/inputs.js';
import type { Membership } from '../../../credentials/members.js';

export default class OrgsMembersAdd extends GtcxCommand {
  static override summary = 'Add a user to an org.';
  static override description =
    'Adds an existing user to the org with a role (member by default); for a user already in the org, sets the role. Org owners only. To invite someone who has no account yet, use gtcx orgs invitations create.';
  static override examples = [
    { command: '<%= config.bin %> orgs members add acme alice', description: 'Add alice as a member.' },
    {
      command: '<%= config.bin %> orgs members add acme bob --role maintainer',
      description: 'Add bob as a maintainer.',
    },
  ];
  static override args = {
    org: Args.string({ description: 'The org name.', required: true }),
    user: Args.string({ description: 'The username.', required: true }),
  };
  static override flags = {
    ...identityServerFlag,
    role: Flags.string({
      description: 'The role in the org.',
      options: [...orgRoles],
      helpValue: 'ROLE',
      default: 'member',
    }),
  };

  async run(): Promise<{ membership: Membership; added: boolean }> {
    const { args, flags } = await this.parse(OrgsMembersAdd);
    const [{ openSession }, { checkName }, { putOrgMember }] = await Promise.all([
      import('../../../credentials/session.js'),
      import('../../../credentials/inputs.js'),
      import('../../../credentials/members.js'),
    ]);
    const org = checkName('org', args.org);
    const user = checkName('user', args.user);
    const session = await openSession(flags);
    const result = await putOrgMember(session, org, user, flags.role as (typeof orgRoles)[number]);
    if (!this.jsonEnabled()) {
      this.log(`${result.added ? 'Added' : 'Updated'} ${user} in org ${org} as ${result.membership.role}`);
    }
    return result;
  }
}
