import type { components } from '@gtcx/sdk';
import { Args } from '@oclif/core';
import { GtcxCommand } from '../../base-command.js';
import { identityServerFlag } from '../../credentials/flags.js';

type Team = components['schemas']['Team'];

export default class TeamsShow extends GtcxCommand {
  static override summary = 'Show a team.';
  static override description = 'The team with its description and member count.';
  static override examples = [
    { command: '<%= config.bin %> teams show acme platform', description: 'Show one team.' },
  ];
  static override args = {
    org: Args.string({ description: 'The org name.', required: true }),
    team: Args.string({ description: 'The team name.', required: true }),
  };
  static override flags = { ...identityServerFlag };

  async run(): Promise<Team> {
    const { args, flags } = await this.parse(TeamsShow);
    const [{ openSession }, { checkName }] = await Promise.all([
      import('../../credentials/session.js'),
      import('../../credentials/inputs.js'),
    ]);
    const org = checkName('org', args.org);
    const name = checkName('team', args.team);
    const session = await openSession(flags);
    const team = await session.call(
      `read team ${org}/${name}`,
      (client) =>
        client.GET('/v1/orgs/{orgName}/teams/{teamName}', {
          params: { path: { orgName: org, teamName: name } },
        }),
      { notFound: `gtcx teams list ${org} shows the org's teams` },
    );
    if (!this.jsonEnabled()) {
      const lines = [`${team.org}/${team.name}`, `  members: ${team.memberCount}`];
      if (team.description) lines.push(`  description: ${team.description}`);
      lines.push(`  created: ${team.createdAt}`);
      this.log(lines.join('\n'));
    }
    return team;
  }
}
