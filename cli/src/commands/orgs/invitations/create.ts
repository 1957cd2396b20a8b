import type { components } from '@gtcx/sdk';
import { Args, Flags } from '@oclif/core';
import { GtcxCommand } from '../../../base-command.js';
import { identityServerFlag } from '../../../credentials/flags.js';
import { orgRoles } from '../../../credentials/inputs.js';

type CreatedInvitation = components['schemas']['CreatedInvitation'];

export default class OrgsInvitationsCreate extends GtcxCommand {
  static override aliases = ['orgs:invite'];
  static override summary = 'Invite someone to an org.';
  static override description =
    'Creates an invitation with a role and prints its token once: the invited person joins with gtcx orgs invitations accept <token>. --user limits it to one user; otherwise whoever holds the token may accept it. Org owners only.';
  static override examples = [
    {
      command: '<%= config.bin %> orgs invitations create acme --role member --user alice',
      description: 'Invite alice as a member.',
    },
    {
      command: '<%= config.bin %> orgs invite acme --role viewer --expires-in-days 2',
      description: 'A token anyone may accept within two days.',
    },
  ];
  static override args = { org: Args.string({ description: 'The org name.', required: true }) };
  static override flags = {
    ...identityServerFlag,
    role: Flags.string({
      description: 'The role the invited person gets.',
      options: [...orgRoles],
      helpValue: 'ROLE',
      default: 'member',
    }),
    user: Flags.string({ description: 'The only user who may accept it.', helpValue: 'USERNAME' }),
    email: Flags.string({ description: 'The address the invitation is for.', helpValue: 'ADDRESS' }),
    'expires-in-days': Flags.integer({
      description: 'Days until the token expires (1 to 30).',
      min: 1,
      max: 30,
      default: 7,
    }),
  };

  async run(): Promise<CreatedInvitation> {
    const { args, flags } = await this.parse(OrgsInvitationsCreate);
    const [{ openSession }, { checkName }] = await Promise.all([
      import('../../../credentials/session.js'),
      import('../../../credentials/inputs.js'),
    ]);
    const org = checkName('org', args.org);
    const user = flags.user === undefined ? undefined : checkName('user', flags.user);
    const session = await openSession(flags);
    const created = await session.call(
      `invite to org ${org}`,
      (client) =>
        client.POST('/v1/orgs/{orgName}/invitations', {
          params: { path: { orgName: org } },
          body: {
            role: flags.role as (typeof orgRoles)[number],
            expiresInDays: flags['expires-in-days'],
            ...(user === undefined ? {} : { username: user }),
            ...(flags.email === undefined ? {} : { email: flags.email }),
          },
        }),
      { notFound: 'gtcx orgs list shows the orgs you belong to' },
    );
    if (!this.jsonEnabled()) {
      const { invitation } = created;
      const who = invitation.username ?? invitation.email ?? 'anyone with the token';
      this.log(
        `Invited ${who} to org ${org} as ${invitation.role} (id ${invitation.id}, expires ${invitation.expiresAt})`,
      );
      this.log('');
      this.log(created.secret);
      this.log('');
      process.stderr.write(
        `Send this token to the invited person; they join with: gtcx orgs invitations accept <token>. It is not shown again.\n`,
      );
    }
    return created;
  }
}
