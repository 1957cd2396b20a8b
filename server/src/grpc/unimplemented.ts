import { type ServiceDefinition, status, type UntypedServiceImplementation } from '@grpc/grpc-js';

interface AnyCall {
  emit(event: 'error', error: unknown): boolean;
}
type AnyCallback = (error: { code: number; details: string } | null) => void;

/**
 * Handlers for an RPC service no module implements yet: every method answers UNIMPLEMENTED naming
 * itself, the gRPC twin of the REST 501s, so clients learn why instead of timing out.
 */
export function unimplementedService(definition: ServiceDefinition): UntypedServiceImplementation {
  const implementation: UntypedServiceImplementation = {};
  for (const [key, method] of Object.entries(definition)) {
    const error = {
      code: status.UNIMPLEMENTED,
      details: `${method.path.slice(1)} is not implemented by this server yet; a later release implements it`,
    };
    implementation[key] = method.responseStream
      ? (call: AnyCall) => call.emit('error', error)
      : (_call: AnyCall, callback: AnyCallback) => callback(error);
  }
  return implementation;
}

/** `/gtcx.v1.PackService/GetPack` -> `gtcx.v1.PackService`. */
export function serviceName(definition: ServiceDefinition): string {
  const first = Object.values(definition)[0];
  if (first === undefined) throw new Error('a gRPC service definition without methods');
  return first.path.slice(1, first.path.lastIndexOf('/'));
}
