import type { PackVersion } from '@gtcx/core';
import { Args, Flags } from '@oclif/core';
import { GtcxCommand } from '../../base-command.js';
import { serverFlag } from '../../packs/flags.js';

export default class PackPublish extends GtcxCommand {
  static override summary = 'Publish a pack to the registry.';
  static override description =
    "Builds the pack directory (or takes a built .tgz), checks it as the registry will, and uploads it. The registry signs name@version:integrity and moves the dist-tag (latest by default). A published name@version is never reused, not even after a yank. Needs GTCX_TOKEN with the packs:publish scope for the pack's scope.";
  static override examples = [
    {
      command: '<%= config.bin %> pack publish',
      description: 'Build and publish the pack in the current directory.',
    },
    { command: '<%= config.bin %> pack publish acme-web-1.2.0.tgz', description: 'Publish a built tarball.' },
    {
      command: '<%= config.bin %> pack publish --tag next',
      description: 'Publish under the next dist-tag, not latest.',
    },
  ];
  static override args = {
    path: Args.string({ description: 'A pack directory or a .tgz built by gtcx pack build.', default: '.' }),
  };
  static override flags = {
    ...serverFlag,
    tag: Flags.string({ description: 'The dist-tag to point at the new version.', default: 'latest' }),
  };

  async run(): Promise<PackVersion> {
    const { args, flags } = await this.parse(PackPublish);
    const [core, fs, path, os, { openPackContext }] = await Promise.all([
      import('@gtcx/core'),
      import('node:fs'),
      import('node:path'),
      import('node:os'),
      import('../../packs/context.js'),
    ]);
    const context = await openPackContext({ server: flags.server });
    const source = path.resolve(args.path);
    let tarball: Buffer;
    if (fs.existsSync(source) && fs.statSync(source).isDirectory()) {
      const out = fs.mkdtempSync(path.join(os.tmpdir(), 'gtcx-publish-'));
      try {
        tarball = fs.readFileSync((await core.buildPack(source, { outDir: out })).file);
      } finally {
        fs.rmSync(out, { recursive: true, force: true });
      }
    } else {
      if (!fs.existsSync(source)) {
        throw new core.GtcxError('not_found', `${args.path} does not exist`, {
          hint: 'give a pack directory (with pack.yaml) or a .tgz built by gtcx pack build',
          details: { path: source },
        });
      }
      tarball = fs.readFileSync(source);
    }
    // The registry runs these same checks; failing here names the problem without an upload.
    const checked = await core.readPackTarball(tarball, { label: args.path });
    const { name, version } = checked.manifest;
    const published = await context
      .registry(`publish ${name}@${version}`)
      .publish(tarball, name, version, { tag: flags.tag, integrity: checked.integrity });
    if (!this.jsonEnabled()) {
      this.log(`Published ${name}@${version} (dist-tag ${flags.tag})`);
      this.log(`  integrity: ${published.dist.integrity}`);
      this.log(`  signed by: ${published.dist.signatures.map((s) => s.keyId).join(', ') || '(unsigned)'}`);
    }
    return published;
  }
}
