import type { UntypedServiceImplementation } from '@grpc/grpc-js';
import type { Packument, PackVersion } from '@gtcx/core';
import type {
  PackServiceServer,
  Packument as PackumentMessage,
  PackVersion as PackVersionMessage,
} from '@gtcx/sdk/proto';
import { unary } from '../../grpc/unary.js';
import type { PacksService } from './service.js';

/** gtcx.v1.PackService over the same service functions as the REST reads. */
export function packServiceImplementation(
  service: PacksService,
  logError?: (error: unknown) => void,
): PackServiceServer {
  return {
    listPacks: unary(logError, async (request) => {
      const page = await service.search({
        q: request.query === '' ? undefined : request.query,
        keyword: request.keyword === '' ? undefined : request.keyword,
        scope: request.scope === '' ? undefined : request.scope,
        limit: request.pageSize,
        cursor: request.pageToken === '' ? undefined : request.pageToken,
      });
      return {
        packs: page.items.map((item) => ({
          name: item.name,
          description: item.description,
          keywords: item.keywords,
          ...(item.latestVersion === null ? {} : { latestVersion: item.latestVersion }),
          deprecated: item.deprecated,
          updatedAt: new Date(item.updatedAt),
        })),
        nextPageToken: page.nextCursor ?? '',
      };
    }),
    getPack: unary(logError, async (request) => ({
      pack: packumentMessage(await service.getPackument(request.name)),
    })),
    getPackVersion: unary(logError, async (request) => ({
      version: versionMessage(await service.getVersion(request.name, request.version)),
    })),
    listSigningKeys: unary(logError, async () => ({
      keys: (await service.listSigningKeys()).map((key) => ({
        keyId: key.keyId,
        algorithm: key.algorithm,
        publicKey: key.publicKey,
        createdAt: new Date(key.createdAt),
        expiresAt: key.expiresAt === null ? undefined : new Date(key.expiresAt),
      })),
    })),
  };
}

function packumentMessage(packument: Packument): PackumentMessage {
  return {
    name: packument.name,
    description: packument.description,
    keywords: packument.keywords,
    license: packument.license ?? '',
    distTags: packument.distTags,
    versions: Object.fromEntries(
      Object.entries(packument.versions).map(([version, view]) => [version, versionMessage(view)]),
    ),
    createdAt: new Date(packument.createdAt),
    updatedAt: new Date(packument.updatedAt),
  };
}

function versionMessage(version: PackVersion): PackVersionMessage {
  return {
    name: version.name,
    version: version.version,
    description: version.description,
    license: version.license ?? '',
    keywords: version.keywords,
    templates: version.templates,
    enginesGtcx: version.engines.gtcx ?? '',
    dependencies: version.dependencies,
    dist: version.dist,
    ...(version.deprecated === null ? {} : { deprecationMessage: version.deprecated }),
    yanked: version.yanked,
    yankReason: version.yankReason ?? '',
    publishedAt: new Date(version.publishedAt),
    publishedBy: version.publishedBy ?? '',
  };
}

/** This module's gRPC services by fully qualified name. */
export function packsGrpcServices(
  service: PacksService,
  logError?: (error: unknown) => void,
): Record<string, UntypedServiceImplementation> {
  return { 'gtcx.v1.PackService': packServiceImplementation(service, logError) };
}
