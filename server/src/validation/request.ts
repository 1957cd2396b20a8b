import type { FastifySchema } from 'fastify';
import { isStructuredMediaType } from '../spec/media-types.js';
import type { SpecOperation } from '../spec/operations.js';
import { retargetRefs } from '../spec/refs.js';
import type { JsonSchema, ParameterObject } from '../spec/types.js';

/** Fastify's request schema for one operation: only what the document declares. */
export function requestSchema(operation: SpecOperation): FastifySchema {
  const schema: FastifySchema = {};
  const params = partSchema(operation.parameters, 'path');
  if (params !== undefined) schema.params = params;
  const querystring = partSchema(operation.parameters, 'query');
  if (querystring !== undefined) schema.querystring = querystring;
  const headers = partSchema(operation.parameters, 'header');
  if (headers !== undefined) schema.headers = headers;
  const body = bodySchema(operation);
  if (body !== undefined) schema.body = body;
  return schema;
}

function partSchema(parameters: ParameterObject[], location: ParameterObject['in']): JsonSchema | undefined {
  const own = parameters.filter((p) => p.in === location);
  if (own.length === 0) return undefined;
  // Header names are case-insensitive and Node hands them over lower-cased.
  const nameOf = (p: ParameterObject) => (location === 'header' ? p.name.toLowerCase() : p.name);
  return {
    type: 'object',
    properties: Object.fromEntries(own.map((p) => [nameOf(p), retargetRefs(p.schema ?? {})])),
    required: own.filter((p) => p.required === true || location === 'path').map(nameOf),
  };
}

/** Per content type; byte bodies (archives) have nothing a JSON Schema could check. */
function bodySchema(operation: SpecOperation): FastifySchema['body'] {
  const content = operation.requestBody?.content ?? {};
  const checked = Object.entries(content).filter(
    ([media, value]) => value.schema !== undefined && isStructuredMediaType(media.toLowerCase()),
  );
  if (checked.length === 0) return undefined;
  return {
    content: Object.fromEntries(
      checked.map(([media, value]) => [media, { schema: retargetRefs(value.schema) }]),
    ),
  };
}
