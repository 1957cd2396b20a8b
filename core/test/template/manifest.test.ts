import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GtcxError, loadTemplate, parseManifest } from '../../src/index.js';
import { tempDir, writeTemplate } from './fixtures.js';

function failure(yaml: string): GtcxError {
  try {
    parseManifest(yaml);
  } catch (error) {
    expect(error).toBeInstanceOf(GtcxError);
    return error as GtcxError;
  }
  throw new Error('expected a validation error');
}

const header = 'name: demo\nversion: 1.0.0\n';

describe('template.yaml', () => {
  it('parses a full manifest with typed questions, injections, hooks and migrations', () => {
    const manifest = parseManifest(`${header}description: A demo
engines: { gtcx: ">=0.1.0" }
questions:
  - name: name
    type: string
    validate: { pattern: "^[a-z-]+$", message: lowercase please }
  - name: license
    type: select
    choices: [MIT, { value: none, label: No license }]
    default: MIT
  - name: port
    type: number
    default: 3000
  - name: dbName
    type: string
    default: "{{snake name}}"
    when: "{{useDb}}"
ignore: ["**/.DS_Store"]
injections:
  - file: README.md
    append: "\\n## {{title name}}\\n"
  - file: src/index.ts
    after: "^// exports$"
    content: "export * from './{{kebab name}}.js';"
    marker: "./{{kebab name}}.js"
hooks: { post: ["npm install"] }
migrations:
  - version: 1.1.0
    run: ["node migrate.js"]
`);
    expect(manifest.questions.map((q) => [q.name, q.type, q.required])).toEqual([
      ['name', 'string', true],
      ['license', 'select', false],
      ['port', 'number', false],
      ['dbName', 'string', false],
    ]);
    expect(manifest.questions[1]?.choices).toEqual([
      { value: 'MIT', label: 'MIT' },
      { value: 'none', label: 'No license' },
    ]);
    expect(manifest.injections[1]).toEqual({
      file: 'src/index.ts',
      mode: 'after',
      pattern: '^// exports$',
      content: "export * from './{{kebab name}}.js';",
      marker: './{{kebab name}}.js',
    });
    expect(manifest.hooks).toEqual({ pre: [], post: ['npm install'] });
    expect(manifest.migrations).toEqual([{ version: '1.1.0', run: ['node migrate.js'] }]);
  });

  it('names the line and field of a bad question type', () => {
    const error = failure(`${header}questions:
  - name: a
    type: string
  - name: b
    type: string
  - name: c
    type: strnig
`);
    expect(error.code).toBe('validation_failed');
    expect(error.message).toBe(
      'template.yaml line 9: questions[2].type "strnig" is not one of string, number, boolean, select, multiselect, secret, path',
    );
    expect(error.details).toMatchObject({ line: 9, field: 'questions[2].type' });
    expect(error.hint).toContain('docs/template-format.md');
  });

  it.each([
    ['name: Demo\nversion: 1.0.0\n', 1, 'name', 'kebab-case'],
    ['name: demo\nversion: one\n', 2, 'version', 'not a semver version'],
    ['version: 1.0.0\n', 1, 'name', 'is required'],
    [
      `${header}questions:\n  - name: 2bad\n    type: string\n`,
      4,
      'questions[0].name',
      'must be an identifier',
    ],
    [`${header}questions:\n  - name: json\n    type: string\n`, 4, 'questions[0].name', 'reserved'],
    [
      `${header}questions:\n  - name: a\n    type: string\n  - name: a\n    type: number\n`,
      6,
      'questions[1].name',
      'asked twice',
    ],
    [`${header}questions:\n  - name: a\n    type: select\n`, 4, 'questions[0].choices', 'non-empty list'],
    [
      `${header}questions:\n  - name: a\n    type: select\n    choices: [x, y]\n    default: z\n`,
      7,
      'questions[0].default',
      'one of the choices',
    ],
    [
      `${header}questions:\n  - name: a\n    type: number\n    default: lots\n`,
      6,
      'questions[0].default',
      'must be a number',
    ],
    [
      `${header}questions:\n  - name: a\n    type: string\n    validate: { pattern: "(" }\n`,
      6,
      'questions[0].validate.pattern',
      'not a valid regular expression',
    ],
    [
      `${header}questions:\n  - name: a\n    type: string\n    colour: red\n`,
      6,
      'questions[0].colour',
      'not a known field',
    ],
    [
      `${header}questions:\n  - name: a\n    type: string\n    default: "{{#if}}"\n`,
      6,
      'questions[0].default',
      'not a valid Handlebars',
    ],
    [`${header}injections:\n  - file: a.txt\n`, 4, 'injections[0]', 'exactly one of append'],
    [
      `${header}injections:\n  - file: a.txt\n    after: "x"\n`,
      4,
      'injections[0].content',
      'is required with after',
    ],
    [`${header}hooks: { post: "npm i" }\n`, 3, 'hooks.post', 'list of shell commands'],
    [`${header}engines: { gtcx: "banana" }\n`, 3, 'engines.gtcx', 'not a semver range'],
  ])('refuses %j at line %i, field %s', (yaml, line, field, text) => {
    const error = failure(yaml);
    expect(error.message).toContain(`template.yaml line ${line}: ${field}`);
    expect(error.message).toContain(text);
    expect(error.details).toMatchObject({ line, field });
  });

  it('reports YAML syntax errors with their line', () => {
    const error = failure(`${header}questions:\n  - name: a\n   type: [string\n`);
    expect(error.message).toMatch(/^template\.yaml line \d+: /);
    expect(error.details?.line).toBeGreaterThan(2);
  });

  it('loads a template directory and requires files/', async () => {
    const dir = writeTemplate(header, { 'a.txt': 'a' }, { 'license.hbs': 'MIT' });
    const template = await loadTemplate(dir);
    expect(template.filesDir).toBe(join(dir, 'files'));
    expect(template.partialsDir).toBe(join(dir, 'partials'));

    const bare = tempDir();
    writeFileSync(join(bare, 'template.yaml'), header);
    await expect(loadTemplate(bare)).rejects.toMatchObject({
      code: 'validation_failed',
      message: 'template demo has no files/ directory',
    });
    await expect(loadTemplate(join(bare, 'nope'))).rejects.toMatchObject({ code: 'not_found' });
  });
});
