import type { components } from '@gtcx/sdk';
import { Args } from '@oclif/core';
import { GtcxCommand } from '../../../base-command.js';
import { identityServerFlag } from '../../../credentials/flags.js';

type ServiceAccount = components['schemas']['ServiceAccount'];

export default class OrgsServiceAccountsList extends GtcxCommand {
  static override summary = "List an org's service accounts.";
  static override description =
    "The org's service accounts by client id, with role, scopes, creator and creation time. Their secrets are never shown again. Org owners only.";
  static override examples = [
    { command: '<%= config.bin %> orgs service-accounts list acme', description: 'A table of them.' },
    { command: '<%= config.bin %> orgs service-accounts list acme --json', description: 'The same as JSON.' },
  ];
  static override args = { org: Args.string({ description: 'The org name.', required: true }) };
  static override flags = { ...identityServerFlag };

  async run(): Promise<{ serviceAccounts: ServiceAccount[] }> {
    const { args, flags } = await this.parse(OrgsServiceAccountsList);
    const [{ allPages, openSession }, { checkName }, { renderTable, shortTime }] = await Promise.all([
      import('../../../credentials/session.js'),
      import('../../../credentials/inputs.js'),
      import('../../../credentials/table.js'),
    ]);
    const org = checkName('org', args.org);
    const session = await openSession(flags);
    const serviceAccounts = await allPages((cursor) =>
      session.call(
        `list the service accounts of org ${org}`,
        (client) =>
          client.GET('/v1/orgs/{orgName}/service-accounts', {
            params: { path: { orgName: org }, query: { limit: 100, ...(cursor ? { cursor } : {}) } },
          }),
        { notFound: 'gtcx orgs list shows the orgs you belong to' },
      ),
    );
    if (!this.jsonEnabled()) {
      const rows = serviceAccounts.map((account) => [
        account.clientId,
        account.role ?? '(none)',
        account.createdBy ?? '',
        shortTime(account.createdAt),
        account.scopes.join(' '),
      ]);
      this.log(
        renderTable(
          ['CLIENT ID', 'ROLE', 'CREATED BY', 'CREATED', 'SCOPES'],
          rows,
          `No service accounts in org ${org}. Create one with gtcx orgs service-accounts create ${org} <name> --scope SCOPE.`,
        ),
      );
    }
    return { serviceAccounts };
  }
}
