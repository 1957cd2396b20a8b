import type { PackVersion } from '@gtcx/core';
import { Args, Flags } from '@oclif/core';
import { GtcxCommand } from '../../base-command.js';
import { serverFlag } from '../../packs/flags.js';

export default class PackYank extends GtcxCommand {
  static override summary = 'Yank a pack version (or restore it with --undo).';
  static override description =
    'A yanked version is hidden from ranges and dist-tags (tags pointing at it move to the highest remaining version), but still installs by exact version, so existing lockfiles keep working. Its name@version is never published again.';
  static override examples = [
    {
      command: '<%= config.bin %> pack yank @acme/web@1.2.0 --reason "breaks on Node 20"',
      description: 'Yank 1.2.0.',
    },
    {
      command: '<%= config.bin %> pack yank @acme/web@1.2.0 --undo',
      description: 'Make it resolvable again.',
    },
  ];
  static override args = {
    pack: Args.string({ description: '@scope/name@version (an exact version).', required: true }),
  };
  static override flags = {
    ...serverFlag,
    reason: Flags.string({ description: 'Why it was yanked (shown when someone asks for it).' }),
    undo: Flags.boolean({ description: 'Restore the version instead.' }),
  };

  async run(): Promise<PackVersion> {
    const { args, flags } = await this.parse(PackYank);
    const [{ exactVersion }, { openPackContext }] = await Promise.all([
      import('../../packs/exact.js'),
      import('../../packs/context.js'),
    ]);
    const { name, version } = exactVersion(args.pack, 'gtcx pack yank');
    const context = await openPackContext({ server: flags.server });
    const result = await context
      .registry(`yank ${name}@${version}`)
      .yank(name, version, flags.undo, flags.reason);
    if (!this.jsonEnabled()) {
      this.log(
        flags.undo
          ? `Restored ${name}@${version}`
          : `Yanked ${name}@${version}${flags.reason ? ` (${flags.reason})` : ''}`,
      );
    }
    return result;
  }
}
