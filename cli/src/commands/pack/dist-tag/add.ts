import { Args } from '@oclif/core';
import { GtcxCommand } from '../../../base-command.js';
import { serverFlag } from '../../../packs/flags.js';

export default class PackDistTagAdd extends GtcxCommand {
  static override summary = 'Point a dist-tag at a version.';
  static override description =
    'Creates or moves the dist-tag; `gtcx pack install @scope/name@<tag>` then installs that version. The version must exist and not be yanked.';
  static override examples = [
    {
      command: '<%= config.bin %> pack dist-tag add @acme/web@2.0.0-beta.1 next',
      description: 'next → 2.0.0-beta.1.',
    },
    {
      command: '<%= config.bin %> pack dist-tag add @acme/web@1.2.0 latest',
      description: 'Roll latest back to 1.2.0.',
    },
  ];
  static override args = {
    pack: Args.string({ description: '@scope/name@version (an exact version).', required: true }),
    tag: Args.string({ description: 'The dist-tag, e.g. next.', required: true }),
  };
  static override flags = { ...serverFlag };

  async run(): Promise<{ name: string; distTags: Record<string, string> }> {
    const { args, flags } = await this.parse(PackDistTagAdd);
    const [{ exactVersion }, { openPackContext }] = await Promise.all([
      import('../../../packs/exact.js'),
      import('../../../packs/context.js'),
    ]);
    const { name, version } = exactVersion(args.pack, 'gtcx pack dist-tag add');
    const context = await openPackContext({ server: flags.server });
    const distTags = await context.registry(`tag ${name}`).setDistTag(name, args.tag, version);
    if (!this.jsonEnabled()) this.log(`${args.tag}: ${name}@${version}`);
    return { name, distTags };
  }
}
