/**
 * Picks the offered media type the Accept header prefers (RFC 9110 quality values; a more specific
 * range wins over a wider one; offer order breaks ties). No header accepts the first offer.
 */
export function preferredMediaType(
  accept: string | undefined,
  offered: readonly string[],
): string | undefined {
  if (accept === undefined || accept.trim() === '') return offered[0];
  const ranges = accept.split(',').flatMap((part) => {
    const [range = '', ...params] = part.split(';').map((piece) => piece.trim().toLowerCase());
    const q = params.find((param) => param.startsWith('q='));
    const quality = q === undefined ? 1 : Number(q.slice(2));
    return range === '' || Number.isNaN(quality) ? [] : [{ range, quality }];
  });
  let best: { media: string; quality: number } | undefined;
  for (const media of offered) {
    const quality = qualityOf(media, ranges);
    if (quality > 0 && (best === undefined || quality > best.quality)) best = { media, quality };
  }
  return best?.media;
}

function qualityOf(media: string, ranges: Array<{ range: string; quality: number }>): number {
  const [type] = media.split('/');
  const specificity = (range: string) =>
    range === media ? 3 : range === `${type}/*` ? 2 : range === '*/*' ? 1 : 0;
  const matching = ranges.filter(({ range }) => specificity(range) > 0);
  if (matching.length === 0) return 0;
  const mostSpecific = Math.max(...matching.map(({ range }) => specificity(range)));
  return Math.max(
    ...matching.filter(({ range }) => specificity(range) === mostSpecific).map((r) => r.quality),
  );
}
