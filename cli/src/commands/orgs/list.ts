import type { components } from '@gtcx/sdk';
import { GtcxCommand } from '../../base-command.js';
import { identityServerFlag } from '../../credentials/flags.js';

type Org = components['schemas']['Org'];

export default class OrgsList extends GtcxCommand {
  static override summary = 'List the orgs you belong to.';
  static override description =
    'The orgs you are a member of (every org, for a server admin), by name, with the pack scope each owns.';
  static override examples = [
    { command: '<%= config.bin %> orgs list', description: 'A table of your orgs.' },
    { command: '<%= config.bin %> orgs list --json', description: 'The same as JSON.' },
  ];
  static override flags = { ...identityServerFlag };

  async run(): Promise<{ orgs: Org[] }> {
    const { flags } = await this.parse(OrgsList);
    const [{ allPages, openSession }, { renderTable }] = await Promise.all([
      import('../../credentials/session.js'),
      import('../../credentials/table.js'),
    ]);
    const session = await openSession(flags);
    const orgs = await allPages((cursor) =>
      session.call('list orgs', (client) =>
        client.GET('/v1/orgs', { params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } } }),
      ),
    );
    if (!this.jsonEnabled()) {
      const rows = orgs.map((org) => [org.name, org.scope, org.displayName ?? '', org.description ?? '']);
      this.log(
        renderTable(
          ['NAME', 'SCOPE', 'DISPLAY NAME', 'DESCRIPTION'],
          rows,
          'No orgs. Create one with gtcx orgs create <name>.',
        ),
      );
    }
    return { orgs };
  }
}
