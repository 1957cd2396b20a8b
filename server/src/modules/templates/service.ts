import { createHash } from 'node:crypto';
import {
  comparePaths,
  GtcxError,
  isGtcxError,
  listBuiltinTemplates,
  projectRecordPath,
  type RenderedInjection,
  type RenderedTree,
  renderInjections,
  renderTemplate,
  resolveAnswers,
  resolveTemplateSource,
  type Template,
  type TemplateManifest,
  type TemplateSource,
} from '@gtcx/core';
import { decodeCursor, encodeCursor } from './cursor.js';
import { isTemplateId, parseTemplateId, type TemplateRef } from './template-id.js';
import {
  questionView,
  type RenderedFileView,
  type RenderHookView,
  type TemplatePage,
  type TemplateSummaryView,
  type TemplateView,
} from './views.js';

export interface TemplatesServiceOptions {
  /** The directory of the built-in templates (builtinTemplatesDir() from @gtcx/core). */
  builtinRoot: string;
  /** The version templates see as {{gtcx.version}}: the server's. */
  gtcxVersion: string;
}

export interface ListTemplatesQuery {
  /** Matched, case-insensitively, in the id, name and description. */
  q?: string | undefined;
  /** 1..100, default 20. */
  limit?: number | undefined;
  cursor?: string | undefined;
}

export interface RenderInput {
  template: string;
  /** The latest when omitted. */
  version?: string | undefined;
  answers?: Record<string, unknown> | undefined;
  useDefaults?: boolean | undefined;
  dryRun?: boolean | undefined;
}

export interface RenderResult {
  template: string;
  version: string;
  dryRun: boolean;
  /** Sorted by path; without content on a dry run. */
  files: RenderedFileView[];
  /** Listed for the caller; the server never runs them. */
  hooks: RenderHookView[];
  /** Rendered for the caller to apply to its own files; the server never sees them. */
  injections: RenderedInjection[];
  /** The rendered tree with normalised modes, in path order (what the tar.gz holds). */
  tree: RenderedTree;
}

export interface TemplatesService {
  list(query: ListTemplatesQuery): Promise<TemplatePage>;
  get(id: string, version?: string): Promise<TemplateView>;
  render(input: RenderInput): Promise<RenderResult>;
}

export const defaultPageSize = 20;
export const maxPageSize = 100;

/**
 * The templates module's logic, shared by the REST routes and the gRPC services: the template index
 * and renders with the same core code as `gtcx new`, minus everything that touches a target
 * directory (planning, writing, applying injections to existing files, hooks).
 */
export function createTemplatesService(options: TemplatesServiceOptions): TemplatesService {
  const sourceFor = (ref: TemplateRef) => templateSource(ref, options.builtinRoot);
  return {
    async list(query) {
      const limit = pageSize(query.limit);
      const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, isTemplateId);
      const needle = query.q?.toLowerCase();
      const all = (await listBuiltinTemplates(options.builtinRoot))
        .map(
          (builtin): TemplateSummaryView => ({
            id: builtin.name,
            name: builtin.name,
            version: builtin.versions[builtin.versions.length - 1] ?? '0.0.0',
            description: builtin.description ?? '',
            source: 'builtin',
          }),
        )
        .filter((summary) => needle === undefined || matches(summary, needle))
        .sort((a, b) => comparePaths(a.id, b.id));
      const rest = after === undefined ? all : all.filter((summary) => comparePaths(summary.id, after) > 0);
      const items = rest.slice(0, limit);
      const last = items[items.length - 1];
      return { items, nextCursor: rest.length > limit && last !== undefined ? encodeCursor(last.id) : null };
    },

    async get(id, version) {
      const ref = parseTemplateId(id, 'templateId');
      const source = await sourceFor(ref);
      const versions = await source.versions();
      const template = await source.load(version || undefined);
      return {
        ...summaryOf(ref, template),
        versions: [...versions].reverse(),
        questions: template.manifest.questions.map(questionView),
      };
    },

    async render(input) {
      const ref = parseTemplateId(input.template, 'template');
      const template = await (await sourceFor(ref)).load(input.version || undefined);
      const manifest = template.manifest;
      const answers = await resolveAnswers(manifest, {
        provided: input.answers ?? {},
        useDefaults: input.useDefaults ?? false,
        gtcxVersion: options.gtcxVersion,
      }).catch((error: unknown) => {
        throw answerError(error, manifest);
      });
      const tree = normalise(await renderTemplate(template, answers, { gtcxVersion: options.gtcxVersion }));
      const dryRun = input.dryRun ?? false;
      return {
        template: ref.id,
        version: manifest.version,
        dryRun,
        files: [...tree].map(([path, file]) => ({
          path,
          size: file.content.length,
          mode: file.mode,
          sha256: createHash('sha256').update(file.content).digest('hex'),
          ...(dryRun ? {} : { content: file.content }),
        })),
        hooks: [
          ...manifest.hooks.pre.map((command) => ({ stage: 'pre' as const, command })),
          ...manifest.hooks.post.map((command) => ({ stage: 'post' as const, command })),
        ],
        injections: renderInjections(template, answers, { gtcxVersion: options.gtcxVersion }),
        tree,
      };
    },
  };
}

/** Built-in templates only by their name (never a path or URL core would also accept); packs by id. */
async function templateSource(ref: TemplateRef, builtinRoot: string): Promise<TemplateSource> {
  if (ref.kind === 'pack') {
    throw new GtcxError('not_found', `no pack installed on this server provides template "${ref.id}"`, {
      hint: 'GET /v1/templates (gtcx templates list) lists the templates this server can render',
      details: { template: ref.id },
    });
  }
  // The builtin: prefix makes core look in builtinRoot and nowhere else; cwd and cacheDir go unused.
  return resolveTemplateSource(`builtin:${ref.name}`, {
    builtinRoot,
    cwd: builtinRoot,
    cacheDir: builtinRoot,
  }).catch((error: unknown) => {
    if (!isGtcxError(error) || error.code !== 'not_found') throw error;
    throw new GtcxError('not_found', `unknown template "${ref.id}"`, {
      hint: 'GET /v1/templates (gtcx templates list) lists the templates this server can render',
      details: { template: ref.id },
      cause: error,
    });
  });
}

function summaryOf(ref: TemplateRef, template: Template): TemplateSummaryView {
  return {
    id: ref.id,
    name: template.manifest.name,
    version: template.manifest.version,
    description: template.manifest.description ?? '',
    source: ref.kind,
  };
}

function pageSize(limit: number | undefined): number {
  if (limit === undefined || limit === 0) return defaultPageSize;
  if (Number.isInteger(limit) && limit >= 1 && limit <= maxPageSize) return limit;
  throw new GtcxError('validation_failed', `limit ${limit} is out of range`, {
    hint: `ask for 1 to ${maxPageSize} templates per page`,
    details: { errors: [{ field: 'limit', message: `must be from 1 to ${maxPageSize}` }] },
  });
}

function matches(summary: TemplateSummaryView, needle: string): boolean {
  return [summary.id, summary.name, summary.description].some((text) => text.toLowerCase().includes(needle));
}

/**
 * Path order, and the modes an archive keeps: 0755 when any executable bit is set, else 0644, so
 * the JSON answer and the tar.gz say the same whatever the server's umask did to the template files.
 */
function normalise(tree: RenderedTree): RenderedTree {
  if (tree.has(projectRecordPath)) {
    throw new GtcxError('validation_failed', `the template renders ${projectRecordPath}, which gtcx owns`, {
      hint: `remove files/${projectRecordPath} from the template`,
      details: { path: projectRecordPath },
    });
  }
  return new Map(
    [...tree]
      .sort(([a], [b]) => comparePaths(a, b))
      .map(([path, file]) => [path, { content: file.content, mode: file.mode & 0o111 ? 0o755 : 0o644 }]),
  );
}

/**
 * Core words answer errors for the CLI (--set, --answers); a server caller fixes the request body,
 * so the same error gets hints and field names in those terms.
 */
function answerError(error: unknown, manifest: TemplateManifest): unknown {
  if (!isGtcxError(error) || error.code !== 'validation_failed' || error.details === undefined) return error;
  const { unknown, missing, question, problem } = error.details;
  const names = (value: unknown) => (Array.isArray(value) ? value.map(String) : []);
  const errors = [
    ...names(unknown).map((name) => ({
      field: `answers.${name}`,
      message: `is not a question of ${manifest.name}`,
    })),
    ...names(missing).map((name) => ({ field: `answers.${name}`, message: 'is required' })),
    ...(typeof question === 'string' ? [{ field: `answers.${question}`, message: String(problem) }] : []),
  ];
  if (errors.length === 0) return error;
  const first = errors[0]?.field ?? 'answers';
  const hint =
    names(unknown).length > 0
      ? error.hint
      : names(missing).length > 0
        ? `send ${first} in the request, or useDefaults: true to take the defaults`
        : `send a valid ${first}${helpFor(manifest, question)}`;
  return new GtcxError('validation_failed', error.message, {
    ...(hint === undefined ? {} : { hint }),
    details: { ...error.details, errors },
    cause: error,
  });
}

function helpFor(manifest: TemplateManifest, name: unknown): string {
  const help = manifest.questions.find((question) => question.name === name)?.help;
  return help === undefined ? '' : ` (${help})`;
}
