import { Args, Flags } from '@oclif/core';
import { GtcxCommand } from '../base-command.js';
import { answerFlags } from '../templates/flags.js';
import type { UpdateReport } from '../templates/update-project.js';

export default class Update extends GtcxCommand {
  static override summary = 'Update a generated project to a newer template version.';
  static override description =
    `Renders the recorded template version (base) and the target version with the recorded answers, asking only questions the project has no answer for, and merges the template's changes into your files three ways: clean merges are applied, conflicts are written with <<<<<<< ======= >>>>>>> markers and listed (the command still exits 0: resolve them and commit), files you deleted stay deleted, and files the template dropped are removed only if you never changed them. Migrations of the versions crossed run only with --trust or when the recorded template source matches a pattern of the trustedSources config key; otherwise they are listed with how to run them. A second run is a no-op.`;
  static override examples = [
    {
      command: '<%= config.bin %> update --dry-run',
      description: 'Show the diff of an update of the current project.',
    },
    {
      command: '<%= config.bin %> update ./my-service --to 1.1.0 --trust',
      description: 'Update to 1.1.0 and run its migrations.',
    },
  ];
  static override args = {
    dir: Args.string({ description: 'The project to update (default: the current directory).' }),
  };
  static override flags = {
    to: Flags.string({
      description: 'The template version to update to (default: the latest).',
      helpValue: 'SEMVER',
    }),
    'dry-run': Flags.boolean({ description: 'Print the plan and the diffs; write nothing, run nothing.' }),
    trust: Flags.boolean({
      description: "Run the template's migrations (review them first: they run as you).",
    }),
    ...answerFlags,
  };

  async run(): Promise<UpdateReport> {
    const { args, flags } = await this.parse(Update);
    const [{ updateProject }, { PromptCancelled, cancelledExitCode }] = await Promise.all([
      import('../templates/update-project.js'),
      import('../templates/prompting.js'),
    ]);
    try {
      return await updateProject({
        dir: args.dir,
        to: flags.to,
        dryRun: flags['dry-run'],
        trust: flags.trust,
        set: flags.set,
        answers: flags.answers,
        defaults: flags.defaults,
        json: this.jsonEnabled(),
      });
    } catch (error) {
      if (!(error instanceof PromptCancelled)) throw error;
      process.stderr.write(`${error.message}\n`);
      return this.exit(cancelledExitCode);
    }
  }
}
