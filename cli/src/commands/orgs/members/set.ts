import { Args, Flags } from '@oclif/core';
import { GtcxCommand } from '../../../base-command.js';
import { identityServerFlag } from '../../../credentials/flags.js';
import { orgRoles } from '../../../credentials/inputs.js';
import type { Membership } from '../../../credentials/members.js';

export default class OrgsMembersSet extends GtcxCommand {
  static override summary = "Change a member's role in an org.";
  static override description =
    "Sets the user's role in the org (adding them when they are not a member yet). Org owners only; the last owner cannot be demoted.";
  static override examples = [
    {
      command: '<%= config.bin %> orgs members set acme alice --role owner',
      description: 'Make alice an owner.',
    },
  ];
  static override args = {
    org: Args.string({ description: 'The org name.', required: true }),
    user: Args.string({ description: 'The username.', required: true }),
  };
  static override flags = {
    ...identityServerFlag,
    role: Flags.string({
      description: 'The new role.',
      options: [...orgRoles],
      helpValue: 'ROLE',
      required: true,
    }),
  };

  async run(): Promise<{ membership: Membership; added: boolean }> {
    const { args, flags } = await this.parse(OrgsMembersSet);
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
      this.log(`${user} is now ${result.membership.role} of org ${org}${result.added ? ' (added)' : ''}`);
    }
    return result;
  }
}
