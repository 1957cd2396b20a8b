import { createRequire } from 'node:module';
import type Handlebars from 'handlebars';
import { GtcxError } from '../errors.js';
import { interpret } from './fast-render.js';
import { createHelpers } from './helpers.js';
import { scanSimple } from './scan.js';

/** Renders Handlebars sources against a context; the origin (a file name) is named in every error. */
export interface TemplateRenderer {
  render(source: string, context: object, origin: string): string;
}

export interface RendererOptions {
  /** Partial sources by name ({{> name}}). */
  partials?: Record<string, string>;
  /** The clock behind {{date}}. */
  now?: () => Date;
  /** false forces Handlebars' compiler for every source (tests compare both paths). */
  fastPath?: boolean;
}

type RenderFn = (context: object) => string;

const require = createRequire(import.meta.url);
let loadedHandlebars: typeof Handlebars | undefined;

/**
 * Handlebars (33 modules, plus source-map) loads on the first source the fast path's own scanner
 * cannot take: a scaffold of plain substitutions never pays for it.
 */
export function loadHandlebars(): typeof Handlebars {
  loadedHandlebars ??= require('handlebars') as typeof Handlebars;
  return loadedHandlebars;
}

/** Source files, not HTML: no escaping. Strict: a missing variable throws. */
const compileOptions = { strict: true, noEscape: true } as const;

/**
 * One isolated Handlebars environment per renderer, holding only our helpers and the template's
 * partials. Prototype access stays denied (Handlebars' default; we never pass allowProto*), the
 * context has no prototype, and only sources we parse ourselves are run: never a precompiled spec.
 *
 * Compiling costs about 0.45 ms a source, so sources made of text and simple mustaches are
 * interpreted from their parse tree instead (fast-render.ts), with the same strict semantics; the
 * rest go through the compiler. Both are cached by source text for the renderer's lifetime.
 */
export function createRenderer(options: RendererOptions = {}): TemplateRenderer {
  const helpers = createHelpers(options.now ?? (() => new Date()));
  let env: typeof Handlebars | undefined;
  const environment = (): typeof Handlebars => {
    if (env === undefined) {
      env = loadHandlebars().create();
      env.registerHelper(helpers);
      for (const [name, source] of Object.entries(options.partials ?? {})) {
        env.registerPartial(name, compileSource(env, source, `partial ${name}`));
      }
    }
    return env;
  };
  const cache = new Map<string, RenderFn>();
  const fastPath = options.fastPath ?? true;

  const prepare = (source: string, origin: string): RenderFn => {
    if (!source.includes('{{')) return () => source;
    if (fastPath) {
      const fast = interpret(scanSimple(source) ?? parse(() => environment().parse(source), origin), helpers);
      if (fast) return fast;
    }
    return compileSource(environment(), source, origin);
  };

  return {
    render(source, context, origin) {
      let fn = cache.get(source);
      if (!fn) {
        fn = prepare(source, origin);
        cache.set(source, fn);
      }
      try {
        return fn(context);
      } catch (error) {
        throw renderError(error, origin);
      }
    },
  };
}

function compileSource(env: typeof Handlebars, source: string, origin: string): RenderFn {
  const ast = parse(() => env.parseWithoutProcessing(source), origin);
  markParamsStrict(ast);
  const template = env.compile(ast, compileOptions);
  return (context) => template(context);
}

function parse(run: () => hbs.AST.Program, origin: string): hbs.AST.Program {
  try {
    return run();
  } catch (error) {
    throw renderError(error, origin);
  }
}

/**
 * Handlebars' strict mode only checks a mustache's own path: a helper's parameters resolve to
 * undefined when missing, so `{{kebab nmae}}` would render "" silently. Marking every parameter
 * path strict makes the compiler check them too, as the fast path does.
 */
function markParamsStrict(ast: hbs.AST.Program): void {
  const visitor = new (loadHandlebars().Visitor)();
  const mark = (node: { params: hbs.AST.Expression[]; hash?: hbs.AST.Hash }): void => {
    const values = [...node.params, ...(node.hash?.pairs.map((pair) => pair.value) ?? [])];
    for (const value of values) {
      if (value.type === 'PathExpression')
        (value as hbs.AST.PathExpression & { strict?: boolean }).strict = true;
    }
  };
  const base = visitor as unknown as Record<string, (node: never) => unknown>;
  for (const kind of ['MustacheStatement', 'BlockStatement', 'SubExpression'] as const) {
    const original = base[kind]?.bind(visitor);
    base[kind] = (node: never) => {
      mark(node);
      return original?.(node);
    };
  }
  visitor.accept(ast);
}

function renderError(error: unknown, origin: string): GtcxError {
  if (error instanceof GtcxError) return error;
  const raw = error instanceof Error ? error.message : String(error);
  const exception = error as { lineNumber?: number };
  const parseLine = /^Parse error on line (\d+)/.exec(raw)?.[1];
  const line = exception.lineNumber ?? (parseLine === undefined ? undefined : Number(parseLine));
  const variable = /^"(.*)" not defined in /.exec(raw)?.[1];
  const where = line === undefined ? origin : `${origin} line ${line}`;
  if (variable !== undefined) {
    return new GtcxError('validation_failed', `${where}: "${variable}" is not defined`, {
      hint: 'a template may only use answers, gtcx.version, template.name and template.version',
      details: { file: origin, line, variable },
      cause: error,
    });
  }
  return new GtcxError('validation_failed', `${where}: ${raw.split('\n')[0]}`, {
    hint: 'fix the Handlebars syntax or the helper call in the template',
    details: { file: origin, line, error: raw },
    cause: error,
  });
}
