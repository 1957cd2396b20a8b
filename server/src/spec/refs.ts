import { GtcxError } from '@gtcx/core';
import type { JsonSchema, OpenApiDocument, Reference } from './types.js';

/** The id under which the document's component schemas are registered with every ajv instance. */
export const componentSchemasId = 'urn:gtcx:openapi';

export function isReference(value: unknown): value is Reference {
  return typeof value === 'object' && value !== null && typeof (value as Reference).$ref === 'string';
}

/** Follows local `#/...` references (parameters, responses, request bodies) until a real object. */
export function resolve<T>(document: OpenApiDocument, value: T | Reference): T {
  let current: unknown = value;
  const seen = new Set<string>();
  while (isReference(current)) {
    const ref = current.$ref;
    if (seen.has(ref)) throw specError(`circular $ref ${ref}`);
    seen.add(ref);
    current = pointer(document, ref);
  }
  return current as T;
}

/**
 * Component schemas are not inlined (they may be recursive): ajv gets them once under
 * componentSchemasId and every `#/components/schemas/X` becomes a reference into that schema.
 */
export function componentSchemas(document: OpenApiDocument): JsonSchema {
  return { $id: componentSchemasId, $defs: retargetRefs(document.components?.schemas ?? {}) };
}

export function retargetRefs<T>(schema: T): T {
  if (Array.isArray(schema)) return schema.map((item) => retargetRefs(item)) as T;
  if (typeof schema !== 'object' || schema === null) return schema;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    copy[key] = key === '$ref' && typeof value === 'string' ? retarget(value) : retargetRefs(value);
  }
  return copy as T;
}

function retarget(ref: string): string {
  const prefix = '#/components/schemas/';
  if (!ref.startsWith(prefix)) throw specError(`schema $ref ${ref} does not point into #/components/schemas`);
  return `${componentSchemasId}#/$defs/${ref.slice(prefix.length)}`;
}

function pointer(document: OpenApiDocument, ref: string): unknown {
  if (!ref.startsWith('#/')) throw specError(`only local references are supported, found ${ref}`);
  let current: unknown = document;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (typeof current !== 'object' || current === null || !(key in current)) {
      throw specError(`$ref ${ref} points at nothing`);
    }
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

export function specError(message: string): GtcxError {
  return new GtcxError('internal', `openapi.yaml: ${message}`, {
    hint: 'Fix the document and check it with `npx redocly lint openapi.yaml`',
  });
}
