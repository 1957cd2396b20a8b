/** What a route registered from the contract carries in its Fastify config. */
export interface OperationInfo {
  operationId: string;
  module: string;
  /** The OpenAPI path template, e.g. /v1/packs/{name}. */
  path: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    operation?: OperationInfo;
  }
}
