import { join, resolve } from 'node:path';
import type { Answers, Store } from '@gtcx/core';
import { openLocalIndex } from '../packs/local-index.js';
import { LocalTemplates } from './local-templates.js';
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

export interface LocalBackendOptions {
  /**
   * Open the store only when an operation needs it. Template operations never do, so `gtcx new`
   * does not pay for SQLite; status() opens it on first use.
   */
  lazyStore?: boolean;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** Opens (creating if needed) the store in dataDir and brings its schema up to date. */
export async function openLocalBackend(dataDir: string, options: LocalBackendOptions = {}): Promise<Backend> {
  const backend = new LocalBackend(dataDir, options);
  if (!options.lazyStore) await backend.store();
  return backend;
}

class LocalBackend implements Backend {
  readonly mode = 'local' as const;
  readonly location: string;
  readonly #templates: LocalTemplates;
  #store: Promise<Store> | undefined;
  #closed = false;

  constructor(
    private readonly dataDir: string,
    options: LocalBackendOptions,
  ) {
    this.#templates = new LocalTemplates(options.env ?? process.env, options.cwd ?? process.cwd());
    this.location = join(resolve(dataDir), 'gtcx.db');
  }

  listTemplates(): Promise<TemplateListing[]> {
    return this.#templates.list();
  }

  getTemplate(ref: string, version?: string): Promise<TemplateInfo> {
    return this.#templates.get(ref, version);
  }

  render(ref: string, answers: Answers, version?: string): Promise<RenderedTemplate> {
    return this.#templates.render(ref, answers, version);
  }

  generate(request: GenerateRequest): Promise<GenerationReport> {
    return this.#templates.generate(request);
  }

  store(): Promise<Store> {
    this.#store ??= openLocalIndex(this.dataDir);
    return this.#store;
  }

  async status(): Promise<BackendStatus> {
    const store = await this.store();
    const checks = [await pingCheck(store), await migrationsCheck(store)];
    return { mode: this.mode, location: this.location, ok: checks.every((c) => c.ok), checks };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const store = await this.#store?.catch(() => undefined);
    await store?.close();
  }
}

async function pingCheck(store: Store): Promise<BackendCheck> {
  try {
    await store.ping();
    return { name: 'store', ok: true, detail: `${store.dialect} at ${store.location}` };
  } catch (error) {
    return { name: 'store', ok: false, detail: (error as Error).message };
  }
}

async function migrationsCheck(store: Store): Promise<BackendCheck> {
  try {
    const pending = (await store.migrationStatus()).filter((m) => m.appliedAt === null);
    return pending.length === 0
      ? { name: 'migrations', ok: true, detail: 'up to date' }
      : {
          name: 'migrations',
          ok: false,
          detail: `${pending.length} pending: ${pending.map((m) => `${m.module}/${m.name}`).join(', ')}`,
        };
  } catch (error) {
    return { name: 'migrations', ok: false, detail: (error as Error).message };
  }
}
