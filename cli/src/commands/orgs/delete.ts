import { GtcxError } from '@gtcx/core/errors';
import { Args, Flags } from '@oclif/core';
import { GtcxCommand } from '../../base-command.js';
import { identityServerFlag } from '../../credentials/flags.js';

export default class OrgsDelete extends GtcxCommand {
  static override summary = 'Delete an org.';
  static override description =
    'Deletes the org with its teams, memberships and invitations; it cannot be undone, so --yes is required. Refused while the org owns published packs. Org owners only.';
  static override examples = [
    { command: '<%= config.bin %> orgs delete acme --yes', description: 'Delete the org acme.' },
  ];
  static override args = { org: Args.string({ description: 'The org name.', required: true }) };
  static override flags = {
    ...identityServerFlag,
    yes: Flags.boolean({ description: 'Confirm the deletion.' }),
  };

  async run(): Promise<{ org: string; deleted: true }> {
    const { args, flags } = await this.parse(OrgsDelete);
    const [{ openSession }, { checkName }] = await Promise.all([
      import('../../credentials/session.js'),
      import('../../credentials/inputs.js'),
    ]);
    const name = checkName('org', args.org);
    if (!flags.yes) {
      throw new GtcxError(
        'bad_request',
        `deleting org ${name} also deletes its teams, memberships and invitations`,
        {
          hint: `run gtcx orgs delete ${name} --yes to confirm`,
          details: { org: name },
        },
      );
    }
    const session = await openSession(flags);
    await session.call(
      `delete org ${name}`,
      (client) => client.DELETE('/v1/orgs/{orgName}', { params: { path: { orgName: name } } }),
      { notFound: 'gtcx orgs list shows the orgs you belong to' },
    );
    if (!this.jsonEnabled()) this.log(`Deleted org ${name}`);
    return { org: name, deleted: true };
  }
}
