import type { TemplateListing } from '../../backends/types.js';
import { backendFlags, GtcxCommand } from '../../base-command.js';

export default class TemplatesList extends GtcxCommand {
  static override summary = 'List the templates gtcx new can use.';
  static override description =
    "The built-in templates and those of installed packs, with their versions and descriptions. Against a server (--server, GTCX_SERVER), the server's templates and those of packs installed on this machine.";
  static override examples = [
    {
      command: '<%= config.bin %> templates list',
      description: 'A table of names, versions and descriptions.',
    },
    { command: '<%= config.bin %> templates list --json', description: 'The same as JSON.' },
  ];
  static override flags = { ...backendFlags };

  async run(): Promise<{ templates: TemplateListing[] }> {
    const { flags } = await this.parse(TemplatesList);
    const { openTemplateBackend } = await import('../../templates/backend.js');
    const backend = await openTemplateBackend(flags);
    try {
      const templates = await backend.listTemplates();
      if (!this.jsonEnabled()) this.log(table(templates));
      return { templates };
    } finally {
      await backend.close();
    }
  }
}

function table(templates: TemplateListing[]): string {
  if (templates.length === 0) return 'No templates found.';
  const rows = templates.map((t) => [t.name, t.versions.join(', '), t.description]);
  const header = ['NAME', 'VERSIONS', 'DESCRIPTION'];
  const widths = [0, 1].map((column) =>
    Math.max(...[header, ...rows].map((row) => (row[column] ?? '').length)),
  );
  const line = (row: string[]) =>
    row
      .map((cell, column) => (column < 2 ? cell.padEnd(widths[column] ?? 0) : cell))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
