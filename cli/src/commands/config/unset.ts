import { Args } from '@oclif/core';
import { GtcxCommand } from '../../base-command.js';
import { configPath, readConfigFile, writeConfigFile } from '../../config/file.js';
import { requireKey } from '../../config/resolve.js';

export interface ConfigUnsetResult {
  key: string;
  removed: boolean;
  path: string;
}

export default class ConfigUnset extends GtcxCommand {
  static override summary = 'Remove one config key from the config file.';
  static override description = 'The key falls back to its environment variable or default.';
  static override examples = [
    { command: '<%= config.bin %> config unset server', description: 'Go back to the local store.' },
  ];
  static override args = {
    key: Args.string({ description: 'Config key (see gtcx config list).', required: true }),
  };

  async run(): Promise<ConfigUnsetResult> {
    const { args } = await this.parse(ConfigUnset);
    const key = requireKey(args.key);
    const file = await readConfigFile(configPath());
    const removed = Object.hasOwn(file.raw, key);
    if (removed) {
      const { [key]: _removed, ...rest } = file.raw;
      await writeConfigFile(file.path, rest);
    }
    this.log(removed ? `${key} removed (${file.path})` : `${key} was not set in ${file.path}`);
    return { key, removed, path: file.path };
  }
}
