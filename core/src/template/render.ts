import {
  closeSync,
  constants,
  type Dirent,
  fstatSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
} from 'node:fs';
import { join } from 'node:path';
import picomatch from 'picomatch';
import { GtcxError } from '../errors.js';
import { renderContext } from './context.js';
import { createRenderer, type TemplateRenderer } from './handlebars.js';
import { safeSegments } from './paths.js';
import type { Answers, InjectionMode, RenderedTree, Template } from './types.js';

export interface RenderOptions {
  gtcxVersion?: string;
  /** The clock behind {{date}}. */
  now?: () => Date;
}

/** An injection with its file, content and marker rendered. */
export interface RenderedInjection {
  file: string;
  mode: InjectionMode;
  pattern?: string;
  content: string;
  marker: string;
}

/**
 * Renders files/ with the answers: names segment by segment (a segment rendering empty skips the
 * file or the whole directory), `.hbs` bodies rendered and the suffix dropped, everything else
 * copied as bytes with its permission bits. Ignored globs and symlinks never get through.
 */
export async function renderTemplate(
  template: Template,
  answers: Answers,
  options: RenderOptions = {},
): Promise<RenderedTree> {
  const renderer = templateRenderer(template, options);
  const context = renderContext(answers, template.manifest, options.gtcxVersion);
  const ignored =
    template.manifest.ignore.length > 0 ? picomatch(template.manifest.ignore, { dot: true }) : () => false;
  const tree: RenderedTree = new Map();
  const sources = new Map<string, string>();

  const walk = (dir: string, sourceRel: string, targetRel: string): void => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      const source = sourceRel === '' ? entry.name : `${sourceRel}/${entry.name}`;
      if (ignored(source)) continue;
      const absolute = join(dir, entry.name);
      refuseSpecial(entry, `files/${source}`);
      const isTemplate = entry.isFile() && entry.name.endsWith('.hbs');
      const rawName = isTemplate ? entry.name.slice(0, -'.hbs'.length) : entry.name;
      const name = rawName.includes('{{')
        ? renderer.render(rawName, context, `files/${source} (name)`).trim()
        : rawName;
      if (name === '') continue;
      const target = targetRel === '' ? name : `${targetRel}/${name}`;
      if (entry.isDirectory()) {
        walk(absolute, source, target);
        continue;
      }
      const path = safeSegments(target).join('/');
      const previous = sources.get(path);
      if (previous !== undefined) {
        throw new GtcxError(
          'validation_failed',
          `files/${previous} and files/${source} both render to ${path}`,
          {
            hint: 'make the template names render to distinct paths',
            details: { path, sources: [previous, source] },
          },
        );
      }
      sources.set(path, source);
      const { bytes, mode } = readRegularFile(absolute, `files/${source}`);
      const content = isTemplate
        ? Buffer.from(renderer.render(bytes.toString('utf8'), context, `files/${source}`), 'utf8')
        : bytes;
      tree.set(path, { content, mode });
    }
  };
  walk(template.filesDir, '', '');
  return tree;
}

/** The template's injections with file, content and marker rendered (the marker defaults to the content). */
export function renderInjections(
  template: Template,
  answers: Answers,
  options: RenderOptions = {},
): RenderedInjection[] {
  const renderer = templateRenderer(template, options);
  const context = renderContext(answers, template.manifest, options.gtcxVersion);
  return template.manifest.injections.map((injection, index) => {
    const origin = `injections[${index}]`;
    const content = renderer.render(injection.content, context, `${origin}.content`);
    return {
      file: safeSegments(renderer.render(injection.file, context, `${origin}.file`).trim()).join('/'),
      mode: injection.mode,
      ...(injection.pattern === undefined ? {} : { pattern: injection.pattern }),
      content,
      marker:
        injection.marker === undefined
          ? content.trim()
          : renderer.render(injection.marker, context, `${origin}.marker`),
    };
  });
}

/** A renderer with the template's partials (partials/*.hbs, named without the suffix). */
export function templateRenderer(template: Template, options: RenderOptions = {}): TemplateRenderer {
  return createRenderer({ partials: readPartials(template), ...(options.now ? { now: options.now } : {}) });
}

function readPartials(template: Template): Record<string, string> {
  const partials: Record<string, string> = {};
  if (!template.partialsDir) return partials;
  const walk = (dir: string, prefix: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      refuseSpecial(entry, `partials/${prefix}${entry.name}`);
      const absolute = join(dir, entry.name);
      if (entry.isDirectory()) walk(absolute, `${prefix}${entry.name}/`);
      else if (entry.name.endsWith('.hbs')) {
        partials[`${prefix}${entry.name.slice(0, -'.hbs'.length)}`] = readFileSync(absolute, 'utf8');
      }
    }
  };
  walk(template.partialsDir, '');
  return partials;
}

/** One open for both the bytes and the mode; O_NOFOLLOW so a symlink swapped in after the walk is refused. */
function readRegularFile(path: string, where: string): { bytes: Buffer; mode: number } {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') {
      throw new GtcxError('unsafe_path', `the template holds a symlink at ${where}`, {
        details: { path: where },
      });
    }
    throw error;
  }
  try {
    const stats = fstatSync(fd);
    const bytes = Buffer.allocUnsafe(stats.size);
    let offset = 0;
    while (offset < bytes.length) {
      const read = readSync(fd, bytes, offset, bytes.length - offset, null);
      if (read === 0) break;
      offset += read;
    }
    return { bytes: offset === bytes.length ? bytes : bytes.subarray(0, offset), mode: stats.mode & 0o777 };
  } finally {
    closeSync(fd);
  }
}

/** Symlinks could read outside the template; sockets and devices are not template content. */
function refuseSpecial(entry: Dirent, where: string): void {
  if (entry.isSymbolicLink()) {
    throw new GtcxError('unsafe_path', `the template holds a symlink at ${where}`, {
      hint: 'templates may not contain symlinks; replace it with a copy of the file',
      details: { path: where },
    });
  }
  if (!entry.isFile() && !entry.isDirectory()) {
    throw new GtcxError('validation_failed', `the template holds a special file at ${where}`, {
      hint: 'templates may hold only regular files and directories',
      details: { path: where },
    });
  }
}
