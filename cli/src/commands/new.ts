import { Args, Flags } from '@oclif/core';
import type { GenerationReport } from '../backends/types.js';
import { backendFlags, GtcxCommand } from '../base-command.js';
import { answerFlags } from '../templates/flags.js';

export default class New extends GtcxCommand {
  static override summary = 'Generate a project from a template.';
  static override description =
    `The template is a built-in name (gtcx templates list), a local path, a git URL (https://, ssh://, git@host:path, file://; #ref pins a tag or branch), or an installed pack's @scope/pack/template.

On a terminal each question is asked with its default filled in; elsewhere answers come from --set, --answers and --defaults, and a missing one is an error naming the --set to pass. DIR defaults to ./<name> when the template asks for a name (the part after the scope for @scope/name), else the current directory.

Existing files that differ are conflicts: --conflict ask (the default on a terminal) asks per file, fail (the default otherwise) stops before writing anything, skip keeps them, overwrite replaces them. Files are staged and moved into place, so a failure leaves the target as it was. Template hooks run only with --trust or when the template's source matches a pattern of the trustedSources config key; otherwise they are listed with how to run them.

With a server configured, built-in templates are rendered by the server; local paths, git URLs and templates of packs installed on this machine are rendered here, as offline.`;
  static override examples = [
    { command: '<%= config.bin %> new ts-lib', description: 'Answer the questions interactively.' },
    {
      command: '<%= config.bin %> new ts-lib ./my-lib --set name=my-lib --defaults',
      description: 'Non-interactive: one answer given, defaults for the rest.',
    },
    {
      command: '<%= config.bin %> new fastify-service --answers answers.yaml --dry-run',
      description: 'Show what would be written, with diffs, and write nothing.',
    },
    {
      command: '<%= config.bin %> new https://github.com/acme/templates.git#v2 --conflict skip',
      description: 'From a git tag, keeping files that already exist.',
    },
  ];
  static override args = {
    template: Args.string({
      description: 'Built-in name, path, git URL or @scope/pack/template.',
      required: true,
    }),
    dir: Args.string({ description: 'Where to generate (default: ./<name>, or the current directory).' }),
  };
  static override flags = {
    ...answerFlags,
    'dry-run': Flags.boolean({ description: 'Print the plan and the diffs; write nothing, run nothing.' }),
    conflict: Flags.string({
      description: 'What to do with existing files that differ (default: ask on a terminal, else fail).',
      options: ['ask', 'skip', 'overwrite', 'fail'],
    }),
    trust: Flags.boolean({ description: "Run the template's hooks (review them first: they run as you)." }),
    version: Flags.string({
      description: 'The template version to use (default: the latest).',
      helpValue: 'SEMVER',
    }),
    ...backendFlags,
  };

  async run(): Promise<GenerationReport> {
    const { args, flags } = await this.parse(New);
    // Core (handlebars, yaml) and the backends load here, not when oclif reads the command.
    const [{ newProject }, { PromptCancelled, cancelledExitCode }] = await Promise.all([
      import('../templates/new-project.js'),
      import('../templates/prompting.js'),
    ]);
    try {
      return await newProject({
        template: args.template,
        dir: args.dir,
        set: flags.set,
        answers: flags.answers,
        defaults: flags.defaults,
        dryRun: flags['dry-run'],
        conflict: flags.conflict as 'ask' | 'skip' | 'overwrite' | 'fail' | undefined,
        trust: flags.trust,
        version: flags.version,
        offline: flags.offline,
        server: flags.server,
        json: this.jsonEnabled(),
      });
    } catch (error) {
      if (!(error instanceof PromptCancelled)) throw error;
      process.stderr.write(`${error.message}\n`);
      return this.exit(cancelledExitCode);
    }
  }
}
