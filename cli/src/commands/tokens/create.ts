import type { components } from '@gtcx/sdk';
import { Flags } from '@oclif/core';
import { GtcxCommand } from '../../base-command.js';
import { identityServerFlag } from '../../credentials/flags.js';
import { scopes } from '../../credentials/inputs.js';

type CreatedToken = components['schemas']['CreatedToken'];

export default class TokensCreate extends GtcxCommand {
  static override summary = 'Create a personal access token.';
  static override description =
    'Creates a gtcx_ personal access token for scripts and CI (GTCX_TOKEN) with the given scopes, never more than your own. The token value is printed once: store it now, the server keeps only a hash. --pack-scope limits packs:publish to some scopes; --cidr limits where it may be used from.';
  static override examples = [
    {
      command:
        '<%= config.bin %> tokens create --name ci --scope packs:read --scope packs:publish --pack-scope @acme --expires 30d',
      description: 'A CI token that publishes @acme packs for 30 days.',
    },
    {
      command:
        '<%= config.bin %> tokens create --name deploy --scope packs:read --expires 2026-12-31 --cidr 10.0.0.0/8',
      description: 'A read-only token usable from one network until a date.',
    },
    {
      command: '<%= config.bin %> tokens create --name ci --scope packs:read --json',
      description: 'The token and its secret as JSON.',
    },
  ];
  static override flags = {
    ...identityServerFlag,
    name: Flags.string({ description: 'What the token is for; unique among your tokens.', required: true }),
    scope: Flags.string({
      description: 'A scope the token carries (repeatable).',
      multiple: true,
      required: true,
      options: [...scopes],
      helpValue: 'SCOPE',
    }),
    'pack-scope': Flags.string({
      description: 'Limit packs:publish to this pack scope, e.g. @acme (repeatable).',
      multiple: true,
      helpValue: '@SCOPE',
    }),
    expires: Flags.string({
      description:
        "When it stops working: 30d, 12h, 2w, a date (2026-12-31) or a timestamp; the server's default when left out.",
      helpValue: 'WHEN',
    }),
    cidr: Flags.string({
      description: 'A network it may be used from, e.g. 10.0.0.0/8 (repeatable); anywhere when left out.',
      multiple: true,
      helpValue: 'CIDR',
    }),
  };

  async run(): Promise<CreatedToken> {
    const { flags } = await this.parse(TokensCreate);
    const [{ openSession }, inputs] = await Promise.all([
      import('../../credentials/session.js'),
      import('../../credentials/inputs.js'),
    ]);
    const body = {
      name: flags.name,
      scopes: [...new Set(flags.scope)] as components['schemas']['Scope'][],
      ...(flags['pack-scope']
        ? { packScopes: [...new Set(flags['pack-scope'].map(inputs.checkPackScope))] }
        : {}),
      ...(flags.expires === undefined ? {} : { expiresAt: inputs.parseExpiry(flags.expires) }),
      ...(flags.cidr ? { cidrAllowlist: [...new Set(flags.cidr.map(inputs.checkCidr))] } : {}),
    };
    const session = await openSession(flags);
    const created = await session.call(`create token "${flags.name}"`, (client) =>
      client.POST('/v1/tokens', { body }),
    );
    if (!this.jsonEnabled()) {
      const { token } = created;
      this.log(`Created token "${token.name}" (id ${token.id})`);
      this.log(`  scopes: ${token.scopes.join(', ')}`);
      if (token.packScopes.length > 0) this.log(`  pack scopes: ${token.packScopes.join(', ')}`);
      if (token.cidrAllowlist.length > 0) this.log(`  networks: ${token.cidrAllowlist.join(', ')}`);
      this.log(`  expires: ${token.expiresAt ?? 'never'}`);
      this.log('');
      this.log(created.secret);
      this.log('');
      process.stderr.write(
        'Store this token now (e.g. as GTCX_TOKEN in your CI secrets): it is not shown again.\n',
      );
    }
    return created;
  }
}
