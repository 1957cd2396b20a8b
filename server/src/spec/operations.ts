import { isReference, resolve, specError } from './refs.js';
import {
  type HttpMethod,
  httpMethods,
  type OpenApiDocument,
  type OperationObject,
  type ParameterObject,
  type RequestBodyObject,
  type ResponseObject,
} from './types.js';

/** One operation of the document with every non-schema reference resolved. */
export interface SpecOperation {
  operationId: string;
  /** The module that implements it: the operation's single tag. */
  module: string;
  method: HttpMethod;
  /** The OpenAPI path template, e.g. /v1/packs/{name}; also the metrics route label. */
  path: string;
  /** The same template in Fastify's syntax, e.g. /v1/packs/:name. */
  url: string;
  security: Array<Record<string, string[]>>;
  parameters: ParameterObject[];
  requestBody: RequestBodyObject | undefined;
  responses: Record<string, ResponseObject>;
}

export function listOperations(document: OpenApiDocument): SpecOperation[] {
  const operations: SpecOperation[] = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    const shared = item.parameters ?? [];
    for (const method of httpMethods) {
      const operation = item[method];
      if (operation !== undefined)
        operations.push(toSpecOperation(document, path, method, operation, shared));
    }
  }
  return operations;
}

function toSpecOperation(
  document: OpenApiDocument,
  path: string,
  method: HttpMethod,
  operation: OperationObject,
  shared: NonNullable<OperationObject['parameters']>,
): SpecOperation {
  const where = `${method.toUpperCase()} ${path}`;
  const { operationId, tags } = operation;
  if (operationId === undefined) throw specError(`${where} has no operationId`);
  const module = tags?.[0];
  if (module === undefined) throw specError(`${operationId} has no tag naming its module`);
  return {
    operationId,
    module,
    method,
    path,
    url: toFastifyUrl(path),
    security: operation.security ?? [],
    parameters: mergeParameters(
      shared.map((p) => resolve(document, p)),
      (operation.parameters ?? []).map((p) => resolve(document, p)),
    ),
    requestBody:
      operation.requestBody === undefined
        ? undefined
        : resolve<RequestBodyObject>(document, operation.requestBody),
    responses: Object.fromEntries(
      Object.entries(operation.responses ?? {}).map(([status, response]) => [
        status,
        isReference(response) ? resolve<ResponseObject>(document, response) : response,
      ]),
    ),
  };
}

/** Operation-level parameters override path-level ones with the same name and location. */
function mergeParameters(shared: ParameterObject[], own: ParameterObject[]): ParameterObject[] {
  const key = (p: ParameterObject) => `${p.in}:${p.name}`;
  const ownKeys = new Set(own.map(key));
  return [...shared.filter((p) => !ownKeys.has(key(p))), ...own];
}

/** `{name}` becomes `:name`; a literal colon must be doubled for Fastify's router. */
export function toFastifyUrl(path: string): string {
  return path
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? `:${part.slice(1, -1)}` : part.replaceAll(':', '::')))
    .join('');
}

/** Matches concrete request paths against the template, for 405 answers on known paths. */
export function pathPattern(path: string): RegExp {
  const source = path
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`);
}
