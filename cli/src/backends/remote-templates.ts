import { createHash } from 'node:crypto';
import { type Answers, errorCodes, GtcxError, type GtcxErrorCode, type Question } from '@gtcx/core';
import type { components, GtcxClient } from '@gtcx/sdk';
import type { RenderedTemplate, TemplateInfo, TemplateListing } from './types.js';

type ServerTemplate = components['schemas']['Template'];
type ServerRender = components['schemas']['Render'];

/** What the server answers when a request fails: problem+json with gtcx's code and hint. */
interface Problem {
  status?: number;
  title?: string;
  detail?: string;
  code?: string;
  hint?: string;
}

/**
 * The template operations of the remote backend: the server's template index and renders. A
 * server knows built-in and pack templates by id only; the remote backend keeps paths, git URLs and
 * installed packs' templates on this machine (template-routing.ts) and never sends them here.
 */
export class RemoteTemplates {
  constructor(
    private readonly client: GtcxClient,
    private readonly server: string,
    private readonly unreachable: (cause: unknown) => GtcxError,
  ) {}

  async list(): Promise<TemplateListing[]> {
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.call(() =>
        this.client.GET('/v1/templates', {
          params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } },
        }),
      );
      ids.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    // The index lists the latest version only; the versions come with each template.
    const templates = await Promise.all(ids.map((id) => this.fetchTemplate(id)));
    return templates
      .map((template) => ({
        name: template.id,
        kind: template.source,
        versions: [...template.versions].reverse(),
        description: template.description,
      }))
      .sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  async get(ref: string, version?: string): Promise<TemplateInfo> {
    const template = await this.fetchTemplate(templateId(ref, this.server), version);
    return {
      source: recordRef(template),
      kind: template.source,
      name: template.name,
      version: template.version,
      versions: [...template.versions].reverse(),
      description: template.description,
      questions: template.questions.map(toQuestion),
    };
  }

  async render(ref: string, answers: Answers, version?: string): Promise<RenderedTemplate> {
    const id = templateId(ref, this.server);
    // The operation also answers application/gzip, so its typed body is unknown; this asks for JSON.
    const render = (await this.call(() =>
      this.client.POST('/v1/renders', {
        body: {
          template: id,
          answers,
          useDefaults: false,
          dryRun: false,
          ...(version === undefined ? {} : { version }),
        },
        headers: { accept: 'application/json' },
      }),
    )) as ServerRender;
    const files = new Map<string, { content: Buffer; mode: number }>();
    for (const file of render.files) {
      const content = Buffer.from(file.content ?? '', file.encoding === 'base64' ? 'base64' : 'utf8');
      if (createHash('sha256').update(content).digest('hex') !== file.sha256) {
        throw new GtcxError(
          'internal',
          `the server sent ${file.path} with a content that does not match its hash`,
          {
            hint: 'run the command again; if it persists, the server or a proxy alters responses',
            details: { path: file.path },
          },
        );
      }
      files.set(file.path, { content, mode: file.mode });
    }
    const stage = (name: 'pre' | 'post') =>
      render.hooks.filter((h) => h.stage === name).map((h) => h.command);
    const source = id.startsWith('@') ? id : `builtin:${id}`;
    return {
      name: nameOf(id),
      version: render.version,
      source,
      files,
      hooks: { pre: stage('pre'), post: stage('post') },
      injections: render.injections,
    };
  }

  private fetchTemplate(id: string, version?: string): Promise<ServerTemplate> {
    return this.call(() =>
      this.client.GET('/v1/templates/{templateId}', {
        params: { path: { templateId: id }, query: version === undefined ? {} : { version } },
      }),
    );
  }

  /** One request: the data, or the server's problem as a GtcxError with its code and hint. */
  private async call<T>(
    request: () => Promise<{ data?: T; error?: unknown; response: Response }>,
  ): Promise<T> {
    let result: Awaited<ReturnType<typeof request>>;
    try {
      result = await request();
    } catch (error) {
      throw this.unreachable(error);
    }
    if (result.data !== undefined && result.response.ok) return result.data;
    throw fromProblem((result.error ?? {}) as Problem, result.response.status, this.server);
  }
}

/** The server's id for a reference: a built-in name (with or without builtin:), or @scope/pack/template. */
function templateId(ref: string, server: string): string {
  const id = ref.startsWith('builtin:') ? ref.slice('builtin:'.length) : ref;
  if (/^(?:@[a-z0-9-]+\/[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*$/.test(id)) return id;
  throw new GtcxError(
    'bad_request',
    `the server at ${server} renders built-in and pack templates only, not ${ref}`,
    {
      hint: 'give a template name from gtcx templates list, or a local path (./dir) or git URL, which render on this machine',
      details: { ref },
    },
  );
}

/** The reference a project record keeps, the same as offline: builtin:<name>, or the pack reference. */
function recordRef(template: ServerTemplate): string {
  return template.source === 'builtin' ? `builtin:${template.id}` : template.id;
}

function nameOf(id: string): string {
  return id.split('/').at(-1) ?? id;
}

function toQuestion(question: ServerTemplate['questions'][number]): Question {
  const { choices, ...rest } = question;
  return {
    ...rest,
    ...(choices
      ? { choices: choices.map((c) => ({ value: c.value, label: c.label ?? String(c.value) })) }
      : {}),
  } as Question;
}

function fromProblem(problem: Problem, status: number, server: string): GtcxError {
  const code: GtcxErrorCode =
    problem.code !== undefined && problem.code in errorCodes
      ? (problem.code as GtcxErrorCode)
      : codeFor(status);
  const message = problem.detail ?? problem.title ?? `the server at ${server} answered HTTP ${status}`;
  const hint =
    problem.hint ??
    (status === 401 || status === 403
      ? 'sign in with gtcx login, or set GTCX_TOKEN to a token with the templates:read and renders:create scopes'
      : undefined);
  return new GtcxError(code, message, {
    ...(hint === undefined ? {} : { hint }),
    details: { status, server },
  });
}

function codeFor(status: number): GtcxErrorCode {
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status >= 400 && status < 500) return 'bad_request';
  return 'unavailable';
}
