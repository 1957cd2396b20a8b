import { Args } from '@oclif/core';
import { GtcxCommand } from '../../base-command.js';
import { configPath, readConfigFile } from '../../config/file.js';
import { formatConfigValue } from '../../config/keys.js';
import { type ConfigEntry, requireKey, resolveEntry } from '../../config/resolve.js';

export default class ConfigGet extends GtcxCommand {
  static override summary = 'Print the value of one config key.';
  static override description =
    'Prints the value in effect: the environment variable wins over the config file, which wins over the default. Prints nothing when the key is unset. --json also gives the source.';
  static override examples = [
    { command: '<%= config.bin %> config get server', description: 'The server commands work against.' },
    { command: '<%= config.bin %> config get offline --json', description: 'Value and where it came from.' },
  ];
  static override args = {
    key: Args.string({ description: 'Config key (see gtcx config list).', required: true }),
  };

  async run(): Promise<ConfigEntry> {
    const { args } = await this.parse(ConfigGet);
    const key = requireKey(args.key);
    const file = await readConfigFile(configPath());
    const entry = resolveEntry(key, file.values, process.env);
    if (entry.value !== null) this.log(formatConfigValue(entry.value));
    return entry;
  }
}
