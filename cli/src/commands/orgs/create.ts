import type { components } from '@gtcx/sdk';
import { Args, Flags } from '@oclif/core';
import { GtcxCommand } from '../../base-command.js';
import { identityServerFlag } from '../../credentials/flags.js';

type Org = components['schemas']['Org'];

export default class OrgsCreate extends GtcxCommand {
  static override summary = 'Create an org.';
  static override description =
    'Creates an org, which owns the pack scope @<name>; you become its owner. Names are lowercase letters, digits and inner hyphens.';
  static override examples = [
    { command: '<%= config.bin %> orgs create acme', description: 'Create the org acme (pack scope @acme).' },
    {
      command:
        '<%= config.bin %> orgs create acme --display-name "Acme Corp" --description "Platform team packs"',
      description: 'With a display name and a description.',
    },
  ];
  static override args = { org: Args.string({ description: 'The org name.', required: true }) };
  static override flags = {
    ...identityServerFlag,
    'display-name': Flags.string({ description: 'A human-readable name.' }),
    description: Flags.string({ description: 'What the org is for.' }),
  };

  async run(): Promise<Org> {
    const { args, flags } = await this.parse(OrgsCreate);
    const [{ openSession }, { checkName }] = await Promise.all([
      import('../../credentials/session.js'),
      import('../../credentials/inputs.js'),
    ]);
    const name = checkName('org', args.org);
    const session = await openSession(flags);
    const org = await session.call(`create org ${name}`, (client) =>
      client.POST('/v1/orgs', {
        body: {
          name,
          ...(flags['display-name'] === undefined ? {} : { displayName: flags['display-name'] }),
          ...(flags.description === undefined ? {} : { description: flags.description }),
        },
      }),
    );
    if (!this.jsonEnabled()) this.log(`Created org ${org.name} (pack scope ${org.scope}); you are its owner`);
    return org;
  }
}
