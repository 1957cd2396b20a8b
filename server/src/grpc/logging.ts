import { setLogger } from '@grpc/grpc-js';

export interface GrpcLogger {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

/**
 * grpc-js writes its own messages straight to stderr (e.g. a duplicate "No address added" next to
 * the port_in_use error we raise). Its logger is process-wide; the server routes it into its log.
 */
export function routeGrpcLogs(logger: GrpcLogger): void {
  const forward = (message: unknown, ...rest: unknown[]) =>
    logger.warn(
      { source: 'grpc-js', ...(rest.length > 0 ? { details: rest.map(String) } : {}) },
      String(message),
    );
  setLogger({ error: forward, info: forward, debug: forward });
}
