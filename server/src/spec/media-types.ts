/** The media type without parameters, lower-cased: `application/json; charset=utf-8` -> `application/json`. */
export function mediaTypeOf(contentType: string | undefined): string | undefined {
  const media = contentType?.split(';', 1)[0]?.trim().toLowerCase();
  return media === '' ? undefined : media;
}

export function isJsonMediaType(media: string): boolean {
  return media === 'application/json' || media.endsWith('+json');
}

export const formMediaType = 'application/x-www-form-urlencoded';

/** Bodies of these types are parsed into values a JSON Schema can check; anything else stays bytes. */
export function isStructuredMediaType(media: string): boolean {
  return isJsonMediaType(media) || media === formMediaType || media.startsWith('text/');
}

/** Whether a declared media range (`application/json`, `text/*`, `*\/*`) covers a concrete type. */
export function mediaRangeCovers(range: string, media: string): boolean {
  const declared = range.toLowerCase();
  if (declared === '*/*' || declared === media) return true;
  return declared.endsWith('/*') && media.startsWith(declared.slice(0, -1));
}
