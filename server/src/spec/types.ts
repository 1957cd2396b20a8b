/** The parts of an OpenAPI 3.1 document the server reads. Schemas stay plain JSON Schema objects. */
export type JsonSchema = Record<string, unknown>;

export interface Reference {
  $ref: string;
}

export interface ParameterObject {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: JsonSchema;
}

export interface MediaTypeObject {
  schema?: JsonSchema;
}

export interface RequestBodyObject {
  required?: boolean;
  content: Record<string, MediaTypeObject>;
}

export interface ResponseObject {
  description?: string;
  content?: Record<string, MediaTypeObject>;
}

export interface OperationObject {
  operationId?: string;
  tags?: string[];
  security?: Array<Record<string, string[]>>;
  parameters?: Array<ParameterObject | Reference>;
  requestBody?: RequestBodyObject | Reference;
  responses?: Record<string, ResponseObject | Reference>;
}

export type PathItemObject = {
  parameters?: Array<ParameterObject | Reference>;
} & Partial<Record<HttpMethod, OperationObject>>;

export const httpMethods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export type HttpMethod = (typeof httpMethods)[number];

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  paths?: Record<string, PathItemObject>;
  components?: Record<string, Record<string, unknown>>;
}
