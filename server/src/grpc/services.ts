import type { ServiceDefinition, UntypedServiceImplementation } from '@grpc/grpc-js';
import * as proto from '@gtcx/sdk/proto';
import { serviceName, unimplementedService } from './unimplemented.js';

export interface GrpcService {
  /** Fully qualified, as the health service reports it, e.g. gtcx.v1.PackService. */
  name: string;
  definition: ServiceDefinition;
  implementation: UntypedServiceImplementation;
}

/** Module implementations by service name; later issues add theirs. */
const implementations: Record<string, UntypedServiceImplementation> = {};

/** Every gtcx.v1 service the generated code defines, with its module's implementation or UNIMPLEMENTED. */
export function gtcxServices(): GrpcService[] {
  return generatedServiceDefinitions().map((definition) => {
    const name = serviceName(definition);
    return { name, definition, implementation: implementations[name] ?? unimplementedService(definition) };
  });
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
