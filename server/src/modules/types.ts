import type { MigrationSet, Store } from '@gtcx/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Registry } from 'prom-client';
import type { ServerConfig } from '../config.js';
import type { LoadedSpec } from '../spec/load.js';

/** What every module handler may use; one per app instance. */
export interface AppContext {
  config: ServerConfig;
  store: Store;
  spec: LoadedSpec;
  /** This app's own metrics registry (never prom-client's global one). */
  metrics: Registry;
  /** Date.now() when the app was built. */
  startedAt: number;
}

export interface OperationCall {
  request: FastifyRequest;
  reply: FastifyReply;
  ctx: AppContext;
}

/**
 * Answers one OpenAPI operation. The returned value is the response body (checked against the
 * contract); a handler that sends through `reply` itself returns the reply.
 */
export type OperationHandler = (call: OperationCall) => unknown;

/** Keyed by operationId. */
export type OperationHandlers = Record<string, OperationHandler>;

/** What one server module contributes. */
export interface ServerModule {
  name: string;
  handlers: OperationHandlers;
  migrations?: MigrationSet;
  /** Adds the module's app-wide hooks (e.g. request checks that must run before contract validation). */
  register?: (app: FastifyInstance, ctx: AppContext) => void;
}
