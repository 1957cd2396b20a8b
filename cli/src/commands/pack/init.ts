import { initPack } from '@gtcx/core';
import { Args, Flags } from '@oclif/core';
import { GtcxCommand } from '../../base-command.js';

export default class PackInit extends GtcxCommand {
  static override summary = 'Create a pack: pack.yaml and a starter template.';
  static override description =
    'Writes pack.yaml and templates/<template>/ (template.yaml and files/) in the directory. Refuses to overwrite existing files, and refuses an invalid name before writing anything.';
  static override examples = [
    {
      command: '<%= config.bin %> pack init --name @acme/web',
      description: 'A pack in the current directory.',
    },
    {
      command: '<%= config.bin %> pack init packs/web --name @acme/web --template service',
      description: 'In packs/web, with a starter template named service.',
    },
  ];
  static override args = {
    dir: Args.string({ description: 'Directory of the new pack.', default: '.' }),
  };
  static override flags = {
    name: Flags.string({
      description: 'The pack name, @scope/name.',
      required: true,
      helpValue: '@scope/name',
    }),
    version: Flags.string({ description: 'The first version.', default: '0.1.0' }),
    description: Flags.string({ description: 'What the pack holds.' }),
    license: Flags.string({ description: 'SPDX license expression.', default: 'MIT' }),
    template: Flags.string({ description: 'Name of the starter template.', default: 'starter' }),
  };

  async run(): Promise<{ dir: string; name: string; files: string[] }> {
    const { args, flags } = await this.parse(PackInit);
    const created = initPack(args.dir, {
      name: flags.name,
      version: flags.version,
      license: flags.license,
      template: flags.template,
      ...(flags.description === undefined ? {} : { description: flags.description }),
    });
    if (!this.jsonEnabled()) {
      this.log(`Created ${flags.name} in ${created.dir}:`);
      for (const file of created.files) this.log(`  ${file}`);
      this.log('Next: edit the template, then gtcx pack build');
    }
    return { dir: created.dir, name: flags.name, files: created.files };
  }
}
