import { Args } from '@oclif/core';
import { GtcxCommand } from '../../../base-command.js';
import { identityServerFlag } from '../../../credentials/flags.js';
import type { Membership } from '../../../credentials/members.js';

export default class OrgsMembersList extends GtcxCommand {
  static override summary = "List an org's members.";
  static override description =
    "The org's members and their roles (owner, maintainer, member, viewer), by username.";
  static override examples = [
    { command: '<%= config.bin %> orgs members list acme', description: 'Who is in acme.' },
  ];
  static override args = { org: Args.string({ description: 'The org name.', required: true }) };
  static override flags = { ...identityServerFlag };

  async run(): Promise<{ org: string; members: Membership[] }> {
    const { args, flags } = await this.parse(OrgsMembersList);
    const [{ allPages, openSession }, { checkName }, { renderTable, shortTime }] = await Promise.all([
      import('../../../credentials/session.js'),
      import('../../../credentials/inputs.js'),
      import('../../../credentials/table.js'),
    ]);
    const org = checkName('org', args.org);
    const session = await openSession(flags);
    const members = await allPages((cursor) =>
      session.call(
        `list the members of org ${org}`,
        (client) =>
          client.GET('/v1/orgs/{orgName}/members', {
            params: { path: { orgName: org }, query: { limit: 100, ...(cursor ? { cursor } : {}) } },
          }),
        { notFound: 'gtcx orgs list shows the orgs you belong to' },
      ),
    );
    if (!this.jsonEnabled()) {
      const rows = members.map((m) => [m.username, m.role, shortTime(m.createdAt)]);
      this.log(renderTable(['USERNAME', 'ROLE', 'SINCE'], rows, `Org ${org} has no members.`));
    }
    return { org, members };
  }
}
