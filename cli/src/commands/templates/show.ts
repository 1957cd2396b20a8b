import type { Question } from '@gtcx/core';
import { Args, Flags } from '@oclif/core';
import type { TemplateInfo } from '../../backends/types.js';
import { backendFlags, GtcxCommand } from '../../base-command.js';

export default class TemplatesShow extends GtcxCommand {
  static override summary = "Show a template's versions and questions.";
  static override description =
    'Each question with its type, default, help, validation and choices, and the condition under which it is asked: what to pass with --set or put in an --answers file.';
  static override examples = [
    {
      command: '<%= config.bin %> templates show ts-lib',
      description: 'The questions of the latest version.',
    },
    {
      command: '<%= config.bin %> templates show fastify-service --version 1.0.0 --json',
      description: 'One version, as JSON.',
    },
  ];
  static override args = {
    template: Args.string({
      description: 'Built-in name, path, git URL or @scope/pack/template.',
      required: true,
    }),
  };
  static override flags = {
    version: Flags.string({
      description: 'The version to describe (default: the latest).',
      helpValue: 'SEMVER',
    }),
    ...backendFlags,
  };

  async run(): Promise<TemplateInfo> {
    const { args, flags } = await this.parse(TemplatesShow);
    const { openTemplateBackend } = await import('../../templates/backend.js');
    const backend = await openTemplateBackend(flags);
    try {
      const info = await backend.getTemplate(args.template, flags.version);
      if (!this.jsonEnabled()) this.log(describe(info));
      return info;
    } finally {
      await backend.close();
    }
  }
}

function describe(info: TemplateInfo): string {
  const lines = [
    `${info.name} ${info.version}${info.description ? `: ${info.description}` : ''}`,
    `source:   ${info.source}`,
    `versions: ${info.versions.join(', ')}`,
    '',
    info.questions.length === 0 ? 'No questions.' : 'Questions:',
  ];
  for (const question of info.questions) lines.push(...questionLines(question));
  return lines.join('\n');
}

function questionLines(question: Question): string[] {
  const lines = [
    `  ${question.name} (${question.type}${question.required ? ', required' : ''}): ${question.message}`,
  ];
  const detail = (label: string, value: string) => lines.push(`      ${label.padEnd(9)}${value}`);
  if (question.help) detail('help', question.help);
  if (question.default !== undefined) detail('default', JSON.stringify(question.default));
  if (question.choices) {
    detail(
      'choices',
      question.choices
        .map((c) => (String(c.value) === c.label ? String(c.value) : `${c.value} (${c.label})`))
        .join(', '),
    );
  }
  const rules = question.validate;
  if (rules) {
    const parts = [
      rules.pattern === undefined ? '' : `pattern ${rules.pattern}`,
      rules.min === undefined ? '' : `min ${rules.min}`,
      rules.max === undefined ? '' : `max ${rules.max}`,
    ].filter(Boolean);
    detail('valid', `${parts.join(', ')}${rules.message ? `: ${rules.message}` : ''}`);
  }
  if (question.when) detail('when', question.when);
  return lines;
}
