import { Flags } from '@oclif/core';
import { GtcxCommand } from '../../base-command.js';

export interface ServerMigrateResult {
  location: string;
  applied: Array<{ module: string; name: string }>;
  pending: number;
}

export default class ServerMigrate extends GtcxCommand {
  static override summary = 'Apply pending database migrations to the server store.';
  static override description =
    'Applies every pending migration (core and server modules) in order and prints what it applied. `gtcx server start` does the same at start; run this first to migrate ahead of a rollout. Flags fall back to GTCX_DATA_DIR and DATABASE_URL.';
  static override examples = [
    { command: '<%= config.bin %> server migrate', description: 'Migrate the SQLite store in the data dir.' },
    {
      command: '<%= config.bin %> server migrate --database-url postgres://gtcx@db.internal/gtcx --json',
      description: 'Migrate PostgreSQL and report as JSON.',
    },
  ];
  static override flags = {
    'data-dir': Flags.string({ description: 'Directory for the SQLite store.', helpValue: 'DIR' }),
    'database-url': Flags.string({ description: 'postgres:// URL; selects PostgreSQL.', helpValue: 'URL' }),
  };

  async run(): Promise<ServerMigrateResult> {
    const { flags } = await this.parse(ServerMigrate);
    const { migrateStore, resolveServerConfig } = await import('@gtcx/server');
    const config = resolveServerConfig(
      { dataDir: flags['data-dir'], databaseUrl: flags['database-url'], logLevel: 'silent' },
      process.env,
    );
    const report = await migrateStore(config);
    if (report.applied.length === 0) {
      this.log(`${report.location}: up to date`);
    } else {
      for (const { module, name } of report.applied) this.log(`applied ${module}/${name}`);
      this.log(`${report.location}: ${report.applied.length} migration(s) applied`);
    }
    return { location: report.location, applied: report.applied, pending: report.pending };
  }
}
