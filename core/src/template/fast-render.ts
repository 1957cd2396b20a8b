import type { Helper } from './helpers.js';
import { builtinHelperNames } from './helpers.js';

/**
 * Interprets a parsed template made only of text, comments and simple mustaches (`{{path}}`,
 * `{{a.b}}`, `{{helper path "literal" 2 key=value}}`): the shape of nearly every scaffolding file.
 * Returns undefined for anything else (blocks, partials, subexpressions, `this`, `../`, `@data`,
 * unknown or built-in helpers), which the caller hands to Handlebars' compiler.
 *
 * It reproduces the compiled code of Handlebars 4.7 with { strict: true, noEscape: true } and our
 * strict parameters: a mustache or parameter whose last path segment is missing throws
 * `"x" not defined in ...`; a missing intermediate segment throws a TypeError; a property that is
 * not the object's own resolves to undefined (prototype access denied); null renders as "".
 * handlebars.test.ts renders a corpus through both and compares.
 */
export function interpret(
  ast: hbs.AST.Program,
  helpers: Record<string, Helper>,
): ((context: object) => string) | undefined {
  const pieces: (string | Evaluator)[] = [];
  for (const statement of ast.body) {
    if (statement.type === 'ContentStatement') {
      const { value } = statement as hbs.AST.ContentStatement;
      if (value) pieces.push(value);
    } else if (statement.type === 'MustacheStatement') {
      const evaluate = mustache(statement as hbs.AST.MustacheStatement, helpers);
      if (!evaluate) return undefined;
      pieces.push(evaluate);
    } else if (statement.type !== 'CommentStatement') {
      return undefined;
    }
  }
  return (context) => {
    let out = '';
    for (const piece of pieces) {
      if (typeof piece === 'string') {
        out += piece;
      } else {
        const value = piece(context);
        if (value != null) out += value;
      }
    }
    return out;
  };
}

type Evaluator = (context: object) => unknown;

function mustache(node: hbs.AST.MustacheStatement, helpers: Record<string, Helper>): Evaluator | undefined {
  if (node.path.type !== 'PathExpression') return undefined;
  const path = node.path as hbs.AST.PathExpression;
  if (!isPlain(path)) return undefined;
  const name = path.parts[0] as string;
  const helper = Object.hasOwn(helpers, name) ? helpers[name] : undefined;

  if (node.params.length > 0 || node.hash) {
    if (path.parts.length !== 1 || !helper) return undefined;
    const params = node.params.map(parameter);
    const pairs = (node.hash?.pairs ?? []).map((pair) => [pair.key, parameter(pair.value)] as const);
    if (params.includes(undefined) || pairs.some(([, value]) => value === undefined)) return undefined;
    return (context) => {
      const args = (params as Evaluator[]).map((param) => param(context));
      const hash: Record<string, unknown> = {};
      for (const [key, value] of pairs) hash[key] = (value as Evaluator)(context);
      return helper.call(context, ...args, helperOptions(name, hash, context, node.loc));
    };
  }

  if (path.parts.length === 1) {
    if (builtinHelperNames.includes(name)) return undefined;
    if (helper) return (context) => helper.call(context, helperOptions(name, {}, context, node.loc));
  }
  const parts = path.parts;
  return (context) => {
    const value = strictLookup(context, parts, node.loc);
    return typeof value === 'function'
      ? value.call(context, helperOptions(name, {}, context, node.loc))
      : value;
  };
}

function parameter(node: hbs.AST.Expression): Evaluator | undefined {
  switch (node.type) {
    case 'PathExpression': {
      const path = node as hbs.AST.PathExpression;
      if (!isPlain(path)) return undefined;
      return (context) => strictLookup(context, path.parts, path.loc);
    }
    case 'StringLiteral':
    case 'NumberLiteral':
    case 'BooleanLiteral': {
      const { value } = node as hbs.AST.StringLiteral | hbs.AST.NumberLiteral | hbs.AST.BooleanLiteral;
      return () => value;
    }
    case 'UndefinedLiteral':
      return () => undefined;
    case 'NullLiteral':
      return () => null;
    default:
      return undefined;
  }
}

/** A path on the current context: no `this`, `./`, `../`, `@data` or block parameters. */
function isPlain(path: hbs.AST.PathExpression): boolean {
  return !path.data && path.depth === 0 && path.parts.length > 0 && !/^\.|this\b/.test(path.original);
}

function strictLookup(context: object, parts: string[], loc: hbs.AST.SourceLocation): unknown {
  let value: unknown = context;
  const last = parts.length - 1;
  for (let index = 0; index < last; index++) value = lookupProperty(value, parts[index] as string);
  const name = parts[last] as string;
  if (!value || !(name in (value as object))) {
    throw new StrictLookupError(`"${name}" not defined in ${String(value)}`, loc.start.line);
  }
  return lookupProperty(value, name);
}

/** Handlebars' runtime lookupProperty with the default (deny-all) prototype access control. */
function lookupProperty(parent: unknown, name: string): unknown {
  const result = (parent as Record<string, unknown>)[name];
  if (result == null) return result;
  const own = Object.hasOwn(parent as object, name);
  const prototypeConstructor =
    name === 'constructor' &&
    typeof result === 'function' &&
    parent === (result as { prototype?: unknown }).prototype;
  return own && !prototypeConstructor ? result : undefined;
}

function helperOptions(
  name: string,
  hash: Record<string, unknown>,
  root: object,
  loc: hbs.AST.SourceLocation,
) {
  return { name, hash, data: { root }, loc, fn: noop, inverse: noop };
}

function noop(): string {
  return '';
}

/** Shaped like Handlebars' Exception so both paths report the same message and line. */
class StrictLookupError extends Error {
  readonly lineNumber: number;
  constructor(message: string, lineNumber: number) {
    super(message);
    this.lineNumber = lineNumber;
  }
}
