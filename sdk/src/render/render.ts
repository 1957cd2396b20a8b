import { createHash, randomUUID } from 'node:crypto';
import type { GtcxClient } from '../client.js';
import { GtcxSdkError, unwrap } from '../errors.js';
import type { components } from '../generated/openapi.js';
import { writeTree } from './write.js';

export type RenderHook = components['schemas']['RenderHook'];
export type RenderedInjection = components['schemas']['RenderedInjection'];

export interface RenderTemplateOptions {
  /** A built-in template name (`ts-lib`) or a pack template (`@acme/web/service`). */
  template: string;
  /** The template version; the latest when omitted. */
  version?: string;
  /** Answers by question name. */
  answers?: Record<string, unknown>;
  /** Take the default for every unanswered question (like `gtcx new --defaults`). */
  useDefaults?: boolean;
  /**
   * Write the files into this directory, which must not exist yet or be empty; they appear all at
   * once or not at all. Without it the files are only returned.
   */
  outDir?: string;
  signal?: AbortSignal;
  /**
   * Milliseconds the render request may take, the whole answer included (a server that stops
   * sending midway fails with `timeout`); the client's `timeoutMs` when omitted, 0 to wait forever.
   */
  timeoutMs?: number;
}

export interface RenderedFile {
  /** POSIX path relative to the project root. */
  path: string;
  content: Buffer;
  /** Unix permission bits, e.g. 0o644 or 0o755. */
  mode: number;
  sha256: string;
}

export interface RenderResult {
  template: string;
  version: string;
  /** Sorted by path; every content checked against the sha256 the server computed. */
  files: RenderedFile[];
  /** Never run by the server nor by this function: run them yourself if you trust the template. */
  hooks: RenderHook[];
  /** Edits to files of an existing project, rendered but not applied (`gtcx new` applies them). */
  injections: RenderedInjection[];
  /** The absolute directory written, when `outDir` was given. */
  outDir: string | undefined;
}

/**
 * Renders a template on the server (the same core code as `gtcx new`) and, with `outDir`, writes
 * the files. Each file's content is checked against the server's sha256 before anything is
 * written; paths that would leave `outDir` are refused.
 *
 * @example
 * const result = await renderTemplate(gtcx, {
 *   template: 'ts-lib',
 *   answers: { name: '@acme/utils' },
 *   useDefaults: true,
 *   outDir: './utils',
 * });
 * console.log(result.files.map((file) => file.path));
 */
export async function renderTemplate(
  client: GtcxClient,
  options: RenderTemplateOptions,
): Promise<RenderResult> {
  const result = await client.POST('/v1/renders', {
    body: {
      template: options.template,
      ...(options.version === undefined ? {} : { version: options.version }),
      answers: options.answers ?? {},
      useDefaults: options.useDefaults ?? false,
      dryRun: false,
    },
    // Renders are pure: the key only makes the retry of a lost answer explicitly safe.
    headers: { accept: 'application/json', 'idempotency-key': randomUUID() },
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
  const render = unwrap(result) as components['schemas']['Render'];
  const files = render.files.map(decoded);
  const outDir = options.outDir === undefined ? undefined : await writeTree(options.outDir, files);
  return {
    template: render.template,
    version: render.version,
    files,
    hooks: render.hooks,
    injections: render.injections,
    outDir,
  };
}

function decoded(file: components['schemas']['RenderedFile']): RenderedFile {
  const content = Buffer.from(file.content ?? '', file.encoding === 'base64' ? 'base64' : 'utf8');
  if (createHash('sha256').update(content).digest('hex') !== file.sha256) {
    throw new GtcxSdkError(
      'integrity_mismatch',
      `the server sent ${file.path} with content that does not match its sha256`,
      {
        hint: 'render again; if it persists, the server or a proxy alters responses',
        details: { path: file.path },
      },
    );
  }
  return { path: file.path, content, mode: file.mode, sha256: file.sha256 };
}
