import { Args } from '@oclif/core';
import { GtcxCommand } from '../../../base-command.js';
import { serverFlag } from '../../../packs/flags.js';

export default class PackDistTagRm extends GtcxCommand {
  static override summary = 'Remove a dist-tag.';
  static override description =
    'Removes the dist-tag from the pack. latest cannot be removed; point it elsewhere instead.';
  static override examples = [
    { command: '<%= config.bin %> pack dist-tag rm @acme/web next', description: 'Remove next.' },
  ];
  static override args = {
    pack: Args.string({ description: 'The pack name, @scope/name.', required: true }),
    tag: Args.string({ description: 'The dist-tag to remove.', required: true }),
  };
  static override flags = { ...serverFlag };

  async run(): Promise<{ name: string; distTags: Record<string, string> }> {
    const { args, flags } = await this.parse(PackDistTagRm);
    const [{ parsePackSpec }, { openPackContext }] = await Promise.all([
      import('@gtcx/core'),
      import('../../../packs/context.js'),
    ]);
    const { name } = parsePackSpec(args.pack);
    const context = await openPackContext({ server: flags.server });
    const distTags = await context.registry(`untag ${name}`).deleteDistTag(name, args.tag);
    if (!this.jsonEnabled()) this.log(`Removed dist-tag ${args.tag} of ${name}`);
    return { name, distTags };
  }
}
