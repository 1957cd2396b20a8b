import { GtcxError } from '@gtcx/core/errors';
import { Args, Flags } from '@oclif/core';
import { GtcxCommand } from '../../../base-command.js';
import { identityServerFlag } from '../../../credentials/flags.js';

/** A client id of this org's: `sa-<org>-<name>`, the name lowercase letters and digits. */
function checkClientId(org: string, clientId: string): string {
  const prefix = `sa-${org}-`;
  if (clientId.startsWith(prefix) && /^[a-z0-9]+$/.test(clientId.slice(prefix.length))) return clientId;
  throw new GtcxError(
    'validation_failed',
    `"${clientId}" is not the client id of a service account of org ${org}`,
    {
      hint: `client ids of org ${org} look like ${prefix}ci; gtcx orgs service-accounts list ${org} shows them`,
      details: { org, clientId },
    },
  );
}

export default class OrgsServiceAccountsDelete extends GtcxCommand {
  static override summary = 'Delete a service account.';
  static override description =
    'Deletes the service account and its client: its secret and every access token it was issued stop working at once, so CI using it fails until given a new one. It cannot be undone, so --yes is required. Org owners only.';
  static override examples = [
    {
      command: '<%= config.bin %> orgs service-accounts delete acme sa-acme-ci --yes',
      description: 'Delete the service account sa-acme-ci.',
    },
  ];
  static override args = {
    org: Args.string({ description: 'The org name.', required: true }),
    clientId: Args.string({
      description: 'The client id, from gtcx orgs service-accounts list.',
      required: true,
    }),
  };
  static override flags = {
    ...identityServerFlag,
    yes: Flags.boolean({ description: 'Confirm the deletion.' }),
  };

  async run(): Promise<{ org: string; clientId: string; deleted: true }> {
    const { args, flags } = await this.parse(OrgsServiceAccountsDelete);
    const [{ openSession }, { checkName }] = await Promise.all([
      import('../../../credentials/session.js'),
      import('../../../credentials/inputs.js'),
    ]);
    const org = checkName('org', args.org);
    const clientId = checkClientId(org, args.clientId);
    if (!flags.yes) {
      throw new GtcxError(
        'bad_request',
        `deleting ${clientId} stops its secret and every token it holds from working`,
        {
          hint: `run gtcx orgs service-accounts delete ${org} ${clientId} --yes to confirm`,
          details: { org, clientId },
        },
      );
    }
    const session = await openSession(flags);
    await session.call(
      `delete service account ${clientId}`,
      (client) =>
        client.DELETE('/v1/orgs/{orgName}/service-accounts/{clientId}', {
          params: { path: { orgName: org, clientId } },
        }),
      { notFound: `gtcx orgs service-accounts list ${org} shows the org's service accounts` },
    );
    if (!this.jsonEnabled())
      this.log(`Deleted service account ${clientId}; its secret and tokens no longer work`);
    return { org, clientId, deleted: true };
  }
}
