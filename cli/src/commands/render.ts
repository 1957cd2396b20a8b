import { Args, Flags } from '@oclif/core';
import { GtcxCommand } from '../base-command.js';
import type { RenderResult } from '../templates/render-adhoc.js';

export default class Render extends GtcxCommand {
  static override summary = 'Render a Handlebars file or directory with data.';
  static override description =
    `A file is rendered to stdout, or to --out (a file, or a directory to write it into without .hbs). A directory is rendered like a template's files/ into --out: file and directory names are templated, files ending in .hbs are rendered and lose the suffix, all others are copied byte for byte, and no path may leave --out. Rendering is strict: a variable missing from the data is an error naming it.`;
  static override examples = [
    {
      command: '<%= config.bin %> render README.md.hbs --data data.yaml',
      description: 'Print one rendered file.',
    },
    {
      command: '<%= config.bin %> render ./skeleton --data data.json --out ./generated',
      description: 'Render a whole tree into a directory.',
    },
  ];
  static override args = {
    input: Args.string({ description: 'The file or directory to render.', required: true }),
  };
  static override flags = {
    data: Flags.string({ description: 'The data to render with: a JSON or YAML file.', helpValue: 'FILE' }),
    out: Flags.string({ description: 'Where to write (required for a directory).', helpValue: 'PATH' }),
    conflict: Flags.string({
      description: 'What to do with existing files in --out that differ.',
      options: ['skip', 'overwrite', 'fail'],
      default: 'fail',
    }),
  };

  async run(): Promise<RenderResult> {
    const { args, flags } = await this.parse(Render);
    const { renderAdhoc } = await import('../templates/render-adhoc.js');
    const result = await renderAdhoc({
      input: args.input,
      data: flags.data,
      out: flags.out,
      conflict: flags.conflict as 'skip' | 'overwrite' | 'fail',
    });
    if (this.jsonEnabled()) return result;
    if (result.kind === 'stdout') process.stdout.write(result.content);
    else if (result.kind === 'file') this.log(`Rendered ${result.out}`);
    else {
      const { actionLine } = await import('../templates/report.js');
      this.log(
        [
          `Rendered ${result.source} into ${result.out}`,
          ...result.files.map((f) => actionLine(f.action, f.path)),
        ].join('\n'),
      );
    }
    return result;
  }
}
