import type { InstalledPack, Lockfile } from '@gtcx/core';
import { Args, Flags } from '@oclif/core';
import { GtcxCommand } from '../../base-command.js';
import { lockfileFlag } from '../../packs/flags.js';

export interface PackUninstallResult {
  name: string;
  version: string | null;
  removedDir: string | null;
  lockfileUpdated: boolean;
}

export default class PackUninstall extends GtcxCommand {
  static override summary = 'Remove an installed pack.';
  static override description =
    "Removes the pack's files from the packs directory, its row from the local index and its entry from gtcx-lock.json. Refuses while other installed packs depend on it, naming them (--force removes it anyway). The cache keeps the tarball, so reinstalling works offline.";
  static override examples = [
    { command: '<%= config.bin %> pack uninstall @acme/web', description: 'Remove @acme/web.' },
    {
      command: '<%= config.bin %> pack uninstall @acme/web --lockfile ci/gtcx-lock.json',
      description: 'And update that lockfile.',
    },
  ];
  static override args = {
    pack: Args.string({ description: 'The pack name, @scope/name.', required: true }),
  };
  static override flags = {
    ...lockfileFlag,
    force: Flags.boolean({
      description: 'Uninstall even when other installed packs depend on it (they will lack it).',
    }),
  };

  async run(): Promise<PackUninstallResult> {
    const { args, flags } = await this.parse(PackUninstall);
    const [core, { openPackContext, lockfilePath }, { withLocalIndex }, { installedPackDir }, fs] =
      await Promise.all([
        import('@gtcx/core'),
        import('../../packs/context.js'),
        import('../../packs/local-index.js'),
        import('../../packs/install.js'),
        import('node:fs'),
      ]);
    const { name } = core.parsePackSpec(args.pack);
    const context = await openPackContext({});
    const lockfile = lockfilePath(context, flags.lockfile);
    const lock = core.readLockfile(lockfile);
    const dir = installedPackDir(context.dirs.data, name);
    const result = await withLocalIndex(context.dirs.data, async (store) => {
      const installed = await core.getInstalledPack(store.db, name);
      if (!installed && !lock?.packs[name] && !fs.existsSync(dir)) {
        throw new core.GtcxError('not_found', `${name} is not installed`, {
          hint: 'gtcx pack list shows the installed packs',
          details: { pack: name },
        });
      }
      const dependents = await dependentsOf(name, lock, await core.listInstalledPacks(store.db));
      if (dependents.length > 0 && !flags.force) {
        throw new core.GtcxError(
          'conflict',
          `cannot uninstall ${name}: ${dependents.join(', ')} depend${dependents.length === 1 ? 's' : ''} on it`,
          {
            hint: `uninstall ${dependents.join(', ')} first, or pass --force to leave ${dependents.length === 1 ? 'it' : 'them'} without ${name}`,
            details: { pack: name, dependents },
          },
        );
      }
      // Move the tree aside first: the pack is gone at once, and a failed delete leaves no half tree.
      let removedDir: string | null = null;
      if (fs.existsSync(dir)) {
        const trash = `${dir}.removing-${process.pid}`;
        fs.renameSync(dir, trash);
        fs.rmSync(trash, { recursive: true, force: true });
        removedDir = dir;
      }
      await core.removeInstalledPack(store.db, name);
      return { version: installed?.version ?? lock?.packs[name]?.version ?? null, removedDir };
    });
    let lockfileUpdated = false;
    if (lock?.packs[name]) {
      const { [name]: _removed, ...rest } = lock.packs;
      core.writeLockfile(lockfile, { lockfileVersion: 1, packs: rest });
      lockfileUpdated = true;
    }
    if (!this.jsonEnabled()) {
      this.log(
        `Removed ${name}${result.version ? `@${result.version}` : ''}${lockfileUpdated ? ` (and from ${lockfile})` : ''}`,
      );
    }
    return { name, ...result, lockfileUpdated };
  }
}

/**
 * The packs that need `name`: lockfile entries recording it as a dependency, and installed packs
 * whose pack.yaml lists it (they may be locked by another lockfile, or by none).
 */
async function dependentsOf(
  name: string,
  lock: Lockfile | undefined,
  installed: readonly InstalledPack[],
): Promise<string[]> {
  const { existsSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { loadPackManifest } = await import('@gtcx/core');
  const found = new Set<string>();
  for (const [other, locked] of Object.entries(lock?.packs ?? {})) {
    if (other !== name && locked.dependencies?.[name] !== undefined) found.add(`${other}@${locked.version}`);
  }
  for (const pack of installed) {
    if (pack.name === name || !existsSync(join(pack.dir, 'pack.yaml'))) continue;
    try {
      if (loadPackManifest(pack.dir).dependencies[name] !== undefined)
        found.add(`${pack.name}@${pack.version}`);
    } catch {
      // An unreadable pack.yaml says nothing about dependencies; gtcx pack list reports such packs.
    }
  }
  return [...found].sort();
}
