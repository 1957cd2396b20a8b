import { Ajv2020, type Options } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';
import { componentSchemas } from '../spec/refs.js';
import type { OpenApiDocument } from '../spec/types.js';

export type Ajv = Ajv2020;

/** OpenAPI vocabulary that annotates schemas without constraining them. */
const annotationKeywords = ['example', 'discriminator', 'xml', 'externalDocs'];

// ajv-formats is CommonJS with an `exports.default`: under NodeNext the default import is the module object.
const addFormats = ajvFormats.default;

/**
 * One ajv per way of validating: request parts that arrive as text (params, query, headers) are
 * coerced to their schema types; bodies and responses are checked exactly as they are.
 */
export function createAjv(document: OpenApiDocument, mode: 'coerce' | 'exact' | 'response'): Ajv {
  const options: Options = {
    allErrors: true,
    coerceTypes: mode === 'coerce' ? 'array' : false,
    useDefaults: mode !== 'response',
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    keywords: annotationKeywords,
  };
  const ajv = new Ajv2020(options);
  addFormats(ajv);
  addOpenApiFormats(ajv, document);
  ajv.addSchema(componentSchemas(document));
  return ajv;
}

/**
 * OpenAPI formats with a checkable meaning get a check; any other format the document uses (e.g.
 * `binary`, `password`, or a custom one) is an annotation, as OpenAPI 3.1 allows.
 */
function addOpenApiFormats(ajv: Ajv, document: OpenApiDocument): void {
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => isIntegerIn(n, 2 ** 31) });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isSafeInteger(n) });
  ajv.addFormat('byte', /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/);
  for (const format of formatsUsed(document)) {
    if (ajv.formats[format] === undefined) ajv.addFormat(format, true);
  }
}

function isIntegerIn(n: number, bound: number): boolean {
  return Number.isInteger(n) && n >= -bound && n < bound;
}

function formatsUsed(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) formatsUsed(item, found);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      if (key === 'format' && typeof child === 'string') found.add(child);
      else formatsUsed(child, found);
    }
  }
  return found;
}

export interface Validators {
  coerce: Ajv;
  exact: Ajv;
  response: Ajv;
}

const validatorsByDocument = new WeakMap<OpenApiDocument, Validators>();

/** Shared by every app built from one document: ajv caches compiled schemas, so apps after the first start faster. */
export function validatorsFor(document: OpenApiDocument): Validators {
  let validators = validatorsByDocument.get(document);
  if (validators === undefined) {
    validators = {
      coerce: createAjv(document, 'coerce'),
      exact: createAjv(document, 'exact'),
      response: createAjv(document, 'response'),
    };
    validatorsByDocument.set(document, validators);
  }
  return validators;
}
