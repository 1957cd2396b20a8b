/**
 * The helpers every template may use. They take plain values and return strings or booleans; the
 * trailing Handlebars options argument is ignored, so the fast renderer can call them the same way.
 */
export type Helper = (...args: unknown[]) => unknown;

/** Splits "myLib", "my-lib", "MY_LIB", "HTTPServer2go" into lowercase-insensitive words. */
export function words(value: unknown): string[] {
  return toText(value)
    .replace(/(\p{Ll}|\p{N})(\p{Lu})/gu, '$1 $2')
    .replace(/(\p{Lu}+)(\p{Lu}\p{Ll})/gu, '$1 $2')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '');
}

const capitalise = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();

export const camel = (value: unknown): string =>
  words(value)
    .map((word, index) => (index === 0 ? word.toLowerCase() : capitalise(word)))
    .join('');
export const pascal = (value: unknown): string => words(value).map(capitalise).join('');
export const kebab = (value: unknown): string =>
  words(value)
    .map((word) => word.toLowerCase())
    .join('-');
export const snake = (value: unknown): string =>
  words(value)
    .map((word) => word.toLowerCase())
    .join('_');
export const constant = (value: unknown): string =>
  words(value)
    .map((word) => word.toUpperCase())
    .join('_');
export const title = (value: unknown): string => words(value).map(capitalise).join(' ');

/** Handlebars' own notion of truthiness (as in {{#if}}): empty lists and 0 are false. */
export function truthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return Boolean(value);
}

function toText(value: unknown): string {
  return value === undefined || value === null ? '' : String(value);
}

/** Drops the Handlebars options object that is always passed last. */
function params(args: unknown[]): unknown[] {
  return args.slice(0, -1);
}

function formatDate(now: Date, format: string): string {
  const pad = (value: number, width = 2): string => String(value).padStart(width, '0');
  const tokens: Record<string, string> = {
    YYYY: pad(now.getUTCFullYear(), 4),
    MM: pad(now.getUTCMonth() + 1),
    DD: pad(now.getUTCDate()),
    HH: pad(now.getUTCHours()),
    mm: pad(now.getUTCMinutes()),
    ss: pad(now.getUTCSeconds()),
  };
  return format.replace(/YYYY|MM|DD|HH|mm|ss/g, (token) => tokens[token] ?? token);
}

export function createHelpers(now: () => Date): Record<string, Helper> {
  return {
    camel,
    pascal,
    kebab,
    snake,
    constant,
    title,
    eq: (...args) => {
      const [a, b] = params(args);
      return a === b;
    },
    ne: (...args) => {
      const [a, b] = params(args);
      return a !== b;
    },
    and: (...args) => params(args).every(truthy),
    or: (...args) => params(args).some(truthy),
    not: (...args) => !truthy(params(args)[0]),
    /** `{{cond useDb "db"}}`: a value or another, mainly for names, where `{{/if}}` cannot appear. */
    cond: (...args) => {
      const [test, then, otherwise] = params(args);
      return truthy(test) ? then : (otherwise ?? '');
    },
    json: (...args) => {
      const [value, indent] = params(args);
      return JSON.stringify(value ?? null, null, typeof indent === 'number' ? indent : undefined);
    },
    date: (...args) => {
      const [format] = params(args);
      return formatDate(now(), typeof format === 'string' ? format : 'YYYY-MM-DD');
    },
  };
}

/** Handlebars' built-in helpers: a question may not share a name with them or with ours. */
export const builtinHelperNames = [
  'if',
  'unless',
  'each',
  'with',
  'lookup',
  'log',
  'helperMissing',
  'blockHelperMissing',
];

export const helperNames = [...Object.keys(createHelpers(() => new Date(0))), ...builtinHelperNames];
