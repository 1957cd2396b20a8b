export {
  type ArchiveFile,
  type ArchiveInput,
  archiveMtime,
  comparePaths,
  type WriteTarOptions,
  writeTar,
  writeTarGz,
} from './archive/write.js';
export { errorCodes, GtcxError, type GtcxErrorCode, type GtcxErrorOptions, isGtcxError } from './errors.js';
export {
  type BuildPackOptions,
  type BuiltPack,
  buildPack,
  collectPackFiles,
  type InitPackOptions,
  initPack,
} from './pack/build.js';
export {
  type CacheEntry,
  cacheGetTarball,
  cachePut,
  ensureUnpacked,
  type InstallFromCacheOptions,
  installFromCache,
  PackCache,
} from './pack/cache.js';
export { type PackTarballInfo, type PackTemplateInfo, readPackTarball } from './pack/inspect.js';
export {
  getInstalledPack,
  type InstalledPack,
  type InstalledPacksTable,
  listInstalledPacks,
  recordInstalledPacks,
  removeInstalledPack,
} from './pack/installed.js';
export {
  computeIntegrity,
  integrityHex,
  parseIntegrity,
  type SriHash,
  type VerifyOptions,
  verifyIntegrity,
} from './pack/integrity.js';
export { type ArchiveRule, defaultExtractLimits, type ExtractLimits } from './pack/limits.js';
export {
  assertLockfileUpToDate,
  diffLock,
  emptyLockfile,
  type LockedPack,
  type Lockfile,
  type LockMismatch,
  lockfileFrom,
  lockfileName,
  readLockfile,
  serializeLockfile,
  writeLockfile,
} from './pack/lockfile.js';
export { loadPackManifest, packManifestFile, parsePackManifest } from './pack/manifest.js';
export {
  isPackName,
  type PackNameParts,
  type PackSpec,
  packBaseNamePattern,
  packScopePattern,
  packTarballName,
  parsePackSpec,
  splitPackName,
} from './pack/names.js';
export {
  type FetchPackument,
  type ResolvedPack,
  type ResolvedVersion,
  type ResolveOptions,
  type RootSpec,
  resolveDependencies,
  resolveRange,
} from './pack/resolve.js';
export {
  type GeneratedSigningKey,
  generateSigningKey,
  type KeyCache,
  readKeyCache,
  type SignedSubject,
  type SigningKeyInput,
  signedPayload,
  signingKeyId,
  signPackVersion,
  type VerifySignatureOptions,
  verifyPackSignature,
  writeKeyCache,
} from './pack/signatures.js';
export type {
  PackDist,
  PackManifest,
  PackSignature,
  PackSigningKey,
  Packument,
  PackVersion,
} from './pack/types.js';
export {
  type ArchiveSummary,
  type ExtractOptions,
  type ExtractResult,
  extractPack,
  readArchive,
  walkArchive,
} from './pack/unpack.js';
export { type GtcxDirs, gtcxDirs } from './paths.js';
export { ensureInstallationId, getMeta, setMeta } from './store/meta.js';
export { coreMigrations } from './store/migrations/core.js';
export { openStore } from './store/open.js';
export { jsonType, nowDefault, timestampType } from './store/schema.js';
export type { CoreTables, JobStatus, JobsTable, MetaTable, MigrationsTable } from './store/tables.js';
export type {
  Dialect,
  Migration,
  MigrationReport,
  MigrationSet,
  MigrationStatus,
  Store,
  StoreConfig,
} from './store/types.js';
export {
  type AppliedFile,
  type ApplyIo,
  type ApplyOptions,
  applyGeneration,
  nodeApplyIo,
} from './template/apply.js';
export { builtinTemplatesDir } from './template/builtin.js';
export { dataObject, renderContext } from './template/context.js';
export {
  checkEngine,
  type GenerateOptions,
  type GenerationResult,
  generateProject,
  type WriteGenerationOptions,
  writeGeneration,
} from './template/generate.js';
export { createRenderer, type RendererOptions, type TemplateRenderer } from './template/handlebars.js';
export { createHelpers, helperNames, words } from './template/helpers.js';
export {
  type HookExec,
  type HookRun,
  type RunHooksOptions,
  runHooks,
  skippedMessage,
} from './template/hooks.js';
export { type InjectionOutcome, inject } from './template/inject.js';
export { loadTemplate, manifestFile, parseManifest } from './template/manifest.js';
export { createPathGuard, type PathGuard, resolveInside, safeSegments } from './template/paths.js';
export {
  type ConflictMode,
  type FileAction,
  type GenerationPlan,
  isBinary,
  type PlannedFile,
  type PlannedInjection,
  type PlanOptions,
  planGeneration,
  unifiedDiff,
} from './template/plan.js';
export {
  type AskContext,
  coerceAnswer,
  type ResolveAnswersInput,
  resolveAnswers,
  validateAnswer,
} from './template/questions.js';
export {
  buildProjectRecord,
  hashContent,
  type ProjectRecord,
  projectRecordPath,
  readProjectRecord,
  recordAnswers,
  serializeProjectRecord,
  writeProjectRecord,
} from './template/record.js';
export {
  type RenderedInjection,
  type RenderOptions,
  renderInjections,
  renderTemplate,
  templateRenderer,
} from './template/render.js';
export {
  type BuiltinTemplateSummary,
  listBuiltinTemplates,
  type ResolveSourceOptions,
  resolveTemplateSource,
  type TemplateSource,
  type TemplateSourceKind,
} from './template/source.js';
export type {
  Answers,
  Choice,
  ChoiceValue,
  Injection,
  InjectionMode,
  Migration as TemplateMigration,
  Question,
  QuestionType,
  QuestionValidation,
  RenderedFile,
  RenderedTree,
  Template,
  TemplateManifest,
} from './template/types.js';
export { questionTypes } from './template/types.js';
export {
  type ApplyUpdateOptions,
  applyUpdate,
  crossedMigrations,
  type PlanUpdateOptions,
  planUpdate,
  THEIRS_SUFFIX,
  type UpdateAction,
  type UpdateEntry,
  type UpdatePlan,
  type UpdateResult,
} from './template/update.js';
