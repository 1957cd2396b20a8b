import type { Metadata, ServiceDefinition, UntypedServiceImplementation } from '@grpc/grpc-js';
import type { Store } from '@gtcx/core';
import { toGrpcError } from '../grpc/errors.js';
import type { GrpcRateLimits } from '../http/rate-limit-grpc.js';
import { authenticateBearer, authenticationDeps } from '../modules/auth/index.js';
import { admit, auditRefusal } from './gate.js';
import type { ScopeRequirement } from './requirements.js';

interface AnyCall {
  metadata: Metadata;
  getPeer(): string;
  emit(event: 'error', error: unknown): boolean;
}
type AnyHandler = (call: AnyCall, callback?: (error: unknown) => void) => void;

/**
 * The REST operation whose scope each RPC takes, where the operationId is not the RPC's name in
 * lowerCamel case (GetPack -> getPack needs no entry).
 */
export const rpcOperationIds: Readonly<Record<string, string>> = {
  '/gtcx.v1.PackService/ListSigningKeys': 'listPackSigningKeys',
  '/gtcx.v1.TokenService/IntrospectToken': 'introspectOAuthToken',
};

/** `/gtcx.v1.PackService/GetPack` -> `getPack`, unless rpcOperationIds says otherwise. */
export function operationIdOfRpc(path: string): string {
  const explicit = rpcOperationIds[path];
  if (explicit !== undefined) return explicit;
  const method = path.slice(path.lastIndexOf('/') + 1);
  return method.charAt(0).toLowerCase() + method.slice(1);
}

export interface GrpcAuth {
  store: Store;
  /** The `iss` access tokens must carry; unset, any (there is no request origin to take it from). */
  publicUrl: string | undefined;
  /** Every operation's requirement, from openapi.yaml. */
  requirements: Map<string, ScopeRequirement>;
  /** The HTTP server's limits, counted through the same counters. */
  rateLimits: GrpcRateLimits;
  logError?: ((error: unknown) => void) | undefined;
}

/**
 * Every method of a gtcx.v1 service checks the caller's `authorization` metadata first, exactly as
 * the HTTP routes check the header, against the scope of the REST operation it mirrors: refused
 * calls end with UNAUTHENTICATED or PERMISSION_DENIED, audited, and never reach the module. Every
 * call, public ones too, counts against the same rate limits as HTTP (RESOURCE_EXHAUSTED past them).
 * An RPC without an operation is a wiring error: the server refuses to start rather than serve it
 * unguarded.
 */
export function requireCredentials(
  definition: ServiceDefinition,
  implementation: UntypedServiceImplementation,
  auth: GrpcAuth,
): UntypedServiceImplementation {
  const guarded: UntypedServiceImplementation = {};
  for (const [key, method] of Object.entries(definition)) {
    const handler = implementation[key] as AnyHandler | undefined;
    if (handler === undefined) continue;
    const operationId = operationIdOfRpc(method.path);
    const requirement = auth.requirements.get(operationId);
    if (requirement === undefined) {
      throw new Error(
        `${method.path} maps to operation ${operationId}, which openapi.yaml lacks: add it to rpcOperationIds`,
      );
    }
    const answersWithCallback = !method.responseStream;
    const refuse = (call: AnyCall, callback: ((error: unknown) => void) | undefined, error: unknown) => {
      if (answersWithCallback) callback?.(error);
      else call.emit('error', error);
    };
    guarded[key] = ((call: AnyCall, callback?: (error: unknown) => void) => {
      const ip = peerAddress(call.getPeer());
      admitCall(auth, requirement, firstValue(call.metadata, 'authorization'), ip).then(
        (error) => (error === undefined ? handler(call, callback) : refuse(call, callback, error)),
        (error: unknown) => refuse(call, callback, toGrpcError(error, auth.logError)),
      );
    }) as UntypedServiceImplementation[string];
  }
  return guarded;
}

/** Undefined when the call may proceed; otherwise the gRPC error to end it with, already audited. */
async function admitCall(
  auth: GrpcAuth,
  requirement: ScopeRequirement,
  authorization: string | undefined,
  ip: string | undefined,
): Promise<unknown> {
  const call = { operationId: requirement.operationId, ip };
  if (requirement.public) return auth.rateLimits.count(call, undefined);
  const limited = await auth.rateLimits.refusingCredentials(call);
  if (limited !== undefined) return limited;
  const outcome = await authenticateBearer(authenticationDeps(auth.store, auth.publicUrl), authorization, ip);
  const admission = admit(requirement, outcome);
  if ('principal' in admission) return auth.rateLimits.count(call, admission.principal);
  const overLimit = await auth.rateLimits.countRefused(call);
  if (overLimit !== undefined) return overLimit;
  await auditRefusal(
    auth.store,
    admission.refusal,
    { operationId: requirement.operationId, transport: 'grpc', ip: ip ?? null, requestId: null },
    (error) => auth.logError?.(error),
  );
  return toGrpcError(admission.refusal.error);
}

function firstValue(metadata: Metadata, key: string): string | undefined {
  const value = metadata.get(key)[0];
  return typeof value === 'string' ? value : undefined;
}

/** grpc-js peers read `ipv4:10.0.0.1:5000`, `ipv6:[::1]:5000` or `127.0.0.1:5000`. */
export function peerAddress(peer: string): string | undefined {
  const bare = peer.replace(/^ipv[46]:/, '');
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(bare);
  if (bracketed?.[1] !== undefined) return bracketed[1];
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3})(?::\d+)?$/.exec(bare);
  if (v4?.[1] !== undefined) return v4[1];
  return undefined;
}
