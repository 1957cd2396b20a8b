import { GtcxError } from '@gtcx/core';
import type { FastifyInstance, FastifyReply, FastifyRequest, preParsingHookHandler } from 'fastify';
import type { AppContext, OperationHandler, OperationHandlers } from '../modules/types.js';
import { mediaRangeCovers, mediaTypeOf } from '../spec/media-types.js';
import type { SpecOperation } from '../spec/operations.js';
import type { Ajv } from '../validation/ajv.js';
import { requestSchema } from '../validation/request.js';
import { compileResponseContract } from '../validation/response.js';
import { sendProblem } from './problem.js';
import type { OperationInfo } from './route-config.js';

/** A handler answered outside its operation's declared responses. */
export class OffContractResponse extends Error {
  override readonly name = 'OffContractResponse';
  constructor(
    readonly operationId: string,
    readonly issues: string[],
  ) {
    super(`Response of ${operationId} violates openapi.yaml: ${issues.join('; ')}`);
  }
}

/** Requests whose answer already failed the contract: the 500 replacing it is not checked again. */
const failedContract = new WeakSet<FastifyRequest>();

/**
 * The JSON of frozen payloads, as bytes. A frozen payload is immutable by convention (the services
 * freeze what they cache and hand out again, e.g. packuments per revision), so it serializes to the
 * same bytes on every request: they are made once and sent as they are.
 */
const frozenJson = new WeakMap<object, Buffer>();

/**
 * Fastify's typings want a string from a serializer, but what it returns goes through the onSend
 * hooks and out like any onSend payload, and a Buffer is one (sent with its length, not re-encoded).
 */
const serializeFrozen = ((payload: unknown): Buffer | string => {
  if (!isFrozenObject(payload)) return JSON.stringify(payload);
  let json = frozenJson.get(payload);
  if (json === undefined) {
    json = Buffer.from(JSON.stringify(payload), 'utf8');
    frozenJson.set(payload, json);
  }
  return json;
}) as (payload: unknown) => string;

function isFrozenObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && Object.isFrozen(value);
}

export interface OperationRoutesOptions {
  operations: SpecOperation[];
  handlers: OperationHandlers;
  ctx: AppContext;
  responseAjv: Ajv;
}

/** Registers every operation of the contract; those without a handler answer 501. */
export function registerOperations(app: FastifyInstance, options: OperationRoutesOptions): void {
  for (const operation of options.operations) {
    const handler = options.handlers[operation.operationId] ?? notImplemented(operation);
    const contract = compileResponseContract(options.responseAjv, operation);
    const info: OperationInfo = {
      operationId: operation.operationId,
      module: operation.module,
      path: operation.path,
    };
    app.route({
      method: operation.method.toUpperCase(),
      url: operation.url,
      schema: requestSchema(operation),
      config: { operation: info },
      ...(operation.requestBody === undefined ? {} : { preParsing: bodyGuard(operation) }),
      // Callback hooks, not async ones: they run on every answer and need no promise of their own.
      preSerialization: (request, reply, payload, done) => {
        if (failedContract.has(request)) return done(null, payload);
        const contentType = reply.getHeader('content-type');
        const issues = contract.checkPayload(reply.statusCode, headerText(contentType), payload);
        if (issues.length > 0) return done(offContract(request, operation, issues));
        if (isFrozenObject(payload)) reply.serializer(serializeFrozen);
        done(null, payload);
      },
      onSend: (request, reply, payload, done) => {
        if (failedContract.has(request)) return done(null, payload);
        const hasBody = payload !== null && payload !== undefined && payload !== '';
        const contentType = headerText(reply.getHeader('content-type'));
        const issues = contract.checkEnvelope(reply.statusCode, contentType, hasBody);
        if (issues.length > 0) return done(offContract(request, operation, issues));
        done(null, payload);
      },
      handler: async (request, reply) => handler({ request, reply, ctx: options.ctx }),
    });
  }
}

/** The operationIds of the contract that no module implements yet. */
export function unimplementedOperations(operations: SpecOperation[], handlers: OperationHandlers): string[] {
  return operations.map((operation) => operation.operationId).filter((id) => handlers[id] === undefined);
}

function notImplemented(operation: SpecOperation): OperationHandler {
  return ({ request, reply }) =>
    sendProblem(request, reply, {
      code: 'not_implemented',
      detail: `${operation.operationId} (${operation.method.toUpperCase()} ${operation.path}) is part of the contract but not implemented by this server; a later release implements it.`,
      hint: 'Upgrade the gtcx server, or see /openapi.yaml for the operations it serves',
    });
}

/**
 * Refuses, before anything parses it, a body in a media type the operation does not declare, and a
 * missing required body (byte bodies have no schema that would notice).
 */
function bodyGuard(operation: SpecOperation): preParsingHookHandler {
  const declared = Object.keys(operation.requestBody?.content ?? {});
  const required = operation.requestBody?.required === true;
  return async (request, _reply, payload) => {
    if (!hasBody(request)) {
      if (!required) return payload;
      throw new GtcxError('validation_failed', `${operation.operationId} requires a request body`, {
        hint: `Send the body as ${declared.join(' or ')}`,
        details: { errors: [{ field: 'body', message: 'is required' }] },
      });
    }
    const media = mediaTypeOf(request.headers['content-type']);
    if (media !== undefined && declared.some((range) => mediaRangeCovers(range, media))) return payload;
    throw new GtcxError(
      'unsupported_media_type',
      `${operation.operationId} does not accept a body of type ${media ?? '(none)'}`,
      { hint: `Send the body as ${declared.join(' or ')} with a matching Content-Type header` },
    );
  };
}

function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function offContract(
  request: FastifyRequest,
  operation: SpecOperation,
  issues: string[],
): OffContractResponse {
  failedContract.add(request);
  return new OffContractResponse(operation.operationId, issues);
}

function headerText(value: ReturnType<FastifyReply['getHeader']>): string | undefined {
  return value === undefined ? undefined : String(value);
}
