import type { ServiceDefinition, UntypedServiceImplementation } from '@grpc/grpc-js';
import { builtinTemplatesDir, type Store } from '@gtcx/core';
import * as proto from '@gtcx/sdk/proto';
import { requireCredentials } from '../auth/grpc.js';
import { requirementsOf } from '../auth/requirements.js';
import type { RateLimiter } from '../http/rate-limit.js';
import { GrpcRateLimits } from '../http/rate-limit-grpc.js';
import { authGrpcServices } from '../modules/auth/index.js';
import { createPacksService, packsGrpcServices } from '../modules/packs/index.js';
import { templatesGrpcServices } from '../modules/templates/grpc.js';
import { createTemplatesService } from '../modules/templates/service.js';
import { defaultSpec } from '../spec/load.js';
import { listOperations } from '../spec/operations.js';
import { serviceName, unimplementedService } from './unimplemented.js';

export interface GrpcService {
  /** Fully qualified, as the health service reports it, e.g. gtcx.v1.PackService. */
  name: string;
  definition: ServiceDefinition;
  implementation: UntypedServiceImplementation;
}

export interface GrpcServicesContext {
  /** The OAuth issuer access tokens must name (GTCX_PUBLIC_URL); unset, any issuer is accepted. */
  publicUrl: string | undefined;
  /** The server's version, which templates see as {{gtcx.version}}. */
  version: string;
  /** The store the packs registry reads. */
  store: Store;
  /** The HTTP server's rate limits: calls count against the same counters as its requests. */
  rateLimiter: RateLimiter;
  /** Where unexpected failures go; callers only learn INTERNAL. */
  logError?: (error: unknown) => void;
}

/**
 * Every gtcx.v1 service the generated code defines, with its module's implementation or
 * UNIMPLEMENTED, each call checked for credentials and the scope of the REST operation it mirrors,
 * and counted against the rate limits.
 */
export function gtcxServices(context: GrpcServicesContext): GrpcService[] {
  const implementations = moduleImplementations(context);
  const auth = {
    store: context.store,
    publicUrl: context.publicUrl,
    requirements: requirementsOf(listOperations(defaultSpec().document)),
    rateLimits: new GrpcRateLimits(context.rateLimiter, context.logError),
    logError: context.logError,
  };
  return generatedServiceDefinitions().map((definition) => {
    const name = serviceName(definition);
    const implementation = implementations[name] ?? unimplementedService(definition);
    return {
      name,
      definition,
      implementation: requireCredentials(definition, implementation, auth),
    };
  });
}

/** Module implementations by service name; later issues add theirs. */
function moduleImplementations(context: GrpcServicesContext): Record<string, UntypedServiceImplementation> {
  const templates = createTemplatesService({
    builtinRoot: builtinTemplatesDir(),
    gtcxVersion: context.version,
  });
  const packs = createPacksService({ store: context.store, createSigningKey: false });
  return {
    ...templatesGrpcServices(templates, context.logError),
    ...packsGrpcServices(packs, context.logError),
    ...authGrpcServices(context.store, context.publicUrl, context.logError),
  };
}

/** ts-proto exports each service as an object of method definitions whose paths name the service. */
function generatedServiceDefinitions(): ServiceDefinition[] {
  return Object.values(proto as Record<string, unknown>).filter(isGtcxServiceDefinition);
}

function isGtcxServiceDefinition(value: unknown): value is ServiceDefinition {
  if (typeof value !== 'object' || value === null) return false;
  const methods = Object.values(value);
  return (
    methods.length > 0 &&
    methods.every(
      (method) =>
        typeof method === 'object' &&
        method !== null &&
        typeof method.path === 'string' &&
        method.path.startsWith('/gtcx.v1.') &&
        typeof method.requestSerialize === 'function',
    )
  );
}
