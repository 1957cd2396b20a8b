import type { components } from '@gtcx/sdk';
import { Args } from '@oclif/core';
import { GtcxCommand } from '../../base-command.js';
import { identityServerFlag } from '../../credentials/flags.js';

type Org = components['schemas']['Org'];

export default class OrgsShow extends GtcxCommand {
  static override summary = 'Show an org.';
  static override description =
    'The org with its pack scope, display name and description. For its members and server admins.';
  static override examples = [
    { command: '<%= config.bin %> orgs show acme', description: 'Show the org acme.' },
  ];
  static override args = { org: Args.string({ description: 'The org name.', required: true }) };
  static override flags = { ...identityServerFlag };

  async run(): Promise<Org> {
    const { args, flags } = await this.parse(OrgsShow);
    const [{ openSession }, { checkName }] = await Promise.all([
      import('../../credentials/session.js'),
      import('../../credentials/inputs.js'),
    ]);
    const name = checkName('org', args.org);
    const session = await openSession(flags);
    const org = await session.call(
      `read org ${name}`,
      (client) => client.GET('/v1/orgs/{orgName}', { params: { path: { orgName: name } } }),
      { notFound: 'gtcx orgs list shows the orgs you belong to' },
    );
    if (!this.jsonEnabled()) {
      this.log(
        [
          `${org.name}${org.displayName ? ` (${org.displayName})` : ''}`,
          `  pack scope: ${org.scope}`,
          ...(org.description ? [`  description: ${org.description}`] : []),
          `  created: ${org.createdAt}`,
        ].join('\n'),
      );
    }
    return org;
  }
}
