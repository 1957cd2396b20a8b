import { Args } from '@oclif/core';
import { GtcxCommand } from '../../base-command.js';
import { identityServerFlag } from '../../credentials/flags.js';

export default class TeamsDelete extends GtcxCommand {
  static override summary = 'Delete a team.';
  static override description = 'Deletes the team and its memberships; its members stay in the org.';
  static override examples = [
    { command: '<%= config.bin %> teams delete acme platform', description: 'Delete one team.' },
  ];
  static override args = {
    org: Args.string({ description: 'The org name.', required: true }),
    team: Args.string({ description: 'The team name.', required: true }),
  };
  static override flags = { ...identityServerFlag };

  async run(): Promise<{ org: string; team: string; deleted: true }> {
    const { args, flags } = await this.parse(TeamsDelete);
    const [{ openSession }, { checkName }] = await Promise.all([
      import('../../credentials/session.js'),
      import('../../credentials/inputs.js'),
    ]);
    const org = checkName('org', args.org);
    const name = checkName('team', args.team);
    const session = await openSession(flags);
    await session.call(
      `delete team ${org}/${name}`,
      (client) =>
        client.DELETE('/v1/orgs/{orgName}/teams/{teamName}', {
          params: { path: { orgName: org, teamName: name } },
        }),
      { notFound: `gtcx teams list ${org} shows the org's teams` },
    );
    if (!this.jsonEnabled()) this.log(`Deleted team ${org}/${name}`);
    return { org, team: name, deleted: true };
  }
}
