import { Args, Flags } from '@oclif/core';
import { GtcxCommand } from '../../base-command.js';
import { serverFlag } from '../../packs/flags.js';

export interface PackSearchResult {
  items: Array<{
    name: string;
    description: string;
    keywords: string[];
    latestVersion: string | null;
    deprecated?: boolean;
    updatedAt: string;
  }>;
  nextCursor: string | null;
}

export default class PackSearch extends GtcxCommand {
  static override summary = 'Search the registry for packs.';
  static override description =
    'Full-text search over pack names, descriptions and keywords, best match first, narrowed by --keyword and --scope. Without text, lists packs by name. --cursor continues from the nextCursor of an earlier page (see --json).';
  static override examples = [
    { command: '<%= config.bin %> pack search fastify', description: 'Packs about fastify.' },
    { command: '<%= config.bin %> pack search --scope @acme', description: "All of @acme's packs." },
    {
      command: '<%= config.bin %> pack search service --keyword web --limit 50',
      description: 'Narrowed by keyword.',
    },
  ];
  static override args = { text: Args.string({ description: 'Search text.', required: false }) };
  static override flags = {
    ...serverFlag,
    keyword: Flags.string({ description: 'Only packs with this keyword.' }),
    scope: Flags.string({ description: 'Only packs in this scope, e.g. @acme.', helpValue: '@scope' }),
    limit: Flags.integer({ description: 'Results per page (1-100).', min: 1, max: 100, default: 20 }),
    cursor: Flags.string({ description: 'The nextCursor of the previous page.' }),
  };

  async run(): Promise<PackSearchResult> {
    const { args, flags } = await this.parse(PackSearch);
    const [{ openPackContext }, { table }] = await Promise.all([
      import('../../packs/context.js'),
      import('../../packs/format.js'),
    ]);
    const context = await openPackContext({ server: flags.server });
    const scope = flags.scope === undefined || flags.scope.startsWith('@') ? flags.scope : `@${flags.scope}`;
    const page = await context.registry('search packs').search({
      // An empty text means no text (list by name), not a query the contract refuses.
      q: args.text?.trim() === '' ? undefined : args.text,
      keyword: flags.keyword,
      scope,
      limit: flags.limit,
      cursor: flags.cursor,
    });
    if (!this.jsonEnabled()) {
      if (page.items.length === 0) this.log('No packs found.');
      else {
        this.log(
          table(
            ['NAME', 'VERSION', 'DESCRIPTION'],
            page.items.map((item) => [
              item.name,
              `${item.latestVersion ?? '-'}${item.deprecated ? ' (deprecated)' : ''}`,
              item.description,
            ]),
          ),
        );
        if (page.nextCursor) this.log(`More: --cursor ${page.nextCursor}`);
      }
    }
    return page;
  }
}
