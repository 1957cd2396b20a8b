import type { Answers, TemplateManifest } from './types.js';

/**
 * The data a template renders against: every answer plus gtcx.version, template.name and
 * template.version. Objects without a prototype, so `{{constructor}}` or `{{__proto__}}` is a
 * missing variable (strict mode throws) rather than a path into Object.prototype.
 */
export function renderContext(answers: Answers, manifest: TemplateManifest, gtcxVersion = '0.0.0'): object {
  return dataObject({
    ...answers,
    gtcx: dataObject({ version: gtcxVersion }),
    template: dataObject({ name: manifest.name, version: manifest.version }),
  });
}

/**
 * A plain-data object with no Object.prototype behind it. Its prototype holds only
 * Symbol.toPrimitive, invisible to template paths, so Handlebars can still print it in an error
 * ("x" not defined in [answers]) where a bare null-prototype object would throw a TypeError.
 */
export function dataObject(values: Record<string, unknown>): object {
  return Object.assign(Object.create(printable) as object, values);
}

const printable = Object.create(null, {
  [Symbol.toPrimitive]: { value: () => '[answers]' },
}) as object;
