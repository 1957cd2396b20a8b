import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { builtinTemplatesDir, GtcxError, isGtcxError, writeTarGz } from '@gtcx/core';
import type { FastifyInstance } from 'fastify';
import type { AppContext, OperationHandlers } from '../types.js';
import { preferredMediaType } from './negotiate.js';
import {
  createTemplatesService,
  type RenderInput,
  type RenderResult,
  type TemplatesService,
} from './service.js';
import { parseTemplateId, refusedReference } from './template-id.js';
import type { RenderedFileView } from './views.js';

const services = new WeakMap<AppContext, TemplatesService>();

/** One service per app: the built-in templates shipped with core, rendered as this server's version. */
export function templatesServiceFor(ctx: AppContext): TemplatesService {
  let service = services.get(ctx);
  if (service === undefined) {
    service = createTemplatesService({ builtinRoot: builtinTemplatesDir(), gtcxVersion: ctx.config.version });
    services.set(ctx, service);
  }
  return service;
}

const renderMediaTypes = ['application/json', 'application/gzip'] as const;

export const templatesHandlers: OperationHandlers = {
  listTemplates: async ({ request, ctx }) => {
    const query = request.query as { q?: string; limit?: number; cursor?: string };
    return templatesServiceFor(ctx).list(query).catch(inRequest('querystring'));
  },

  getTemplate: async ({ request, reply, ctx }) => {
    const { templateId } = request.params as { templateId: string };
    const { version } = request.query as { version?: string };
    const template = await templatesServiceFor(ctx)
      .get(templateId, version)
      .catch(inRequest((field) => (field === 'templateId' ? 'params' : 'querystring')));
    const etag = `"${createHash('sha256').update(JSON.stringify(template)).digest('base64url')}"`;
    reply.header('etag', etag);
    if (matchesEtag(request.headers['if-none-match'], etag)) return reply.code(304).send();
    return template;
  },

  createRender: async ({ request, reply, ctx }) => {
    const body = request.body as RenderInput;
    const wanted = preferredMediaType(request.headers.accept, renderMediaTypes);
    if (wanted === undefined && body.dryRun !== true) {
      throw new GtcxError(
        'not_acceptable',
        `createRender answers ${renderMediaTypes.join(' or ')}, which Accept excludes`,
        {
          hint: 'send Accept: application/json for the file tree as JSON, or Accept: application/gzip for a tar.gz',
        },
      );
    }
    const render = await templatesServiceFor(ctx).render(body).catch(inRequest('body'));
    if (wanted === 'application/gzip' && !render.dryRun) {
      reply
        .type('application/gzip')
        .header('content-disposition', `attachment; filename="${archiveName(render)}"`);
      return writeTarGz(render.tree);
    }
    return {
      template: render.template,
      version: render.version,
      dryRun: render.dryRun,
      files: render.files.map(jsonFile),
      hooks: render.hooks,
      injections: render.injections,
    };
  },
};

/**
 * REST only: a git URL or a path in the request is refused with that reason before the contract's
 * TemplateId pattern would refuse it with a bare "must match pattern".
 */
export function registerTemplateReferenceGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const operationId = request.routeOptions.config.operation?.operationId;
    if (operationId === 'createRender') {
      const template = (request.body as { template?: unknown } | undefined)?.template;
      if (typeof template === 'string' && refusedReference(template) !== undefined) {
        refuse(() => parseTemplateId(template, 'template'), 'body');
      }
    } else if (operationId === 'getTemplate') {
      const { templateId } = request.params as { templateId?: unknown };
      if (typeof templateId === 'string' && refusedReference(templateId) !== undefined) {
        refuse(() => parseTemplateId(templateId, 'templateId'), 'params');
      }
    }
  });
}

function refuse(parse: () => unknown, part: string): void {
  try {
    parse();
  } catch (error) {
    throw inRequest(part)(error);
  }
}

/** Text files travel as UTF-8, everything else (NUL bytes, invalid UTF-8) as base64. */
function jsonFile(file: RenderedFileView): Record<string, unknown> {
  const { content, ...meta } = file;
  if (content === undefined) return meta;
  const text = isUtf8(content) && !content.includes(0);
  return { ...meta, encoding: text ? 'utf8' : 'base64', content: content.toString(text ? 'utf8' : 'base64') };
}

function archiveName(render: RenderResult): string {
  return `${render.template.replace(/^@/, '').replace(/[^a-z0-9._-]/g, '-')}-${render.version}.tar.gz`;
}

/** `If-None-Match: "a", W/"b"` or `*`; weak tags match too (RFC 9110 weak comparison). */
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || trimmed.replace(/^W\//, '') === etag;
  });
}

/**
 * The service names fields as the request carries them (`template`, `answers.name`, `cursor`); the
 * REST problem names the part too (`body.template`), as the contract's own validation errors do.
 */
function inRequest(part: string | ((field: string) => string)): (error: unknown) => never {
  return (error) => {
    const errors = isGtcxError(error) ? error.details?.errors : undefined;
    if (!isGtcxError(error) || !Array.isArray(errors)) throw error;
    const partOf = typeof part === 'string' ? () => part : part;
    throw new GtcxError(error.code, error.message, {
      ...(error.hint === undefined ? {} : { hint: error.hint }),
      details: {
        ...error.details,
        errors: errors.map((entry: { field: string; message: string }) => ({
          field: `${partOf(entry.field.split('.')[0] ?? '')}.${entry.field}`,
          message: entry.message,
        })),
      },
      cause: error.cause ?? error,
    });
  };
}
