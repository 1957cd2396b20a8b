import type { InstalledPack } from '@gtcx/core';
import { GtcxCommand } from '../../base-command.js';

export default class PackList extends GtcxCommand {
  static override summary = 'List installed packs.';
  static override description =
    'The packs in the local index (gtcx.db in the data dir): name, version, where each came from and where its files are.';
  static override examples = [
    { command: '<%= config.bin %> pack list', description: 'A table of installed packs.' },
    { command: '<%= config.bin %> pack list --json', description: 'The same as JSON.' },
  ];

  async run(): Promise<{ packs: InstalledPack[] }> {
    await this.parse(PackList);
    const [{ gtcxDirs, listInstalledPacks }, { withLocalIndex }, { table }] = await Promise.all([
      import('@gtcx/core'),
      import('../../packs/local-index.js'),
      import('../../packs/format.js'),
    ]);
    const packs = await withLocalIndex(gtcxDirs().data, (store) => listInstalledPacks(store.db));
    if (!this.jsonEnabled()) {
      this.log(
        packs.length === 0
          ? 'No packs installed. Install one with gtcx pack install @scope/name'
          : table(
              ['NAME', 'VERSION', 'RESOLVED', 'DIR'],
              packs.map((pack) => [pack.name, pack.version, pack.resolved, pack.dir]),
            ),
      );
    }
    return { packs };
  }
}
