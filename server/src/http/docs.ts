import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import type { OpenApiDocument } from '../spec/types.js';

/** Swagger UI at /docs, rendered from the contract; its assets come from the npm package, never a CDN. */
export async function registerDocs(app: FastifyInstance, document: OpenApiDocument): Promise<void> {
  await app.register(swagger, {
    mode: 'static',
    // The UI gets its own copy: route building must never see a document the UI plugin touched.
    specification: { document: structuredClone(document) as never },
  });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    uiConfig: { deepLinking: true, docExpansion: 'list' },
  });
}
