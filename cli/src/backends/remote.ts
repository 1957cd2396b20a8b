import { type Answers, GtcxError } from '@gtcx/core';
import { type ClientOptions, createClient, type GtcxClient } from '@gtcx/sdk';
import { generateRendered } from '../templates/generate-rendered.js';
import { LocalTemplates } from './local-templates.js';
import { RemoteTemplates } from './remote-templates.js';
import { isOnThisMachine, withInstalledPackTemplates } from './template-routing.js';
import type {
  Backend,
  BackendCheck,
  BackendStatus,
  GenerateRequest,
  GenerationReport,
  RenderedTemplate,
  TemplateInfo,
  TemplateListing,
} from './types.js';

export interface RemoteBackendOptions {
  server: string;
  token?: string | undefined;
  fetch?: ClientOptions['fetch'];
  /** Where the XDG dirs (installed packs, the git cache) come from; process.env by default. */
  env?: NodeJS.ProcessEnv;
  /** Where relative template paths resolve; the process's cwd by default. */
  cwd?: string;
}

export function openRemoteBackend(options: RemoteBackendOptions): Backend {
  return new RemoteBackend(options);
}

function unreachable(server: string, cause: unknown): GtcxError {
  const reason = cause instanceof Error ? ((cause.cause as Error | undefined)?.message ?? cause.message) : '';
  return new GtcxError(
    'server_unreachable',
    `cannot reach the gtcx server at ${server}${reason ? `: ${reason}` : ''}`,
    {
      hint: 'check --server / GTCX_SERVER (or `gtcx config get server`), or start one with `gtcx server start`',
      details: { server },
      cause,
    },
  );
}

class RemoteBackend implements Backend {
  readonly mode = 'remote' as const;
  readonly location: string;
  readonly #client: GtcxClient;
  readonly #templates: RemoteTemplates;
  /** Templates whose source is on this machine: rendered here by the very code of the local backend. */
  readonly #local: LocalTemplates;
  readonly #env: NodeJS.ProcessEnv;
  readonly #cwd: string;

  constructor(options: RemoteBackendOptions) {
    this.#env = options.env ?? process.env;
    this.#cwd = options.cwd ?? process.cwd();
    this.#local = new LocalTemplates(this.#env, this.#cwd);
    this.location = options.server;
    this.#client = createClient({
      baseUrl: options.server,
      ...(options.token === undefined ? {} : { token: options.token }),
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    });
    this.#templates = new RemoteTemplates(this.#client, this.location, (cause) =>
      unreachable(this.location, cause),
    );
  }

  /** The server's templates, and those of packs installed on this machine, which `gtcx new` uses here. */
  async listTemplates(): Promise<TemplateListing[]> {
    return withInstalledPackTemplates(await this.#templates.list(), this.#env);
  }

  async getTemplate(ref: string, version?: string): Promise<TemplateInfo> {
    return (await this.local(ref)) ? this.#local.get(ref, version) : this.#templates.get(ref, version);
  }

  async render(ref: string, answers: Answers, version?: string): Promise<RenderedTemplate> {
    return (await this.local(ref))
      ? this.#local.render(ref, answers, version)
      : this.#templates.render(ref, answers, version);
  }

  /**
   * A server template is rendered on the server, then planned, written and recorded here by the same
   * core code as offline; a template on this machine takes the local backend's path end to end.
   */
  async generate(request: GenerateRequest): Promise<GenerationReport> {
    if (await this.local(request.ref)) return this.#local.generate(request);
    const info = await this.#templates.get(request.ref, request.version);
    const rendered = await this.#templates.render(request.ref, request.answers, info.version);
    return generateRendered(info, rendered, request);
  }

  /** Ready means the server answers and its own checks (the store) pass; 503 lists what failed. */
  async status(): Promise<BackendStatus> {
    let result: Awaited<ReturnType<typeof this.readyz>>;
    try {
      result = await this.readyz();
    } catch (error) {
      throw unreachable(this.location, error);
    }
    const body = (result.data ?? result.error) as { checks?: unknown } | undefined;
    const serverChecks = Array.isArray(body?.checks) ? (body.checks as ServerCheck[]) : [];
    const checks: BackendCheck[] = [
      { name: 'server', ok: result.response.ok, detail: `GET /readyz: ${result.response.status}` },
      ...serverChecks.map(toCheck),
    ];
    return { mode: this.mode, location: this.location, ok: checks.every((c) => c.ok), checks };
  }

  async close(): Promise<void> {}

  private local(ref: string): Promise<boolean> {
    return isOnThisMachine(ref, { env: this.#env, cwd: this.#cwd });
  }

  private readyz() {
    // A 503 here is the answer (not ready), and a status check should say so at once: no retries.
    return this.#client.GET('/readyz', { retry: false });
  }
}

interface ServerCheck {
  name: string;
  status: string;
  detail?: string;
}

function toCheck(check: ServerCheck): BackendCheck {
  return {
    name: check.name,
    ok: check.status === 'ok',
    ...(check.detail === undefined ? {} : { detail: check.detail }),
  };
}
