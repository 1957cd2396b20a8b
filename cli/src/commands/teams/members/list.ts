import { Args } from '@oclif/core';
import { GtcxCommand } from '../../../base-command.js';
import { identityServerFlag } from '../../../credentials/flags.js';
import type { TeamMembership } from '../../../credentials/members.js';

export default class TeamsMembersList extends GtcxCommand {
  static override summary = "List a team's members.";
  static override description = "The team's members and their team roles (maintainer, member).";
  static override examples = [
    { command: '<%= config.bin %> teams members list acme platform', description: 'Who is in the team.' },
  ];
  static override args = {
    org: Args.string({ description: 'The org name.', required: true }),
    team: Args.string({ description: 'The team name.', required: true }),
  };
  static override flags = { ...identityServerFlag };

  async run(): Promise<{ org: string; team: string; members: TeamMembership[] }> {
    const { args, flags } = await this.parse(TeamsMembersList);
    const [{ allPages, openSession }, { checkName }, { renderTable, shortTime }] = await Promise.all([
      import('../../../credentials/session.js'),
      import('../../../credentials/inputs.js'),
      import('../../../credentials/table.js'),
    ]);
    const org = checkName('org', args.org);
    const team = checkName('team', args.team);
    const session = await openSession(flags);
    const members = await allPages((cursor) =>
      session.call(
        `list the members of team ${org}/${team}`,
        (client) =>
          client.GET('/v1/orgs/{orgName}/teams/{teamName}/members', {
            params: {
              path: { orgName: org, teamName: team },
              query: { limit: 100, ...(cursor ? { cursor } : {}) },
            },
          }),
        { notFound: `gtcx teams list ${org} shows the org's teams` },
      ),
    );
    if (!this.jsonEnabled()) {
      const rows = members.map((m) => [m.username, m.role, shortTime(m.createdAt)]);
      this.log(renderTable(['USERNAME', 'ROLE', 'SINCE'], rows, `Team ${org}/${team} has no members.`));
    }
    return { org, team, members };
  }
}
