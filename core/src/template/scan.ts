/**
 * A scanner for the plainest templates: text and `{{path}}` / `{{helper path "literal" 2}}` with
 * identifier paths, and nothing else (no `~`, `{{{`, escapes, blocks, comments, hashes or keywords).
 * It builds the same AST nodes Handlebars.parse would for them, at a fraction of the cost of
 * Handlebars' generated parser; anything else returns undefined and goes to Handlebars.parse.
 */
const identifier = /^[A-Za-z_][A-Za-z0-9_]*$/;
const keywords = new Set(['true', 'false', 'null', 'undefined', 'this', 'else']);
const number = /^-?[0-9]+(?:\.[0-9]+)?$/;

export function scanSimple(source: string): hbs.AST.Program | undefined {
  const body: hbs.AST.Statement[] = [];
  let position = 0;
  let line = 1;
  while (position < source.length) {
    const open = source.indexOf('{{', position);
    const end = open === -1 ? source.length : open;
    if (end > position) {
      const text = source.slice(position, end);
      body.push({
        type: 'ContentStatement',
        value: text,
        original: text,
        loc: location(line),
      } as unknown as hbs.AST.ContentStatement);
      line += countLines(text);
    }
    if (open === -1) break;
    if (open > 0 && source[open - 1] === '\\') return undefined;
    const close = source.indexOf('}}', open + 2);
    if (close === -1 || source[close + 2] === '}') return undefined;
    const mustache = parseMustache(source.slice(open + 2, close), line);
    if (!mustache) return undefined;
    body.push(mustache);
    position = close + 2;
  }
  return {
    type: 'Program',
    body,
    blockParams: [],
    strip: {},
    loc: location(1),
  } as unknown as hbs.AST.Program;
}

function parseMustache(inner: string, line: number): hbs.AST.MustacheStatement | undefined {
  if (inner.includes('\n') || inner.includes('{') || inner.includes('}')) return undefined;
  const tokens = tokenize(inner);
  if (!tokens || tokens.length === 0) return undefined;
  const [head, ...rest] = tokens;
  const path = head?.kind === 'path' ? pathNode(head.text, line) : undefined;
  if (!path) return undefined;
  const params: hbs.AST.Expression[] = [];
  for (const token of rest) {
    const param = token.kind === 'path' ? pathNode(token.text, line) : literal(token, line);
    if (!param) return undefined;
    params.push(param);
  }
  return {
    type: 'MustacheStatement',
    path,
    params,
    escaped: true,
    strip: { open: false, close: false },
    loc: location(line),
  } as unknown as hbs.AST.MustacheStatement;
}

type Token = { kind: 'path' | 'string' | 'number'; text: string };

function tokenize(inner: string): Token[] | undefined {
  const tokens: Token[] = [];
  const pattern = /\s*(?:"([^"\\]*)"|'([^'\\]*)'|([^\s"']+))/y;
  let match: RegExpExecArray | null;
  let index = 0;
  while (index < inner.length) {
    pattern.lastIndex = index;
    match = pattern.exec(inner);
    if (!match) return /^\s*$/.test(inner.slice(index)) ? tokens : undefined;
    index = pattern.lastIndex;
    const quoted = match[1] ?? match[2];
    if (quoted !== undefined) {
      // Handlebars needs a separator after a string literal, which the next token's \s* does not ensure.
      if (index < inner.length && !/\s/.test(inner.charAt(index))) return undefined;
      tokens.push({ kind: 'string', text: quoted });
    } else {
      const word = match[3] as string;
      tokens.push({ kind: number.test(word) ? 'number' : 'path', text: word });
    }
  }
  return tokens;
}

function pathNode(text: string, line: number): hbs.AST.PathExpression | undefined {
  const parts = text.split('.');
  if (!parts.every((part) => identifier.test(part) && !keywords.has(part))) return undefined;
  return { type: 'PathExpression', data: false, depth: 0, parts, original: text, loc: location(line) };
}

function literal(token: Token, line: number): hbs.AST.Expression | undefined {
  if (token.kind === 'string') {
    return {
      type: 'StringLiteral',
      value: token.text,
      original: token.text,
      loc: location(line),
    } as hbs.AST.Expression;
  }
  if (token.kind === 'number') {
    return {
      type: 'NumberLiteral',
      value: Number(token.text),
      original: Number(token.text),
      loc: location(line),
    } as hbs.AST.Expression;
  }
  return undefined;
}

function location(line: number): hbs.AST.SourceLocation {
  return { source: '', start: { line, column: 0 }, end: { line, column: 0 } };
}

function countLines(text: string): number {
  let count = 0;
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) count++;
  return count;
}
