import type { Store } from '@gtcx/core';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { auditForbiddenAnswers } from './auth/audit-forbidden.js';
import { registerAuth } from './auth/http.js';
import { bootstrapServer } from './bootstrap.js';
import type { ServerConfig } from './config.js';
import { registerBodyParsers } from './http/body-parsers.js';
import { registerDevicePage } from './http/device-page.js';
import { registerDocs } from './http/docs.js';
import { closeConnectionsWhenDraining } from './http/draining.js';
import { registerErrorHandling } from './http/errors.js';
import { createMetricsRegistry, registerRequestMetrics } from './http/metrics.js';
import { registerOperations, unimplementedOperations } from './http/operations.js';
import { registerRateLimits } from './http/rate-limit.js';
import { requestIdFor, requestIdHeader } from './http/request-id.js';
import { moduleHandlers, serverModules } from './modules/index.js';
import type { AppContext, OperationHandlers } from './modules/types.js';
import { defaultSpec, type LoadedSpec } from './spec/load.js';
import { listOperations } from './spec/operations.js';
import { validatorsFor } from './validation/ajv.js';

export interface BuildAppOptions {
  config: ServerConfig;
  store: Store;
  /** false silences the log; an object is passed to pino. Default: JSON at config.logLevel. */
  logger?: boolean | Record<string, unknown>;
  /** Replaces or adds operation handlers by operationId (tests use it for slow or wrong handlers). */
  handlers?: OperationHandlers;
  /** Defaults to the openapi.yaml found by defaultSpec(). */
  spec?: LoadedSpec;
}

/** The HTTP application, fully wired but not listening: tests drive it with inject(). */
export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const spec = options.spec ?? defaultSpec();
  const operations = listOperations(spec.document);
  const validators = validatorsFor(spec.document);
  const app = Fastify({
    logger: loggerOptions(options),
    genReqId: requestIdFor,
    requestIdHeader: false,
    // Drain in-flight requests on close, but do not wait for idle keep-alive connections.
    forceCloseConnections: 'idle',
    // Requests arriving during the drain are still answered (by the contract, with Connection: close)
    // instead of Fastify's non-problem 503.
    return503OnClosing: false,
    ...trustProxyOption(options.config.trustProxy),
  });
  app.setValidatorCompiler(({ schema, httpPart }) =>
    (httpPart === 'body' ? validators.exact : validators.coerce).compile(schema as Record<string, unknown>),
  );
  app.addHook('onRequest', async (request, reply) => {
    reply.header(requestIdHeader, request.id);
  });

  const ctx: AppContext = {
    config: options.config,
    store: options.store,
    spec,
    metrics: createMetricsRegistry(),
    startedAt: Date.now(),
  };
  closeConnectionsWhenDraining(app);
  registerRequestMetrics(app, ctx.metrics);
  registerErrorHandling(app, operations);
  auditForbiddenAnswers(app, ctx);
  registerBodyParsers(app, operations);
  registerAuth(app, operations, ctx);
  await registerRateLimits(app, ctx);
  for (const module of serverModules) module.register?.(app, ctx);
  await registerDocs(app, spec.document);
  registerDevicePage(app);
  registerOperations(app, {
    operations,
    handlers: { ...moduleHandlers(), ...options.handlers },
    ctx,
    responseAjv: validators.response,
  });
  await app.ready();
  await bootstrapServer({ store: options.store, config: options.config, log: app.log });
  return app;
}

/** The operationIds of openapi.yaml that no server module implements yet (they answer 501). */
export function listUnimplementedOperations(spec: LoadedSpec = defaultSpec()): string[] {
  return unimplementedOperations(listOperations(spec.document), moduleHandlers());
}

/** Fastify overloads its options per server kind; a plain object keeps the HTTP/1 overload chosen. */
function trustProxyOption(trustProxy: ServerConfig['trustProxy']): Pick<FastifyServerOptions, 'trustProxy'> {
  return trustProxy === false ? {} : { trustProxy: trustProxy as FastifyServerOptions['trustProxy'] };
}

function loggerOptions(options: BuildAppOptions): FastifyServerOptions['logger'] {
  if (options.logger === false) return false;
  if (typeof options.logger === 'object') return options.logger;
  return { level: options.config.logLevel };
}
