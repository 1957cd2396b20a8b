import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTemplatesService } from '../src/modules/templates/service.js';

function templateWithInjection(): string {
  const root = mkdtempSync(join(tmpdir(), 'gtcx-inject-'));
  const dir = join(root, 'with-injection');
  mkdirSync(join(dir, 'files'), { recursive: true });
  writeFileSync(
    join(dir, 'template.yaml'),
    [
      'name: with-injection',
      'version: 1.0.0',
      'description: adds a section to an existing README',
      'questions:',
      '  - name: name',
      '    type: string',
      'injections:',
      '  - file: README.md',
      '    append: "\\n## {{title name}}\\n"',
      '    marker: "## {{title name}}"',
      '',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'files', 'NOTES.md.hbs'), 'Notes for {{name}}\n');
  return root;
}

describe('server-side renders carry the template’s injections', () => {
  it('renders them for the caller to apply, since the server never sees the caller’s files', async () => {
    const service = createTemplatesService({ builtinRoot: templateWithInjection(), gtcxVersion: '0.1.0' });
    const render = await service.render({ template: 'with-injection', answers: { name: 'acme tools' } });
    expect([...render.tree.keys()]).toEqual(['NOTES.md']);
    expect(render.injections).toEqual([
      { file: 'README.md', mode: 'append', content: '\n## Acme Tools\n', marker: '## Acme Tools' },
    ]);
  });
});
