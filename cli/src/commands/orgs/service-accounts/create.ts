import { GtcxError } from '@gtcx/core/errors';
import type { components } from '@gtcx/sdk';
import { Args, Flags } from '@oclif/core';
import { GtcxCommand } from '../../../base-command.js';
import { identityServerFlag } from '../../../credentials/flags.js';
import { orgRoles, scopes } from '../../../credentials/inputs.js';

type CreatedServiceAccount = components['schemas']['CreatedServiceAccount'];
type Scope = components['schemas']['Scope'];

/** The server never gives a service account `admin`, so the flag does not offer it. */
const grantable = scopes.filter((scope) => scope !== 'admin');

/**
 * The contract's rule: lowercase letters and digits, and the client id `sa-<org>-<name>` (also the
 * account's username) at most 39 characters.
 */
function checkAccountName(org: string, name: string): string {
  const room = 35 - org.length;
  const wellFormed = /^[a-z0-9]+$/.test(name);
  if (wellFormed && name.length <= room) return name;
  const why = wellFormed
    ? `is too long for org ${org}: its client id sa-${org}-${name} would pass 39 characters`
    : 'is not a valid service account name';
  const hint =
    room > 0
      ? `service account names are lowercase letters and digits, at most ${room} characters in org ${org}, e.g. ci`
      : `org ${org} has too long a name for service accounts (client ids are sa-<org>-<name>, at most 39 characters)`;
  throw new GtcxError('validation_failed', `"${name}" ${why}`, { hint, details: { name } });
}

export default class OrgsServiceAccountsCreate extends GtcxCommand {
  static override summary = 'Create a service account for CI.';
  static override description =
    'Creates a service account in the org: a member with the role, and a client id (sa-<org>-<name>) and secret that CI trades for access tokens holding at most the given scopes. The client secret is printed once: store it now, the server keeps only a hash. In CI set GTCX_SERVER, GTCX_CLIENT_ID and GTCX_CLIENT_SECRET and every gtcx command signs in as the service account. Org owners only.';
  static override examples = [
    {
      command:
        '<%= config.bin %> orgs service-accounts create acme ci --role member --scope packs:read --scope packs:publish',
      description: 'A CI login that publishes @acme packs.',
    },
    {
      command: '<%= config.bin %> orgs service-accounts create acme deploy --scope packs:read --json',
      description: 'A read-only one; the client id and secret as JSON.',
    },
  ];
  static override args = {
    org: Args.string({ description: 'The org name.', required: true }),
    name: Args.string({
      description: 'The service account name: lowercase letters and digits, e.g. ci.',
      required: true,
    }),
  };
  static override flags = {
    ...identityServerFlag,
    role: Flags.string({
      description: 'Its role in the org.',
      options: [...orgRoles],
      default: 'member',
      helpValue: 'ROLE',
    }),
    scope: Flags.string({
      description: 'A scope its tokens may carry (repeatable).',
      multiple: true,
      required: true,
      options: grantable,
      helpValue: 'SCOPE',
    }),
  };

  async run(): Promise<CreatedServiceAccount> {
    const { args, flags } = await this.parse(OrgsServiceAccountsCreate);
    const [{ openSession }, { checkName }] = await Promise.all([
      import('../../../credentials/session.js'),
      import('../../../credentials/inputs.js'),
    ]);
    const org = checkName('org', args.org);
    const name = checkAccountName(org, args.name);
    const session = await openSession(flags);
    const created = await session.call(
      `create service account ${name} in org ${org}`,
      (client) =>
        client.POST('/v1/orgs/{orgName}/service-accounts', {
          params: { path: { orgName: org } },
          body: {
            name,
            role: flags.role as (typeof orgRoles)[number],
            scopes: [...new Set(flags.scope)] as Scope[],
          },
        }),
      { notFound: 'gtcx orgs list shows the orgs you belong to' },
    );
    if (!this.jsonEnabled()) {
      const { serviceAccount: account, clientSecret } = created;
      this.log(`Created service account ${account.clientId} in org ${org} (role ${account.role ?? 'none'})`);
      this.log(`  scopes: ${account.scopes.join(', ')}`);
      this.log('');
      this.log(`  client id:     ${account.clientId}`);
      this.log(`  client secret: ${clientSecret}`);
      this.log('');
      this.log(
        'In CI, set these as secret variables; every gtcx command then signs in as the service account:',
      );
      this.log(`  GTCX_SERVER=${session.server}`);
      this.log(`  GTCX_CLIENT_ID=${account.clientId}`);
      this.log(`  GTCX_CLIENT_SECRET=${clientSecret}`);
      process.stderr.write(
        'Store the client secret now (e.g. as GTCX_CLIENT_SECRET in your CI secrets): it is not shown again.\n',
      );
    }
    return created;
  }
}
