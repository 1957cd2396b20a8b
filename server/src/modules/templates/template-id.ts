import { GtcxError } from '@gtcx/core';

/** The contract's TemplateId: a built-in name, or `@scope/pack/template`. */
const templateIdPattern =
  /^(?:@[a-z0-9](?:[a-z0-9-]{0,37}[a-z0-9])?\/[a-z0-9][a-z0-9._-]{0,99}\/)?[a-z0-9][a-z0-9._-]{0,99}$/;
const maxTemplateIdLength = 250;

export type TemplateRef =
  | { kind: 'builtin'; id: string; name: string }
  | { kind: 'pack'; id: string; pack: string; name: string };

/**
 * What a request may name on the server: a built-in template or an installed pack's template. A
 * server never reads a caller's path or fetches a caller's git URL; those render on the caller's
 * machine. `field` names the request field in errors (`templateId`, `template`, `id`).
 */
export function parseTemplateId(id: string, field: string): TemplateRef {
  const refused = refusedReference(id);
  if (refused !== undefined) {
    throw new GtcxError(
      'bad_request',
      `${field} "${id}" is ${refused}: the server renders only built-in templates and the templates of packs installed on it`,
      {
        hint: `render it on your machine with gtcx new ${id} (without --server), or name a template from GET /v1/templates`,
        details: { errors: [{ field, message: `is ${refused}, not a template name` }] },
      },
    );
  }
  if (!isTemplateId(id)) {
    throw new GtcxError('validation_failed', `${field} "${id}" is not a template name`, {
      hint: 'use a built-in name (ts-lib) or @scope/pack/template, lowercase; GET /v1/templates lists them',
      details: { errors: [{ field, message: 'is not a template name' }] },
    });
  }
  const parts = id.split('/');
  if (parts.length === 3)
    return { kind: 'pack', id, pack: `${parts[0]}/${parts[1]}`, name: parts[2] as string };
  return { kind: 'builtin', id, name: id };
}

/** Names references the server refuses outright: git URLs and local paths. */
export function refusedReference(id: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(id) || /^[^@/\s]+@[^:/\s]+:/.test(id) || id.startsWith('git+')) {
    return 'a git URL';
  }
  if (/^(?:\.{1,2}(?:[/\\]|$)|[/\\~]|[A-Za-z]:[/\\])/.test(id) || id.includes('\\') || id.endsWith('.git')) {
    return 'a local path';
  }
  if (id.includes('/') && !id.startsWith('@')) return 'a local path';
  return undefined;
}

export function isTemplateId(id: string): boolean {
  return id.length <= maxTemplateIdLength && templateIdPattern.test(id);
}
