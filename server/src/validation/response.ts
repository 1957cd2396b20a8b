import type { ValidateFunction } from 'ajv/dist/2020.js';
import { isJsonMediaType, mediaRangeCovers, mediaTypeOf } from '../spec/media-types.js';
import type { SpecOperation } from '../spec/operations.js';
import { retargetRefs } from '../spec/refs.js';
import type { Ajv } from './ajv.js';

/** Checks an operation's answers against its declared responses; returns what is off-contract. */
export interface ResponseContract {
  /** Status and content type; runs for every answer. */
  checkEnvelope(status: number, contentType: string | undefined, hasBody: boolean): string[];
  /**
   * The JSON payload before serialization. A frozen payload is taken as immutable (the services freeze
   * the representations they cache and hand out again): once it passes for a status and media type it
   * is not checked again, so a cached packument costs one validation, not one per request.
   */
  checkPayload(status: number, contentType: string | undefined, payload: unknown): string[];
}

interface DeclaredEntry {
  schema: unknown;
  validate?: ValidateFunction;
  /** Frozen payloads that already passed `validate`. */
  passed?: WeakSet<object>;
}

interface DeclaredResponse {
  /** Declared media range -> its schema, if it has one. */
  content: Map<string, DeclaredEntry>;
}

/**
 * Validators compile on first use: compiling every response of the contract up front costs about a
 * second of start-up (every schema still compiles in the test suite, see compileAllResponseSchemas).
 */
export function compileResponseContract(ajv: Ajv, operation: SpecOperation): ResponseContract {
  const declared = new Map<string, DeclaredResponse>();
  for (const [status, response] of Object.entries(operation.responses)) {
    const content: DeclaredResponse['content'] = new Map();
    for (const [media, { schema }] of Object.entries(response.content ?? {})) content.set(media, { schema });
    declared.set(status.toUpperCase(), { content });
  }
  const validatorFor = (entry: DeclaredEntry) => {
    if (entry.schema === undefined) return undefined;
    entry.validate ??= ajv.compile(retargetRefs(entry.schema as Record<string, unknown>));
    return entry.validate;
  };
  const lookup = (status: number) =>
    declared.get(String(status)) ?? declared.get(`${String(status)[0]}XX`) ?? declared.get('DEFAULT');
  const mediaEntry = (response: DeclaredResponse, contentType: string | undefined) => {
    const media = mediaTypeOf(contentType);
    if (media === undefined) return undefined;
    return [...response.content].find(([range]) => mediaRangeCovers(range, media));
  };

  return {
    checkEnvelope(status, contentType, hasBody) {
      const response = lookup(status);
      if (response === undefined) return [`status ${status} is not a declared response`];
      if (!hasBody) return [];
      if (response.content.size === 0) return [`status ${status} declares no body but one was sent`];
      if (mediaEntry(response, contentType) === undefined) {
        const allowed = [...response.content.keys()].join(', ');
        return [`content type ${contentType ?? '(none)'} is not declared for status ${status} (${allowed})`];
      }
      return [];
    },
    checkPayload(status, contentType, payload) {
      // Fastify sets its JSON default only after this check runs.
      const effectiveType = contentType ?? 'application/json';
      const response = lookup(status);
      if (response === undefined || !isJsonMediaType(mediaTypeOf(effectiveType) ?? '')) return [];
      const entry = mediaEntry(response, effectiveType)?.[1];
      const validate = entry === undefined ? undefined : validatorFor(entry);
      if (validate === undefined || entry === undefined) return [];
      const frozen = isFrozenObject(payload) ? payload : undefined;
      if (frozen !== undefined && entry.passed?.has(frozen) === true) return [];
      if (validate(payload)) {
        if (frozen !== undefined) {
          entry.passed ??= new WeakSet();
          entry.passed.add(frozen);
        }
        return [];
      }
      return (validate.errors ?? []).map(
        (error) =>
          `response${error.instancePath} ${error.message ?? 'is invalid'} ${JSON.stringify(error.params)}`,
      );
    },
  };
}

function isFrozenObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && Object.isFrozen(value);
}

/** Compiles every response schema of the operations; throws on the first that ajv rejects. */
export function compileAllResponseSchemas(ajv: Ajv, operations: SpecOperation[]): number {
  let count = 0;
  for (const operation of operations) {
    for (const response of Object.values(operation.responses)) {
      for (const { schema } of Object.values(response.content ?? {})) {
        if (schema === undefined) continue;
        ajv.compile(retargetRefs(schema));
        count += 1;
      }
    }
  }
  return count;
}
