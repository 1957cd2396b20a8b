import type { components } from '@gtcx/sdk';
import { Args } from '@oclif/core';
import { GtcxCommand } from '../../base-command.js';
import { identityServerFlag } from '../../credentials/flags.js';

type Team = components['schemas']['Team'];

export default class TeamsList extends GtcxCommand {
  static override summary = "List an org's teams.";
  static override description = "The org's teams with their member counts and descriptions.";
  static override examples = [
    { command: '<%= config.bin %> teams list acme', description: 'The teams of acme.' },
  ];
  static override args = { org: Args.string({ description: 'The org name.', required: true }) };
  static override flags = { ...identityServerFlag };

  async run(): Promise<{ org: string; teams: Team[] }> {
    const { args, flags } = await this.parse(TeamsList);
    const [{ allPages, openSession }, { checkName }, { renderTable }] = await Promise.all([
      import('../../credentials/session.js'),
      import('../../credentials/inputs.js'),
      import('../../credentials/table.js'),
    ]);
    const org = checkName('org', args.org);
    const session = await openSession(flags);
    const teams = await allPages((cursor) =>
      session.call(
        `list the teams of org ${org}`,
        (client) =>
          client.GET('/v1/orgs/{orgName}/teams', {
            params: { path: { orgName: org }, query: { limit: 100, ...(cursor ? { cursor } : {}) } },
          }),
        { notFound: 'gtcx orgs list shows the orgs you belong to' },
      ),
    );
    if (!this.jsonEnabled()) {
      const rows = teams.map((t) => [t.name, String(t.memberCount), t.description ?? '']);
      this.log(
        renderTable(
          ['NAME', 'MEMBERS', 'DESCRIPTION'],
          rows,
          `Org ${org} has no teams. Create one with gtcx teams create ${org} <team>.`,
        ),
      );
    }
    return { org, teams };
  }
}
