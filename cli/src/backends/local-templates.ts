import {
  type Answers,
  generateProject,
  listBuiltinTemplates,
  renderInjections,
  renderTemplate,
  resolveTemplateSource,
  type Template,
  type TemplateSource,
} from '@gtcx/core';
import { listInstalledPackTemplates } from '../packs/installed-templates.js';
import { sourceOptions } from '../templates/sources.js';
import { gtcxVersion } from '../templates/version.js';
import type {
  GenerateRequest,
  GenerationReport,
  RenderedTemplate,
  TemplateInfo,
  TemplateListing,
} from './types.js';

/** The template operations of the local backend: core, against templates on this machine. */
export class LocalTemplates {
  readonly #sources = new Map<string, Promise<TemplateSource>>();

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly cwd: string,
  ) {}

  async list(): Promise<TemplateListing[]> {
    const [builtins, installed] = await Promise.all([
      listBuiltinTemplates(sourceOptions(this.env, this.cwd).builtinRoot),
      listInstalledPackTemplates({ env: this.env }),
    ]);
    return [
      ...builtins.map(({ name, versions, description }) => ({
        name,
        kind: 'builtin' as const,
        versions,
        description: description ?? '',
      })),
      ...installed.map(({ id, version, description }) => ({
        name: id,
        kind: 'pack' as const,
        versions: [version],
        description,
      })),
    ].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async get(ref: string, version?: string): Promise<TemplateInfo> {
    const source = await this.source(ref);
    const [versions, template] = await Promise.all([source.versions(), source.load(version)]);
    const { manifest } = template;
    return {
      source: source.ref,
      kind: source.kind,
      name: manifest.name,
      version: manifest.version,
      versions,
      description: manifest.description ?? '',
      questions: manifest.questions,
    };
  }

  async render(ref: string, answers: Answers, version?: string): Promise<RenderedTemplate> {
    const { source, template } = await this.load(ref, version);
    const files = await renderTemplate(template, answers, { gtcxVersion: gtcxVersion() });
    return {
      name: template.manifest.name,
      version: template.manifest.version,
      source: source.ref,
      files: new Map([...files].sort(([a], [b]) => (a < b ? -1 : 1))),
      hooks: { ...template.manifest.hooks },
      injections: renderInjections(template, answers, { gtcxVersion: gtcxVersion() }),
    };
  }

  async generate(request: GenerateRequest): Promise<GenerationReport> {
    const { source, template } = await this.load(request.ref, request.version);
    return generateProject({
      template,
      targetDir: request.targetDir,
      answers: request.answers,
      source: { ref: source.ref, kind: source.kind },
      conflict: request.conflict,
      dryRun: request.dryRun,
      trust: request.trust,
      ...(request.resolveConflict ? { resolveConflict: request.resolveConflict } : {}),
      gtcxVersion: request.gtcxVersion,
      hooks: { stdio: request.hookStdio },
    });
  }

  private async load(ref: string, version?: string): Promise<{ source: TemplateSource; template: Template }> {
    const source = await this.source(ref);
    return { source, template: await source.load(version) };
  }

  /** One resolution per reference: a git source clones once however many operations use it. */
  private source(ref: string): Promise<TemplateSource> {
    let source = this.#sources.get(ref);
    if (!source) {
      source = resolveTemplateSource(ref, sourceOptions(this.env, this.cwd));
      this.#sources.set(ref, source);
    }
    return source;
  }
}
