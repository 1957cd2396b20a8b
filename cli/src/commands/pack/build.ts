import { Args, Flags } from '@oclif/core';
import { GtcxCommand } from '../../base-command.js';

export interface PackBuildResult {
  name: string;
  version: string;
  file: string;
  integrity: string;
  size: number;
  fileCount: number;
  unpackedSize: number;
}

export default class PackBuild extends GtcxCommand {
  static override summary = 'Build a pack into a deterministic .tgz.';
  static override description =
    'Packs pack.yaml, README/LICENSE/CHANGELOG and the listed templates into <scope>-<name>-<version>.tgz: sorted entries, fixed times, owners and modes, so the same files give the same bytes. Prints the file, its sha512 integrity, size and file count. The tarball is read back through the install checks, so a pack that builds is a pack that installs.';
  static override examples = [
    { command: '<%= config.bin %> pack build', description: 'Build the pack in the current directory.' },
    {
      command: '<%= config.bin %> pack build packs/web --out dist',
      description: 'Write the tarball to dist/.',
    },
    { command: '<%= config.bin %> pack build --json', description: 'File, integrity and sizes as JSON.' },
  ];
  static override args = {
    dir: Args.string({ description: 'The pack directory (holding pack.yaml).', default: '.' }),
  };
  static override flags = {
    out: Flags.string({
      description: 'Directory for the tarball (default: the pack directory).',
      helpValue: 'DIR',
    }),
  };

  async run(): Promise<PackBuildResult> {
    const { args, flags } = await this.parse(PackBuild);
    const { buildPack } = await import('@gtcx/core');
    const { formatBytes } = await import('../../packs/format.js');
    const built = await buildPack(args.dir, flags.out === undefined ? {} : { outDir: flags.out });
    const result = {
      name: built.manifest.name,
      version: built.manifest.version,
      file: built.file,
      integrity: built.integrity,
      size: built.size,
      fileCount: built.fileCount,
      unpackedSize: built.unpackedSize,
    };
    if (!this.jsonEnabled()) {
      this.log(`Built ${result.name}@${result.version}`);
      this.log(`  file:      ${result.file}`);
      this.log(`  integrity: ${result.integrity}`);
      this.log(`  size:      ${formatBytes(result.size)} (${formatBytes(result.unpackedSize)} unpacked)`);
      this.log(`  files:     ${result.fileCount}`);
    }
    return result;
  }
}
