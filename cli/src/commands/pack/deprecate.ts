import type { PackVersion } from '@gtcx/core';
import { Args, Flags } from '@oclif/core';
import { GtcxCommand } from '../../base-command.js';
import { serverFlag } from '../../packs/flags.js';

export default class PackDeprecate extends GtcxCommand {
  static override summary = 'Deprecate a pack version (or lift it with --undo).';
  static override description =
    'Everyone who installs the version afterwards sees the message as a warning; the version still installs. --undo removes the deprecation.';
  static override examples = [
    {
      command: '<%= config.bin %> pack deprecate @acme/web@1.0.0 "use 1.1.0: fixes the port default"',
      description: 'Deprecate 1.0.0 with a message.',
    },
    { command: '<%= config.bin %> pack deprecate @acme/web@1.0.0 --undo', description: 'Lift it.' },
  ];
  static override args = {
    pack: Args.string({ description: '@scope/name@version (an exact version).', required: true }),
    message: Args.string({ description: 'What installers are told, e.g. which version to use instead.' }),
  };
  static override flags = {
    ...serverFlag,
    undo: Flags.boolean({ description: 'Remove the deprecation instead.' }),
  };

  async run(): Promise<PackVersion> {
    const { args, flags } = await this.parse(PackDeprecate);
    const [{ GtcxError }, { exactVersion }, { openPackContext }] = await Promise.all([
      import('@gtcx/core'),
      import('../../packs/exact.js'),
      import('../../packs/context.js'),
    ]);
    const { name, version } = exactVersion(args.pack, 'gtcx pack deprecate');
    if (!flags.undo && !args.message?.trim()) {
      throw new GtcxError('validation_failed', `deprecating ${name}@${version} needs a message`, {
        hint: `gtcx pack deprecate ${name}@${version} "<why, and what to use instead>" (or --undo to lift it)`,
        details: { field: 'message' },
      });
    }
    const context = await openPackContext({ server: flags.server });
    const result = await context
      .registry(`deprecate ${name}@${version}`)
      .deprecate(name, version, flags.undo ? undefined : args.message?.trim());
    if (!this.jsonEnabled()) {
      this.log(
        flags.undo
          ? `${name}@${version} is no longer deprecated`
          : `Deprecated ${name}@${version}: ${result.deprecated}`,
      );
    }
    return result;
  }
}
