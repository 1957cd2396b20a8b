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
export { type GenerateOptions, type GenerationResult, generateProject } from './template/generate.js';
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
