import { Flags } from '@oclif/core';
import { GtcxCommand } from '../../base-command.js';

export interface ServerStartResult {
  /** Where it listened, e.g. http://127.0.0.1:4800 (the real port when --port 0 was asked for). */
  url: string;
  grpcAddress: string;
  stopped: true;
}

export default class ServerStart extends GtcxCommand {
  static override summary = 'Run the gtcx server (REST and gRPC) in the foreground.';
  static override description =
    `Serves the REST API, /healthz, /readyz, /metrics, /docs and the gRPC services until SIGTERM or SIGINT, then drains in-flight requests and exits 0. Migrations are applied at start. Logs are JSON lines (pino) on stdout; with --json they go to stderr, so stdout carries only the result printed after shutdown.

Each flag falls back to an environment variable: GTCX_HOST, GTCX_PORT, GTCX_GRPC_PORT, GTCX_DATA_DIR, DATABASE_URL, GTCX_LOG_LEVEL. Without --database-url the store is SQLite in the data dir.`;
  static override examples = [
    {
      command: '<%= config.bin %> server start',
      description: 'SQLite in the XDG data dir, port 4800 and 4801.',
    },
    {
      command: '<%= config.bin %> server start --host 0.0.0.0 --port 8080 --grpc-port 8081',
      description: 'Listen on every interface.',
    },
    {
      command: '<%= config.bin %> server start --database-url postgres://gtcx@db.internal/gtcx',
      description: 'Use PostgreSQL, e.g. to run several replicas.',
    },
  ];
  static override flags = {
    host: Flags.string({ description: 'Address to listen on (default 127.0.0.1).', helpValue: 'ADDRESS' }),
    port: Flags.string({ description: 'HTTP port; 0 picks a free one (default 4800).', helpValue: 'PORT' }),
    'grpc-port': Flags.string({
      description: 'gRPC port; 0 picks a free one (default 4801).',
      helpValue: 'PORT',
    }),
    'data-dir': Flags.string({ description: 'Directory for the SQLite store.', helpValue: 'DIR' }),
    'database-url': Flags.string({ description: 'postgres:// URL; selects PostgreSQL.', helpValue: 'URL' }),
    'log-level': Flags.string({
      description: 'fatal, error, warn, info, debug, trace or silent (default info).',
      helpValue: 'LEVEL',
    }),
  };

  async run(): Promise<ServerStartResult> {
    const { flags } = await this.parse(ServerStart);
    // Imported here, not at the top: the server pulls in Fastify and gRPC, which no other command needs.
    const { resolveServerConfig, runServer } = await import('@gtcx/server');
    const config = resolveServerConfig(
      {
        host: flags.host,
        port: flags.port,
        grpcPort: flags['grpc-port'],
        dataDir: flags['data-dir'],
        databaseUrl: flags['database-url'],
        logLevel: flags['log-level'],
      },
      process.env,
    );
    let address = { url: '', grpcAddress: '' };
    await runServer(config, {
      // Under --json stdout carries one JSON document; the log must not interleave with it.
      ...(this.jsonEnabled() ? { logger: { level: config.logLevel, stream: process.stderr } } : {}),
      onListening: ({ url, grpcAddress }) => {
        address = { url, grpcAddress };
      },
    });
    return { ...address, stopped: true };
  }
}
