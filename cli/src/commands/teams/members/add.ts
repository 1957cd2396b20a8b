import { Args, Flags } from '@oclif/core';
import { GtcxCommand } from '../../../base-command.js';
import { identityServerFlag } from '../../../credentials/flags.js';
import { teamRoles } from '../../../credentials/inputs.js';
import type { TeamMembership } from '../../../credentials/members.js';

export default class TeamsMembersAdd extends GtcxCommand {
  static override summary = 'Add an org member to a team.';
  static override description =
    'Adds a member of the org to the team (as member by default), or changes their team role. The user must already be in the org: gtcx orgs members add first.';
  static override examples = [
    {
      command: '<%= config.bin %> teams members add acme platform alice',
      description: 'Add alice to the team.',
    },
    {
      command: '<%= config.bin %> teams members add acme platform bob --role maintainer',
      description: 'Make bob a maintainer of the team.',
    },
  ];
  static override args = {
    org: Args.string({ description: 'The org name.', required: true }),
    team: Args.string({ description: 'The team name.', required: true }),
    user: Args.string({ description: 'The username.', required: true }),
  };
  static override flags = {
    ...identityServerFlag,
    role: Flags.string({ description: 'The role in the team.', options: [...teamRoles] }),
  };

  async run(): Promise<{ membership: TeamMembership; added: boolean }> {
    const { args, flags } = await this.parse(TeamsMembersAdd);
    const [{ openSession }, { checkName }, { putTeamMember }] = await Promise.all([
      import('../../../credentials/session.js'),
      import('../../../credentials/inputs.js'),
      import('../../../credentials/members.js'),
    ]);
    const org = checkName('org', args.org);
    const team = checkName('team', args.team);
    const user = checkName('user', args.user);
    const session = await openSession(flags);
    const result = await putTeamMember(
      session,
      org,
      team,
      user,
      flags.role as (typeof teamRoles)[number] | undefined,
    );
    if (!this.jsonEnabled()) {
      this.log(
        `${result.added ? 'Added' : 'Updated'} ${user} in team ${org}/${team} as ${result.membership.role}`,
      );
    }
    return result;
  }
}
