/**
 * The gtcx SDK: a typed REST client for a gtcx server (openapi-fetch over the server's openapi.yaml)
 * with auth, retries, timeouts, typed errors and pagination, plus the flows scripts need: publish,
 * download and verify, search, and server-side renders. gRPC lives in `@gtcx/sdk/grpc`, the
 * generated protobuf messages in `@gtcx/sdk/proto`.
 *
 * @packageDocumentation
 */
export type { TokenContext, TokenSource } from './auth.js';
export { type ClientOptions, createClient, type GtcxClient } from './client.js';
export {
  GtcxApiError,
  type GtcxApiErrorOptions,
  GtcxSdkError,
  type GtcxSdkErrorOptions,
  isGtcxSdkError,
  type Problem,
  unwrap,
} from './errors.js';
export type { components, operations, paths } from './generated/openapi.js';
export { type DownloadedPack, type DownloadPackOptions, downloadPack } from './packs/download.js';
export { type PackIdentity, readPackIdentity } from './packs/identity.js';
export {
  type PackVersion,
  type PublishedPack,
  type PublishPackOptions,
  publishPack,
} from './packs/publish.js';
export { type PackSearch, type PackSummary, type SearchOptions, searchPacks } from './packs/search.js';
export {
  computeIntegrity,
  type PackSignature,
  type PackSigningKey,
  type SignedSubject,
  type SigningKeyInput,
  signedPayload,
  verifyIntegrity,
  verifyPackSignature,
} from './packs/verify.js';
export type { ListArgs, ListInit, ListItem, ListPage, ListPath } from './paginate.js';
export {
  type RenderedFile,
  type RenderedInjection,
  type RenderHook,
  type RenderResult,
  type RenderTemplateOptions,
  renderTemplate,
} from './render/render.js';
export { type TreeFile, writeTree } from './render/write.js';
export type { CallOptions, Logger, RetryOptions } from './transport.js';
export { sdkVersion } from './version.js';
