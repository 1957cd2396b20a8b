import { Server, ServerCredentials } from '@grpc/grpc-js';
import { GtcxError, type Store } from '@gtcx/core';
import { HealthService as HealthDefinition } from '@gtcx/sdk/proto';
import { serverVersion } from '../config.js';
import { type RateLimiter, rateLimiterServing } from '../http/rate-limit.js';
import { createHealthService } from './health.js';
import { type GrpcLogger, routeGrpcLogs } from './logging.js';
import { gtcxServices } from './services.js';

export interface GrpcServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  store: Store;
  /** The OAuth issuer access tokens must name (GTCX_PUBLIC_URL); unset, any issuer is accepted. */
  publicUrl?: string | undefined;
  /** The server's version, which rendered templates see; defaults to this package's. */
  version?: string;
  logger?: GrpcLogger;
  /**
   * The HTTP app's rate limits, so a caller's calls and requests count together. Defaults to the
   * limiter of the app serving the same store (startServer builds the app first).
   */
  rateLimiter?: RateLimiter;
  /** How long close() lets running calls finish before cancelling them. */
  shutdownTimeoutMs?: number;
  watchIntervalMs?: number;
}

export interface RunningGrpcServer {
  port: number;
  close(): Promise<void>;
}

/** The gRPC server on its own port: grpc.health.v1 and every gtcx.v1 service. */
export async function startGrpcServer(options: GrpcServerOptions): Promise<RunningGrpcServer> {
  if (options.logger !== undefined) routeGrpcLogs(options.logger);
  const logger = options.logger;
  const rateLimiter = options.rateLimiter ?? rateLimiterServing(options.store);
  if (rateLimiter === undefined) {
    // Serving gRPC without them would let every caller dodge the HTTP limits by switching transport.
    throw new Error(
      "The gRPC server needs the HTTP app's rate limiter: build the app (buildApp) on this store first, or pass rateLimiter",
    );
  }
  const services = gtcxServices({
    publicUrl: options.publicUrl,
    version: options.version ?? serverVersion(),
    store: options.store,
    rateLimiter,
    ...(logger === undefined
      ? {}
      : { logError: (err: unknown) => logger.error({ err }, 'gRPC call failed') }),
  });
  const health = createHealthService({
    store: options.store,
    services: services.map((service) => service.name),
    ...(options.watchIntervalMs === undefined ? {} : { watchIntervalMs: options.watchIntervalMs }),
  });
  const server = new Server();
  server.addService(HealthDefinition, health.implementation);
  for (const service of services) server.addService(service.definition, service.implementation);
  const port = await bind(server, options.host, options.port);
  let closing: Promise<void> | undefined;
  return {
    port,
    close() {
      closing ??= shutdown(server, health.close, options.shutdownTimeoutMs ?? 10_000, options.logger);
      return closing;
    },
  };
}

function bind(server: Server, host: string, port: number): Promise<number> {
  const address = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  return new Promise((resolve, reject) => {
    server.bindAsync(address, ServerCredentials.createInsecure(), (error, boundPort) => {
      if (error === null) {
        resolve(boundPort);
        return;
      }
      server.forceShutdown();
      reject(
        /EADDRINUSE|address already in use/i.test(error.message)
          ? portInUse(host, port, '--grpc-port <n> (or GTCX_GRPC_PORT)', error, 'gRPC')
          : new GtcxError('config_invalid', `Cannot serve gRPC on ${address}: ${error.message}`, {
              hint: 'Check --host and --grpc-port (or GTCX_HOST and GTCX_GRPC_PORT)',
              cause: error,
            }),
      );
    });
  });
}

export function portInUse(
  host: string,
  port: number,
  flag: string,
  cause: unknown,
  what?: string,
): GtcxError {
  const suffix = what === undefined ? '' : ` (${what})`;
  return new GtcxError('port_in_use', `Port ${port} on ${host} is already in use${suffix}`, {
    hint: `Stop the other process or pass ${flag}`,
    details: { host, port },
    cause,
  });
}

/** Ends the health streams, lets unary calls finish, then cancels whatever is still running. */
function shutdown(
  server: Server,
  endStreams: () => void,
  timeoutMs: number,
  logger?: GrpcLogger,
): Promise<void> {
  endStreams();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      logger?.warn({ timeoutMs }, 'gRPC calls still running at shutdown; cancelling them');
      server.forceShutdown();
      resolve();
    }, timeoutMs);
    server.tryShutdown(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
