import type { ServiceDefinition, UntypedServiceImplementation } from '@grpc/grpc-js';
import { builtinTemplatesDir, type Store } from '@gtcx/core';
import * as proto from '@gtcx/sdk/proto';
import { requireCredentials } from '../auth/grpc.js';
import { createPacksService, packsGrpcServices } from '../modules/packs/index.js';
import { templatesGrpcServices } from '../modules/templates/grpc.js';
import { createTemplatesService } from '../modules/templates/service.js';
import { serviceName, unimplementedService } from './unimplemented.js';

export interface GrpcService {
  /** Fully qualified, as the health service reports it, e.g. gtcx.v1.PackService. */
  name: string;
  definition: ServiceDefinition;
  implementation: UntypedServiceImplementation;
}

export interface GrpcServicesContext {
  /** Every gtcx.v1 call must carry it as `authorization: Bearer <token>`; unset refuses them all. */
  adminToken: string | undefined;
  /** The server's version, which templates see as {{gtcx.version}}. */
  version: string;
  /** The store the packs registry reads. */
  store: Store;
  /** Where unexpected failures go; callers only learn INTERNAL. */
  logError?: (error: unknown) => void;
}

/**
 * Every gtcx.v1 service the generated code defines, with its module's implementation or
 * UNIMPLEMENTED, each call checked for credentials first.
 */
export function gtcxServices(context: GrpcServicesContext): GrpcService[] {
  const implementations = moduleImplementations(context);
  return generatedServiceDefinitions().map((definition) => {
    const name = serviceName(definition);
    const implementation = implementations[name] ?? unimplementedService(definition);
    return {
      name,
      definition,
      implementation: requireCredentials(definition, implementation, context.adminToken),
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
