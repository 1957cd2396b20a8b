/**
 * Splits `items` into consecutive groups of `size`; the last group holds the remainder.
 * Throws a RangeError for a size that is not a positive integer, because silently
 * returning `[]` or looping forever would hide the caller's bug.
 */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) {
    throw new RangeError(`chunk size must be a positive integer, got ${size}`);
  }
  const groups: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    groups.push(items.slice(start, start + size));
  }
  return groups;
}
