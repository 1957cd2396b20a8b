import type { FastifyInstance } from 'fastify';
import { formMediaType, isJsonMediaType } from '../spec/media-types.js';
import type { SpecOperation } from '../spec/operations.js';

/** Fastify parses application/json and text/plain itself. */
const builtIn = new Set(['application/json', 'text/plain']);

/**
 * Registers a parser for every request media type the contract declares: other JSON types as JSON,
 * forms into objects (repeated keys into arrays), and everything else (archives) as raw bytes.
 */
export function registerBodyParsers(app: FastifyInstance, operations: SpecOperation[]): void {
  const declared = new Set(
    operations.flatMap((operation) =>
      Object.keys(operation.requestBody?.content ?? {}).map((m) => m.toLowerCase()),
    ),
  );
  for (const media of declared) {
    if (builtIn.has(media) || media.includes('*')) continue;
    if (isJsonMediaType(media)) {
      app.addContentTypeParser(media, { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'));
    } else if (media === formMediaType) {
      app.addContentTypeParser(media, { parseAs: 'string' }, (_request, body, done) => {
        done(null, parseForm(body as string));
      });
    } else {
      app.addContentTypeParser(media, { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    }
  }
}

export function parseForm(body: string): Record<string, string | string[]> {
  const form: Record<string, string | string[]> = Object.create(null);
  for (const [key, value] of new URLSearchParams(body)) {
    const existing = form[key];
    form[key] =
      existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return form;
}
