import { Args } from '@oclif/core';
import { GtcxCommand } from '../../../base-command.js';
import { serverFlag } from '../../../packs/flags.js';

export default class PackDistTagLs extends GtcxCommand {
  static override summary = "List a pack's dist-tags.";
  static override description = 'Every dist-tag of the pack and the version it points at.';
  static override examples = [
    { command: '<%= config.bin %> pack dist-tag ls @acme/web', description: 'tag: version lines.' },
    { command: '<%= config.bin %> pack dist-tag ls @acme/web --json', description: 'As JSON.' },
  ];
  static override args = {
    pack: Args.string({ description: 'The pack name, @scope/name.', required: true }),
  };
  static override flags = { ...serverFlag };

  async run(): Promise<{ name: string; distTags: Record<string, string> }> {
    const { args, flags } = await this.parse(PackDistTagLs);
    const [{ parsePackSpec }, { openPackContext }] = await Promise.all([
      import('@gtcx/core'),
      import('../../../packs/context.js'),
    ]);
    const { name } = parsePackSpec(args.pack);
    const context = await openPackContext({ server: flags.server });
    const distTags = await context.registry(`read the dist-tags of ${name}`).distTags(name);
    if (!this.jsonEnabled()) {
      for (const [tag, version] of Object.entries(distTags).sort()) this.log(`${tag}: ${version}`);
    }
    return { name, distTags };
  }
}
