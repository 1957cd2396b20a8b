import { GtcxCommand } from '../../base-command.js';
import { configPath } from '../../config/file.js';

export default class ConfigPath extends GtcxCommand {
  static override summary = 'Print the path of the config file.';
  static override description =
    '$XDG_CONFIG_HOME/gtcx/config.json (~/.config/gtcx/config.json by default), or config.json in GTCX_CONFIG_DIR when set. The file need not exist yet.';
  static override examples = [
    { command: '<%= config.bin %> config path', description: 'Where settings live.' },
  ];

  async run(): Promise<{ path: string }> {
    await this.parse(ConfigPath);
    const path = configPath();
    this.log(path);
    return { path };
  }
}
