import type { Metadata, ServiceDefinition, UntypedServiceImplementation } from '@grpc/grpc-js';
import { toGrpcError } from '../grpc/errors.js';
import { authenticate } from './admin-token.js';

interface AnyCall {
  metadata: Metadata;
  emit(event: 'error', error: unknown): boolean;
}
type AnyHandler = (call: AnyCall, callback?: (error: unknown) => void) => void;

/**
 * Every method of a gtcx.v1 service checks the caller's `authorization` metadata first, exactly as
 * the HTTP routes check the header; refused calls end with UNAUTHENTICATED and never reach the module.
 */
export function requireCredentials(
  definition: ServiceDefinition,
  implementation: UntypedServiceImplementation,
  adminToken: string | undefined,
): UntypedServiceImplementation {
  const guarded: UntypedServiceImplementation = {};
  for (const [key, method] of Object.entries(definition)) {
    const handler = implementation[key] as AnyHandler | undefined;
    if (handler === undefined) continue;
    const answersWithCallback = !method.responseStream;
    guarded[key] = ((call: AnyCall, callback?: (error: unknown) => void) => {
      const outcome = authenticate(firstValue(call.metadata, 'authorization'), adminToken);
      if ('principal' in outcome) {
        handler(call, callback);
        return;
      }
      const error = toGrpcError(outcome.failure.error);
      if (answersWithCallback) callback?.(error);
      else call.emit('error', error);
    }) as UntypedServiceImplementation[string];
  }
  return guarded;
}

function firstValue(metadata: Metadata, key: string): string | undefined {
  const value = metadata.get(key)[0];
  return typeof value === 'string' ? value : undefined;
}
