import { GtcxError, isGtcxError } from '@gtcx/core';
import type { FastifyInstance, FastifyRequest, preParsingHookHandler } from 'fastify';
import { principalOf } from '../../auth/request.js';
import { type AuditEventInput, auditContext } from '../compliance/index.js';
import type { AppContext, OperationHandlers } from '../types.js';
import { usersServiceFor } from '../users/index.js';
import { authorizePackChange, orgOf, type PackChange, publisherName } from './authorize.js';
import { etagOf, noneMatch } from './etag.js';
import { createPacksService, defaultMaxTarballBytes, type PacksService } from './service.js';

const services = new WeakMap<AppContext, PacksService>();

/** One service per app, configured from the server's configuration. */
export function packsServiceFor(ctx: AppContext): PacksService {
  let service = services.get(ctx);
  if (service === undefined) {
    service = createPacksService({
      store: ctx.store,
      signingKeyPem: ctx.config.packSigningKey,
      maxTarballBytes: maxTarballBytes(ctx),
    });
    services.set(ctx, service);
  }
  return service;
}

/** Versions never change, so their tarballs may be cached anywhere, forever. */
// private: the download needs a bearer token, so a shared cache must not hand it to others; the
// client's own cache may keep it forever, since a published version never changes.
export const immutableCacheControl = 'private, max-age=31536000, immutable';
/** Clients cache the key list for offline verification; a rotation shows up within five minutes. */
const signingKeysCacheControl = 'public, max-age=300';

interface PackParams {
  packName: string;
  version: string;
  tag: string;
}

export const packsHandlers: OperationHandlers = {
  listPacks: async ({ request, ctx }) => {
    const query = request.query as {
      q?: string;
      keyword?: string;
      scope?: string;
      limit?: number;
      cursor?: string;
    };
    return packsServiceFor(ctx).search(query).catch(inRequest('querystring'));
  },

  getPack: async ({ request, reply, ctx }) => {
    const { packName } = request.params as PackParams;
    const packument = await packsServiceFor(ctx).getPackument(packName);
    return conditional(request, reply, packument);
  },

  getPackVersion: async ({ request, reply, ctx }) => {
    const { packName, version } = request.params as PackParams;
    return conditional(request, reply, await packsServiceFor(ctx).getVersion(packName, version));
  },

  publishPackVersion: async ({ request, reply, ctx }) => {
    const { packName, version } = request.params as PackParams;
    const principal = principalOf(request);
    await authorize(request, ctx, packName, 'publish');
    const query = request.query as { tag?: string; integrity?: string };
    const idempotencyKey = request.headers['idempotency-key'];
    const result = await packsServiceFor(ctx)
      .publish({
        name: packName,
        version,
        tarball: request.body as Buffer,
        publishedBy: publisherName(principal),
        tag: query.tag,
        integrity: query.integrity,
        idempotencyKey: typeof idempotencyKey === 'string' ? idempotencyKey : undefined,
        audit: packAudit(request, 'pack.publish', `${packName}@${version}`, { tag: query.tag ?? null }),
      })
      .catch(inRequest('querystring'));
    return reply
      .code(201)
      .header('location', `/v1/packs/${encodeURIComponent(packName)}/versions/${encodeURIComponent(version)}`)
      .header('etag', etagOf(result.version))
      .send(result.version);
  },

  getPackTarball: async ({ request, reply, ctx }) => {
    const { packName, version } = request.params as PackParams;
    const { tarball, integrity } = await packsServiceFor(ctx).getTarball(packName, version);
    const etag = `"${integrity}"`;
    reply.header('etag', etag).header('cache-control', immutableCacheControl);
    if (noneMatch(request.headers['if-none-match'], etag)) return reply.code(304).send();
    return reply.type('application/gzip').send(tarball);
  },

  deprecatePackVersion: async ({ request, reply, ctx }) => {
    const { packName, version } = request.params as PackParams;
    await authorize(request, ctx, packName, 'deprecate');
    const { message } = request.body as { message: string };
    const updated = await packsServiceFor(ctx).deprecate(packName, version, message, {
      ...ifMatch(request),
      audit: packAudit(request, 'pack.deprecate', `${packName}@${version}`, { message }),
    });
    return reply.header('etag', etagOf(updated)).send(updated);
  },

  undeprecatePackVersion: async ({ request, reply, ctx }) => {
    const { packName, version } = request.params as PackParams;
    await authorize(request, ctx, packName, 'deprecate');
    const updated = await packsServiceFor(ctx).deprecate(packName, version, null, {
      ...ifMatch(request),
      audit: packAudit(request, 'pack.undeprecate', `${packName}@${version}`),
    });
    return reply.header('etag', etagOf(updated)).send(updated);
  },

  yankPackVersion: async ({ request, reply, ctx }) => {
    const { packName, version } = request.params as PackParams;
    await authorize(request, ctx, packName, 'yank');
    const reason = (request.body as { reason?: string } | undefined)?.reason;
    const updated = await packsServiceFor(ctx).yank(packName, version, reason, {
      ...ifMatch(request),
      audit: packAudit(request, 'pack.yank', `${packName}@${version}`, { reason: reason ?? null }),
    });
    return reply.header('etag', etagOf(updated)).send(updated);
  },

  unyankPackVersion: async ({ request, reply, ctx }) => {
    const { packName, version } = request.params as PackParams;
    await authorize(request, ctx, packName, 'yank');
    const updated = await packsServiceFor(ctx).unyank(packName, version, {
      ...ifMatch(request),
      audit: packAudit(request, 'pack.unyank', `${packName}@${version}`),
    });
    return reply.header('etag', etagOf(updated)).send(updated);
  },

  getDistTags: async ({ request, reply, ctx }) => {
    const { packName } = request.params as PackParams;
    return conditional(request, reply, { distTags: await packsServiceFor(ctx).getDistTags(packName) });
  },

  setDistTag: async ({ request, reply, ctx }) => {
    const { packName, tag } = request.params as PackParams;
    await authorize(request, ctx, packName, 'tag');
    const { version } = request.body as { version: string };
    const distTags = await packsServiceFor(ctx).setDistTag(packName, tag, version, {
      ...ifMatch(request),
      audit: packAudit(request, 'pack.dist_tag.set', packName, { tag, version }),
    });
    return reply.header('etag', etagOf({ distTags })).send({ distTags });
  },

  deleteDistTag: async ({ request, reply, ctx }) => {
    const { packName, tag } = request.params as PackParams;
    await authorize(request, ctx, packName, 'tag');
    const distTags = await packsServiceFor(ctx).deleteDistTag(packName, tag, {
      ...ifMatch(request),
      audit: packAudit(request, 'pack.dist_tag.remove', packName, { tag }),
    });
    return reply.header('etag', etagOf({ distTags })).send({ distTags });
  },

  listPackSigningKeys: async ({ request, reply, ctx }) => {
    const keys = await packsServiceFor(ctx).listSigningKeys();
    reply.header('cache-control', signingKeysCacheControl);
    return conditional(request, reply, { keys });
  },
};

/**
 * Publish takes tarballs up to the configured size (Fastify's default body limit is 1 MiB), and
 * refuses a declared oversized body before reading it, with a problem naming the limit.
 */
export function registerPublishLimit(app: FastifyInstance, ctx: AppContext): void {
  const limit = maxTarballBytes(ctx);
  app.addHook('onRoute', (route) => {
    if (route.config?.operation?.operationId !== 'publishPackVersion') return;
    route.bodyLimit = limit;
    const earlier = route.preParsing === undefined ? [] : [route.preParsing].flat();
    route.preParsing = [...earlier, refuseDeclaredOversize(limit)];
  });
}

function refuseDeclaredOversize(limit: number): preParsingHookHandler {
  return async (request, _reply, payload) => {
    const declared = Number(request.headers['content-length']);
    if (!Number.isFinite(declared) || declared <= limit) return payload;
    throw new GtcxError(
      'payload_too_large',
      `the tarball is ${declared} bytes, over this server's ${limit}-byte limit`,
      {
        hint: 'make the pack smaller (leave build output and assets out of its templates), or ask the operator to raise GTCX_PACK_MAX_BYTES',
        details: { size: declared, max: limit },
      },
    );
  };
}

function maxTarballBytes(ctx: AppContext): number {
  return ctx.config.packMaxBytes ?? defaultMaxTarballBytes;
}

/** Sends a read with its ETag, or 304 when the client already holds it. */
function conditional(
  request: FastifyRequest,
  reply: Parameters<OperationHandlers[string]>[0]['reply'],
  body: unknown,
): unknown {
  const etag = etagOf(body);
  reply.header('etag', etag);
  if (noneMatch(request.headers['if-none-match'], etag)) return reply.code(304).send();
  return body;
}

function ifMatch(request: FastifyRequest): { ifMatch?: string } {
  const header = request.headers['if-match'];
  return typeof header === 'string' ? { ifMatch: header } : {};
}

/** The caller's right to change the pack, by its org role (see authorize.ts). */
function authorize(request: FastifyRequest, ctx: AppContext, packName: string, change: PackChange) {
  const users = usersServiceFor(ctx);
  return authorizePackChange(principalOf(request), packName, change, (id, org) => users.orgRoleOf(id, org));
}

function packAudit(
  request: FastifyRequest,
  action: string,
  target: string,
  details: Record<string, unknown> = {},
): AuditEventInput {
  return { ...auditContext(request), action, target, org: orgOf(target), outcome: 'success', details };
}

/** Service errors name fields as the service sees them (`q`, `cursor`); the problem names the part too. */
function inRequest(part: string): (error: unknown) => never {
  return (error) => {
    const errors = isGtcxError(error) ? error.details?.errors : undefined;
    if (!isGtcxError(error) || !Array.isArray(errors)) throw error;
    throw new GtcxError(error.code, error.message, {
      ...(error.hint === undefined ? {} : { hint: error.hint }),
      details: {
        ...error.details,
        errors: errors.map((entry: { field: string; message: string }) => ({
          field: entry.field.includes('.') ? entry.field : `${part}.${entry.field}`,
          message: entry.message,
        })),
      },
      cause: error.cause ?? error,
    });
  };
}
