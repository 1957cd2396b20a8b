import { GtcxError, type MigrationReport, openStore, type Store } from '@gtcx/core';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import type { ServerConfig } from './config.js';
import { portInUse, startGrpcServer } from './grpc/server.js';
import { moduleMigrationSets } from './modules/index.js';
import type { OperationHandlers } from './modules/types.js';
import { dataDirToCleanUp, probePorts } from './preflight.js';

export interface RunningServer {
  /** e.g. http://127.0.0.1:4800 */
  url: string;
  /** host:port of the gRPC server */
  grpcAddress: string;
  store: Store;
  app: FastifyInstance;
  /** Drains in-flight requests, stops gRPC, closes the store. Safe to call more than once. */
  close(): Promise<void>;
}

export interface StartServerOptions {
  /** false silences the log; an object is passed to pino. */
  logger?: boolean | Record<string, unknown>;
  /** Replaces or adds operation handlers by operationId (tests). */
  handlers?: OperationHandlers;
  /** How long close() waits for in-flight requests and calls before cutting them off. */
  shutdownTimeoutMs?: number;
}

const defaultShutdownTimeoutMs = 10_000;

/**
 * Opens and migrates the store, then serves HTTP and gRPC. On any failure everything opened is closed
 * and a data dir this start created is removed.
 */
export async function startServer(
  config: ServerConfig,
  options: StartServerOptions = {},
): Promise<RunningServer> {
  const timeoutMs = options.shutdownTimeoutMs ?? defaultShutdownTimeoutMs;
  // Closed in reverse order of opening if a later step fails.
  const opened: Array<() => Promise<unknown>> = [];
  const removeCreatedDataDir = dataDirToCleanUp(config);
  try {
    await probePorts(config, (error, port, which) =>
      which === 'http' ? listenError(error, config) : grpcListenError(error, { ...config, port }),
    );
    const store = await openServerStore(config);
    opened.unshift(() => store.close());
    await store.migrate();
    const app = await buildApp({ config, store, logger: options.logger, handlers: options.handlers });
    opened.unshift(() => drainHttp(app, timeoutMs));
    const port = await listenHttp(app, config);
    const grpc = await startGrpcServer({
      host: config.host,
      port: config.grpcPort,
      store,
      publicUrl: config.publicUrl,
      version: config.version,
      logger: app.log,
      shutdownTimeoutMs: timeoutMs,
    });
    let closing: Promise<void> | undefined;
    return {
      url: `http://${hostForUrl(config.host)}:${port}`,
      grpcAddress: `${hostForUrl(config.host)}:${grpc.port}`,
      store,
      app,
      close() {
        // HTTP drains first (its requests may still use the store), then gRPC, then the store.
        closing ??= closeAll([() => drainHttp(app, timeoutMs), () => grpc.close(), () => store.close()]);
        return closing;
      },
    };
  } catch (error) {
    await closeAll(opened).catch(() => {});
    removeCreatedDataDir?.();
    throw error;
  }
}

export interface RunServerOptions extends StartServerOptions {
  /** Called once both ports listen (the CLI prints the addresses under --json). */
  onListening?(server: RunningServer): void;
}

/**
 * startServer until SIGTERM or SIGINT, then a graceful shutdown; resolves once everything is closed.
 * A second signal during the drain cuts the remaining connections.
 */
export async function runServer(config: ServerConfig, options: RunServerOptions = {}): Promise<void> {
  const server = await startServer(config, options);
  const log = server.app.log;
  log.info(
    {
      url: server.url,
      grpcAddress: server.grpcAddress,
      store: `${server.store.dialect} ${server.store.location}`,
    },
    'gtcx server listening',
  );
  options.onListening?.(server);
  await new Promise<void>((resolve, reject) => {
    let signalled = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (signalled) {
        log.warn({ signal }, 'second signal: closing the remaining connections');
        server.app.server.closeAllConnections();
        return;
      }
      signalled = true;
      log.info({ signal }, 'shutting down: draining in-flight requests');
      server.close().then(() => {
        process.off('SIGTERM', onSignal);
        process.off('SIGINT', onSignal);
        log.info('gtcx server stopped');
        resolve();
      }, reject);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}

/** `gtcx server migrate`: applies pending migrations and reports them. */
export async function migrateStore(config: ServerConfig): Promise<MigrationReport & { location: string }> {
  const store = await openServerStore(config);
  try {
    const report = await store.migrate();
    return { ...report, location: store.location };
  } finally {
    await store.close();
  }
}

/** The server's store (SQLite in the data dir, or PostgreSQL), with every module's migrations known; not migrated. */
export function openServerStore(config: ServerConfig): Promise<Store> {
  return openStore({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    fileName: 'server.db',
    migrationSets: moduleMigrationSets(),
  });
}

async function listenHttp(app: FastifyInstance, config: ServerConfig): Promise<number> {
  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    throw listenError(error, config);
  }
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('HTTP server has no TCP address');
  return address.port;
}

/** The gRPC port's bind errors: the same rules as HTTP's, naming the gRPC flag. */
function grpcListenError(error: unknown, config: ServerConfig): unknown {
  if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    return portInUse(config.host, config.port, '--grpc-port <n> (or GTCX_GRPC_PORT)', error, 'gRPC');
  }
  return listenError(error, config, '--grpc-port <n> (or GTCX_GRPC_PORT)');
}

function listenError(error: unknown, config: ServerConfig, flag = '--port <n> (or GTCX_PORT)'): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') {
    return portInUse(config.host, config.port, flag, error);
  }
  if (code === 'EACCES') {
    return new GtcxError('config_invalid', `Port ${config.port} on ${config.host} needs privileges to bind`, {
      hint: `Pass ${flag} with n >= 1024`,
      cause: error,
    });
  }
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
    return new GtcxError('config_invalid', `Host ${config.host} is not an address of this machine`, {
      hint: 'Pass --host <address> (or GTCX_HOST), e.g. 127.0.0.1 or 0.0.0.0',
      cause: error,
    });
  }
  return error;
}

/**
 * Fastify's close waits for in-flight requests; a request that never ends must not keep the
 * process alive forever, so after the timeout its connection is cut.
 */
async function drainHttp(app: FastifyInstance, timeoutMs: number): Promise<void> {
  const timer = setTimeout(() => {
    app.log.warn({ timeoutMs }, 'requests still running at shutdown; closing their connections');
    app.server.closeAllConnections();
  }, timeoutMs);
  try {
    await app.close();
  } finally {
    clearTimeout(timer);
  }
}

/** Runs every step even when one fails; rethrows the first failure. */
async function closeAll(steps: Array<() => Promise<unknown>>): Promise<void> {
  let failure: unknown;
  for (const step of steps) {
    try {
      await step();
    } catch (error) {
      failure ??= error;
    }
  }
  if (failure !== undefined) throw failure;
}

function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
