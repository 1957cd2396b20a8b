import { GtcxCommand } from '../../base-command.js';
import { formatConfigValue } from '../../config/keys.js';
import { type ConfigEntry, resolveConfig } from '../../config/resolve.js';

export interface ConfigListResult {
  path: string;
  entries: ConfigEntry[];
}

export default class ConfigList extends GtcxCommand {
  static override summary = 'List every config key with its value and source.';
  static override description =
    'The source is env (an environment variable), file (the config file), default, or unset.';
  static override examples = [
    { command: '<%= config.bin %> config list', description: 'Keys, values and sources.' },
    { command: '<%= config.bin %> config list --json', description: 'The same, for scripts.' },
  ];

  async run(): Promise<ConfigListResult> {
    await this.parse(ConfigList);
    const { file, entries } = await resolveConfig();
    const rows = entries.map((e) => [e.key, e.value === null ? '' : formatConfigValue(e.value), e.source]);
    const widths = [0, 1].map((col) => Math.max(...rows.map((row) => row[col]?.length ?? 0)));
    for (const [key = '', value = '', source = ''] of rows) {
      this.log(`${key.padEnd(widths[0] ?? 0)}  ${value.padEnd(widths[1] ?? 0)}  (${source})`);
    }
    return { path: file.path, entries };
  }
}
