import { describe, expect, it } from 'vitest';
import { readPort, requireEnv } from '../src/env.js';

describe('readPort', () => {
  it('falls back when HTTP_PORT is unset or empty', () => {
    expect(readPort({}, 3000)).toBe(3000);
    expect(readPort({ HTTP_PORT: '' }, 3000)).toBe(3000);
  });

  it('reads HTTP_PORT', () => {
    expect(readPort({ HTTP_PORT: '8080' }, 3000)).toBe(8080);
  });

  it.each(['0', '65536', 'http', '80.5'])('rejects HTTP_PORT=%s naming the variable', (value) => {
    expect(() => readPort({ HTTP_PORT: value }, 3000)).toThrow(/HTTP_PORT must be an integer/);
  });
});

describe('requireEnv', () => {
  it('returns a set variable and names a missing one', () => {
    expect(requireEnv({ A: 'x' }, 'A')).toBe('x');
    expect(() => requireEnv({}, 'DATABASE_URL')).toThrow(/DATABASE_URL is not set/);
  });
});
