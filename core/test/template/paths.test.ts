import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveInside } from '../../src/index.js';
import { tempDir } from './fixtures.js';

describe('resolveInside', () => {
  it('resolves ordinary relative paths inside the root', () => {
    const root = tempDir();
    expect(resolveInside(root, 'src/./index.ts')).toBe(join(root, 'src/index.ts'));
    expect(resolveInside(root, '.github/workflows/ci.yml')).toBe(join(root, '.github/workflows/ci.yml'));
  });

  it.each([
    ['../x', 'leaves the target directory'],
    ['a/../../x', 'leaves the target directory'],
    ['/etc/passwd', 'is absolute'],
    ['C:\\Windows', 'is absolute'],
    ['c:/x', 'is absolute'],
    ['a\\..\\x', 'contains a backslash'],
    ['a\0b', 'contains a NUL byte'],
    ['.git/config', 'points into .git/'],
    ['sub/.GIT/hooks/pre-commit', 'points into .git/'],
    ['', 'is empty'],
  ])('refuses %j', (path, reason) => {
    expect(() => resolveInside(tempDir(), path)).toThrow(
      expect.objectContaining({
        code: 'unsafe_path',
        message: expect.stringContaining(reason),
        details: expect.objectContaining({ path }),
      }),
    );
  });

  it('refuses a path through a symlink in the target, even one pointing inside', () => {
    const root = tempDir();
    const outside = tempDir();
    symlinkSync(outside, join(root, 'escape'));
    mkdirSync(join(root, 'real'));
    symlinkSync(join(root, 'real'), join(root, 'alias'));
    symlinkSync('/etc/hosts', join(root, 'file-link'));
    for (const path of ['escape/x.txt', 'alias/x.txt', 'file-link']) {
      expect(() => resolveInside(root, path)).toThrow(
        expect.objectContaining({ code: 'unsafe_path', message: expect.stringContaining('symlink') }),
      );
    }
    expect(resolveInside(root, 'real/x.txt')).toBe(join(root, 'real/x.txt'));
  });
});
