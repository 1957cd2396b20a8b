import { Args } from '@oclif/core';
import { GtcxCommand } from '../../../base-command.js';
import { identityServerFlag } from '../../../credentials/flags.js';

export default class TeamsMembersRemove extends GtcxCommand {
  static override summary = 'Remove a user from a team.';
  static override description = 'Removes the user from the team; they stay in the org.';
  static override examples = [
    {
      command: '<%= config.bin %> teams members remove acme platform alice',
      description: 'Take alice off the team.',
    },
  ];
  static override args = {
    org: Args.string({ description: 'The org name.', required: true }),
    team: Args.string({ description: 'The team name.', required: true }),
    user: Args.string({ description: 'The username.', required: true }),
  };
  static override flags = { ...identityServerFlag };

  async run(): Promise<{ org: string; team: string; username: string; removed: true }> {
    const { args, flags } = await this.parse(TeamsMembersRemove);
    const [{ openSession }, { checkName }] = await Promise.all([
      import('../../../credentials/session.js'),
      import('../../../credentials/inputs.js'),
    ]);
    const org = checkName('org', args.org);
    const team = checkName('team', args.team);
    const user = checkName('user', args.user);
    const session = await openSession(flags);
    await session.call(
      `remove ${user} from team ${org}/${team}`,
      (client) =>
        client.DELETE('/v1/orgs/{orgName}/teams/{teamName}/members/{username}', {
          params: { path: { orgName: org, teamName: team, username: user } },
        }),
      { notFound: `gtcx teams members list ${org} ${team} shows who is in the team` },
    );
    if (!this.jsonEnabled()) this.log(`Removed ${user} from team ${org}/${team}`);
    return { org, team, username: user, removed: true };
  }
}
