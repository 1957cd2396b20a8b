import type { components } from '@gtcx/sdk';
import { Args, Flags } from '@oclif/core';
import { GtcxCommand } from '../../base-command.js';
import { identityServerFlag } from '../../credentials/flags.js';

type Team = components['schemas']['Team'];

export default class TeamsCreate extends GtcxCommand {
  static override summary = 'Create a team in an org.';
  static override description = 'Creates a team in the org. Org owners and maintainers.';
  static override examples = [
    {
      command: '<%= config.bin %> teams create acme platform',
      description: 'Create the team platform in acme.',
    },
    {
      command: '<%= config.bin %> teams create acme web --description "Web templates"',
      description: 'With a description.',
    },
  ];
  static override args = {
    org: Args.string({ description: 'The org name.', required: true }),
    team: Args.string({ description: 'The team name.', required: true }),
  };
  static override flags = {
    ...identityServerFlag,
    description: Flags.string({ description: 'What the team is for.' }),
  };

  async run(): Promise<Team> {
    const { args, flags } = await this.parse(TeamsCreate);
    const [{ openSession }, { checkName }] = await Promise.all([
      import('../../credentials/session.js'),
      import('../../credentials/inputs.js'),
    ]);
    const org = checkName('org', args.org);
    const name = checkName('team', args.team);
    const session = await openSession(flags);
    const team = await session.call(
      `create team ${name} in org ${org}`,
      (client) =>
        client.POST('/v1/orgs/{orgName}/teams', {
          params: { path: { orgName: org } },
          body: { name, ...(flags.description === undefined ? {} : { description: flags.description }) },
        }),
      { notFound: 'gtcx orgs list shows the orgs you belong to' },
    );
    if (!this.jsonEnabled()) this.log(`Created team ${org}/${team.name}`);
    return team;
  }
}
