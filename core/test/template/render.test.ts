import { readFileSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { createRenderer, dataObject, loadTemplate, renderTemplate } from '../../src/index.js';
import { makeExecutable, writeTemplate } from './fixtures.js';

const fixedNow = () => new Date('2026-11-26T12:34:56.000Z');
const context = (data: Record<string, unknown>) => dataObject(data);

describe('helpers', () => {
  const renderer = createRenderer({ now: fixedNow });
  const render = (source: string, data: Record<string, unknown> = {}) =>
    renderer.render(source, context(data), 'test');

  it.each([
    ['camel', 'myLib'],
    ['pascal', 'MyLib'],
    ['kebab', 'my-lib'],
    ['snake', 'my_lib'],
    ['constant', 'MY_LIB'],
    ['title', 'My Lib'],
  ])('%s converts every spelling', (helper, expected) => {
    for (const input of ['my-lib', 'myLib', 'MyLib', 'my_lib', 'MY_LIB', 'my lib']) {
      expect(render(`{{${helper} v}}`, { v: input })).toBe(expected);
    }
  });

  it('splits acronyms and digits into words', () => {
    expect(render('{{kebab v}}', { v: 'HTTPServer2Go' })).toBe('http-server2-go');
  });

  it('compares and combines', () => {
    const data = { a: 'x', b: 'y', t: true, f: false, list: [] };
    expect(
      render('{{eq a "x"}} {{ne a b}} {{and t a}} {{and t f}} {{or f list}} {{or f a}} {{not list}}', data),
    ).toBe('true true true false false true true');
    expect(render('{{#if (and t (eq a "x"))}}yes{{else}}no{{/if}}', data)).toBe('yes');
  });

  it('prints JSON, indented on request', () => {
    expect(render('{{json v}}', { v: ['a', 1] })).toBe('["a",1]');
    expect(render('{{json v 2}}', { v: { k: true } })).toBe('{\n  "k": true\n}');
  });

  it('formats the injected clock', () => {
    expect(render('{{date "YYYY"}} {{date}} {{date "YYYY-MM-DDTHH:mm:ss"}}')).toBe(
      '2026 2026-11-26 2026-11-26T12:34:56',
    );
  });
});

describe('strict rendering and safety', () => {
  const renderer = createRenderer();

  it('names the missing variable, the file and the line, in mustaches and helper parameters alike', () => {
    for (const source of [
      'line one\n{{nmae}}',
      'line one\n{{kebab nmae}}',
      'line one\n{{#if nmae}}x{{/if}}',
    ]) {
      expect(() => renderer.render(source, context({ name: 'a' }), 'files/x.ts.hbs')).toThrow(
        expect.objectContaining({
          code: 'validation_failed',
          message: 'files/x.ts.hbs line 2: "nmae" is not defined',
          details: expect.objectContaining({ variable: 'nmae', file: 'files/x.ts.hbs', line: 2 }),
        }),
      );
    }
  });

  it('denies prototype access: nothing leaks, whichever path renders', () => {
    const data = context({ name: 'a', list: ['x'] });
    for (const source of ['{{constructor}}', '{{__proto__}}', '{{toString}}', '{{constructor.name}}']) {
      expect(() => renderer.render(source, data, 'f')).toThrow(/is not defined/);
    }
    expect(renderer.render('[{{list.constructor}}][{{list.__proto__}}]', data, 'f')).toBe('[][]');
    expect(renderer.render('{{#with list}}[{{constructor}}]{{/with}}', data, 'f')).toBe('[]');
    // Strict lookups on a string throw (a TypeError from Handlebars' `in`), which is as safe as empty.
    expect(() =>
      renderer.render(
        '{{#with "x"}}{{#with constructor}}{{constructor "return 1"}}{{/with}}{{/with}}',
        data,
        'f',
      ),
    ).toThrow(/constructor/);
  });

  it('writes answers holding template syntax as text, never rendering them again', () => {
    const data = context({ name: '{{constructor.constructor "return process"}}', other: '{{> evil}}' });
    expect(renderer.render('a {{name}} b {{kebab other}} {{{name}}}', data, 'f')).toBe(
      'a {{constructor.constructor "return process"}} b evil {{constructor.constructor "return process"}}',
    );
  });

  it('reports a syntax error with the file and line', () => {
    expect(() => renderer.render('ok\n{{#if x}}open', context({ x: 1 }), 'files/y.hbs')).toThrow(
      /^files\/y\.hbs line \d+: Parse error/,
    );
  });
});

describe('fast path', () => {
  const data = context({
    name: 'acme-utils',
    version: '1.2.3',
    port: 8080,
    zero: 0,
    flag: false,
    none: null,
    list: ['a', 'b'],
    nested: dataObject({ deep: 'value', empty: '' }),
    gtcx: dataObject({ version: '0.1.0' }),
  });
  const corpus = [
    'plain text without mustaches',
    '{{name}}',
    '{{ name }} and {{  version  }}',
    'a{{name}}b{{version}}c\n{{port}} {{zero}} {{flag}} [{{none}}] {{list}}',
    '{{nested.deep}} {{nested.empty}} {{gtcx.version}}',
    '{{kebab name}} {{pascal name}} {{constant name}} {{title name}} {{camel name}}',
    '{{eq name "acme-utils"}} {{eq port 8080}} {{ne zero 0}} {{and flag name}} {{or flag name}} {{not flag}}',
    "{{json list}} {{json nested}} {{json list 2}} {{eq name 'acme-utils'}}",
    '{{kebab "Some Literal"}} {{eq zero -0}} {{eq port 8080.0}}',
    '{{date "YYYY"}} {{date}}',
    'braces { } {x} }} {{name}}',
    '{{cond flag "a" "b"}}{{cond list "c"}}{{cond zero "d"}}',
    '\\{{name}} {{name}} \\\\{{name}}',
    '{{! a comment }}{{name}}\n  {{!-- long --}}\n{{version}}',
    '{{~name~}}   {{version}}  {{~port}}',
    '{{{name}}} {{&version}}',
    '{{list.length}} {{list.[0]}}',
    '{{json nested indent=2}}',
    '{{#if flag}}yes{{else}}no{{/if}} {{#each list}}{{this}},{{/each}}',
    '{{#with nested}}{{deep}}{{/with}} {{lookup list 1}}',
    'multi\nline\n\n{{name}}\n\t{{version}}\n',
  ];

  it('renders a corpus exactly as Handlebars compiles it', () => {
    const fast = createRenderer({ now: fixedNow });
    const slow = createRenderer({ now: fixedNow, fastPath: false });
    const reference = Handlebars.create();
    for (const source of corpus) {
      const expected = slow.render(source, data, 'corpus');
      expect(fast.render(source, data, 'corpus'), source).toBe(expected);
      if (!/camel|pascal|kebab|snake|constant|title|eq|ne|and|or|not|json|date|cond/.test(source)) {
        expect(reference.compile(source, { strict: true, noEscape: true })(data), source).toBe(expected);
      }
    }
  });

  it('fails where Handlebars fails', () => {
    const fast = createRenderer();
    const slow = createRenderer({ fastPath: false });
    for (const source of [
      '{{missing}}',
      '{{nested.missing}}',
      '{{missing.deep}}',
      '{{kebab missing}}',
      '{{name.x}}',
      '{{nope name}}',
      '{{name}}}',
    ]) {
      const fastError = (() => {
        try {
          fast.render(source, data, 'f');
        } catch (error) {
          return error as Error;
        }
      })();
      const slowError = (() => {
        try {
          slow.render(source, data, 'f');
        } catch (error) {
          return error as Error;
        }
      })();
      expect(fastError, source).toBeInstanceOf(Error);
      expect(slowError, source).toBeInstanceOf(Error);
      if (/is not defined/.test(slowError?.message ?? ''))
        expect(fastError?.message).toBe(slowError?.message);
    }
  });
});

describe('renderTemplate', () => {
  const yaml = `name: demo
version: 2.0.0
questions:
  - name: name
    type: string
  - name: useDb
    type: boolean
ignore: ["**/*.tmp", "skipme/**"]
`;
  const png = Buffer.from([
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0x7b, 0x7b, 0x6e, 0x7d, 0x7d,
  ]);

  it('renders .hbs bodies and names, copies the rest byte for byte with the exec bit', async () => {
    const dir = writeTemplate(
      yaml,
      {
        'README.md.hbs':
          '# {{title name}} {{template.name}}@{{template.version}} gtcx {{gtcx.version}}\n{{> footer}}\n',
        'src/{{kebab name}}.ts.hbs': 'export const {{camel name}} = 1;\n',
        'bin/run': '#!/bin/sh\necho {{name}}\n',
        'logo.png': png,
        'notes.tmp': 'ignored',
        'skipme/a.txt': 'ignored',
        '{{cond useDb "db"}}/schema.sql': 'create table t();',
        'conf/{{cond useDb "db.conf"}}': 'x',
        'literal.hbs.hbs': '{{name}}',
      },
      { 'footer.hbs': '-- {{name}}' },
    );
    makeExecutable(join(dir, 'files/bin/run'));
    const template = await loadTemplate(dir);
    const tree = await renderTemplate(
      template,
      { name: 'acme utils', useDb: false },
      { gtcxVersion: '0.1.0' },
    );

    expect([...tree.keys()].sort()).toEqual([
      'README.md',
      'bin/run',
      'literal.hbs',
      'logo.png',
      'src/acme-utils.ts',
    ]);
    expect(tree.get('README.md')?.content.toString()).toBe(
      '# Acme Utils demo@2.0.0 gtcx 0.1.0\n-- acme utils',
    ); // a standalone partial line keeps no newline
    expect(tree.get('bin/run')?.content.toString()).toBe('#!/bin/sh\necho {{name}}\n');
    expect(tree.get('bin/run')?.mode).toBe(0o755);
    expect(tree.get('logo.png')?.content.equals(png)).toBe(true);
    expect(tree.get('logo.png')?.mode).toBe(statSync(join(dir, 'files/logo.png')).mode & 0o777);
    expect(tree.get('literal.hbs')?.content.toString()).toBe('acme utils');

    const withDb = await renderTemplate(template, { name: 'a', useDb: true });
    expect(withDb.get('db/schema.sql')?.content.toString()).toBe('create table t();');
    expect(withDb.has('conf/db.conf')).toBe(true);
  });

  it('names the file of a missing variable', async () => {
    const dir = writeTemplate(yaml, { 'a/b.txt.hbs': 'ok\nok\n{{nmae}}' });
    await expect(renderTemplate(await loadTemplate(dir), { name: 'x', useDb: false })).rejects.toMatchObject({
      message: 'files/a/b.txt.hbs line 3: "nmae" is not defined',
    });
  });

  it('refuses a symlink in files/ or partials/', async () => {
    const dir = writeTemplate(yaml, { 'a.txt': 'a' });
    symlinkSync('/etc/passwd', join(dir, 'files/passwd'));
    await expect(renderTemplate(await loadTemplate(dir), { name: 'x', useDb: false })).rejects.toMatchObject({
      code: 'unsafe_path',
      message: 'the template holds a symlink at files/passwd',
    });
    const partials = writeTemplate(yaml, { 'a.txt': 'a' }, { 'x.hbs': 'x' });
    symlinkSync('/etc/passwd', join(partials, 'partials/leak.hbs'));
    await expect(
      renderTemplate(await loadTemplate(partials), { name: 'x', useDb: false }),
    ).rejects.toMatchObject({
      code: 'unsafe_path',
    });
  });

  it('copies a precompiled template spec as a file and never runs it', async () => {
    const spec = Handlebars.precompile('{{name}}');
    const js = `globalThis.__gtcxRan = true;\nmodule.exports = ${spec};\n`;
    const dir = writeTemplate(yaml, { 'template.js': js });
    const tree = await renderTemplate(await loadTemplate(dir), { name: 'x', useDb: false });
    expect(tree.get('template.js')?.content.toString()).toBe(js);
    expect((globalThis as Record<string, unknown>).__gtcxRan).toBeUndefined();
    expect(readFileSync(join(dir, 'files/template.js'), 'utf8')).toBe(js);
  });

  it.each([
    ['../x', 'leaves the target directory'],
    ['/abs', 'is absolute'],
    ['.git/config', 'points into .git/'],
    ['C:evil', 'is absolute'],
  ])('refuses a name that renders to %s', async (value, reason) => {
    const dir = writeTemplate(yaml, { '{{name}}/file.txt': 'x' });
    await expect(
      renderTemplate(await loadTemplate(dir), { name: value, useDb: false }),
    ).rejects.toMatchObject({
      code: 'unsafe_path',
      message: expect.stringContaining(reason),
    });
  });
});
