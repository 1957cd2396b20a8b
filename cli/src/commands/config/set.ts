import { Args } from '@oclif/core';
import { GtcxCommand } from '../../base-command.js';
import { configPath, readConfigFile, writeConfigFile } from '../../config/file.js';
import { formatConfigValue } from '../../config/keys.js';
import { type ConfigValue, parseValue, requireKey } from '../../config/resolve.js';

export interface ConfigSetResult {
  key: string;
  value: ConfigValue;
  path: string;
}

export default class ConfigSet extends GtcxCommand {
  static override summary = 'Set one config key in the config file.';
  static override description =
    'Checks the value against the key, then rewrites the config file atomically (mode 0600). A malformed config file is left untouched: fix or delete it first.';
  static override examples = [
    {
      command: '<%= config.bin %> config set server https://gtcx.example.com',
      description: 'Work against a gtcx server by default.',
    },
    { command: '<%= config.bin %> config set offline true', description: 'Always use the local store.' },
    {
      command: '<%= config.bin %> config set trustedSources "builtin:*,@acme/*"',
      description: 'Run hooks and migrations of these template sources without --trust.',
    },
  ];
  static override args = {
    key: Args.string({ description: 'Config key (see gtcx config list).', required: true }),
    value: Args.string({ description: 'New value.', required: true }),
  };

  async run(): Promise<ConfigSetResult> {
    const { args } = await this.parse(ConfigSet);
    const key = requireKey(args.key);
    const value = parseValue(key, args.value);
    // Read (and so validate) before writing: a file we cannot parse is one we must not overwrite.
    const file = await readConfigFile(configPath());
    await writeConfigFile(file.path, { ...file.raw, [key]: value });
    this.log(`${key} = ${formatConfigValue(value)} (${file.path})`);
    return { key, value, path: file.path };
  }
}
