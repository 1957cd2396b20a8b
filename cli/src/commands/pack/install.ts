import { Args, Flags } from '@oclif/core';
import { GtcxCommand } from '../../base-command.js';
import { paint } from '../../output.js';
import { lockfileFlag, serverFlag } from '../../packs/flags.js';
import type { InstallResult } from '../../packs/install.js';

export default class PackInstall extends GtcxCommand {
  static override summary = 'Install packs, or exactly what gtcx-lock.json locks.';
  static override description =
    `Resolves the pack and its pack dependencies, downloads what the cache lacks, verifies each tarball's sha512 integrity and the registry's Ed25519 signature (keys cached, so verification works offline too), unpacks with the archive safety rules into the content-addressed cache, and copies each pack to <data dir>/packs/<scope>/<name>/. Records name, version, resolved URL and integrity in gtcx-lock.json.

Without an argument, installs exactly the lockfile. --frozen-lockfile fails on any difference between the lockfile and what the install would write (for CI); --offline installs from the cache only and names anything missing.`;
  static override examples = [
    {
      command: '<%= config.bin %> pack install @acme/web',
      description: 'The latest version (dist-tag latest).',
    },
    {
      command: '<%= config.bin %> pack install @acme/web@^1.2.0',
      description: 'The highest 1.x at or above 1.2.0.',
    },
    {
      command: '<%= config.bin %> pack install @acme/web@next',
      description: 'What the next dist-tag points at.',
    },
    {
      command: '<%= config.bin %> pack install ./acme-web-1.2.0.tgz',
      description: 'A tarball built by gtcx pack build.',
    },
    {
      command: '<%= config.bin %> pack install ./packs/web',
      description: 'A pack directory, built on the fly.',
    },
    {
      command: '<%= config.bin %> pack install npm:@acme/web-pack@^1',
      description: "A pack published to npm, from npm's configured registry.",
    },
    {
      command: '<%= config.bin %> pack install --frozen-lockfile',
      description: 'CI: the lockfile, exactly, or fail.',
    },
    { command: '<%= config.bin %> pack install --offline', description: 'From the cache only, no network.' },
  ];
  static override args = {
    pack: Args.string({
      description: '@scope/name[@range|@tag], a .tgz, a pack directory, or npm:<package>[@range].',
      required: false,
    }),
  };
  static override flags = {
    ...serverFlag,
    ...lockfileFlag,
    'frozen-lockfile': Flags.boolean({
      description: 'Fail, naming each difference, when the lockfile does not match; never write it.',
    }),
    offline: Flags.boolean({
      description: 'Install from the cache only; fail naming what is missing.',
      env: 'GTCX_OFFLINE',
    }),
    verify: Flags.boolean({
      description: 'Verify registry signatures (--no-verify skips it, with a warning).',
      default: true,
      allowNo: true,
    }),
    force: Flags.boolean({ description: 'Download and reinstall even what the cache already holds.' }),
  };

  async run(): Promise<InstallResult> {
    const { args, flags } = await this.parse(PackInstall);
    const [{ openPackContext, lockfilePath }, { installPacks }, progressModule, { gtcxVersion }] =
      await Promise.all([
        import('../../packs/context.js'),
        import('../../packs/install.js'),
        import('../../packs/progress.js'),
        import('../../templates/version.js'),
      ]);
    const context = await openPackContext({ server: flags.server, offline: flags.offline });
    const progress = this.jsonEnabled()
      ? progressModule.silentProgress
      : await this.progressView(progressModule.plainProgress);
    try {
      const result = await installPacks(context, {
        spec: args.pack,
        lockfile: lockfilePath(context, flags.lockfile),
        frozen: flags['frozen-lockfile'],
        verify: flags.verify,
        force: flags.force,
        progress,
        gtcxVersion: gtcxVersion(),
        warn: (message) =>
          process.stderr.write(`${paint(process.stderr, 'yellow', 'Warning:')} ${message}\n`),
      });
      if (!this.jsonEnabled()) this.log(summary(result));
      return result;
    } catch (error) {
      progress.done();
      throw error;
    }
  }

  private async progressView(plain: typeof import('../../packs/progress.js').plainProgress) {
    const { interactive } = await import('../../output.js');
    if (!interactive()) return plain((line) => process.stderr.write(`${line}\n`));
    const { inkProgress } = await import('../../packs/ui/InstallView.js');
    return inkProgress();
  }
}

function summary(result: InstallResult): string {
  const label = (pack: { name: string; version: string }) => `${pack.name}@${pack.version}`;
  const fresh = result.packs.filter((pack) => !pack.upToDate);
  const current = result.packs.filter((pack) => pack.upToDate);
  const lines = [
    fresh.length === 0
      ? `Up to date: ${current.map(label).join(', ')}`
      : `Installed ${fresh.length} pack${fresh.length === 1 ? '' : 's'}: ${fresh.map(label).join(', ')}${
          current.length === 0 ? '' : ` (up to date: ${current.map(label).join(', ')})`
        }`,
  ];
  if (result.lockfileWritten) lines.push(`Wrote ${result.lockfile}`);
  return lines.join('\n');
}
