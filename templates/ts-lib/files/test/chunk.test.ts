import { describe, expect, it } from 'vitest';
import { chunk } from '../src/index.js';

describe('chunk', () => {
  it('splits into groups of the given size with the remainder last', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('returns one group when the size covers every item', () => {
    expect(chunk(['a', 'b'], 10)).toEqual([['a', 'b']]);
  });

  it('returns no groups for an empty list', () => {
    expect(chunk([], 3)).toEqual([]);
  });

  it('leaves the input untouched', () => {
    const items = [1, 2, 3];
    chunk(items, 2);
    expect(items).toEqual([1, 2, 3]);
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects the size %s', (size) => {
    expect(() => chunk([1, 2], size)).toThrow(RangeError);
  });
});
