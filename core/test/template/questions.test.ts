import { describe, expect, it } from 'vitest';
import { parseManifest, type Question, resolveAnswers, validateAnswer } from '../../src/index.js';

const manifest = parseManifest(`name: demo
version: 1.0.0
questions:
  - name: name
    type: string
    validate: { pattern: "^[a-z][a-z0-9-]*$", message: "lowercase letters, digits and dashes" }
  - name: port
    type: number
    default: 3000
    validate: { min: 1, max: 65535 }
  - name: useDb
    type: boolean
    default: false
  - name: dbName
    type: string
    default: "{{snake name}}_db"
    when: "{{useDb}}"
  - name: license
    type: select
    choices: [MIT, Apache-2.0, { value: none, label: No license }]
    default: MIT
  - name: features
    type: multiselect
    choices: [lint, test, ci]
    default: [lint]
    validate: { max: 2, message: pick two at most }
  - name: token
    type: secret
    required: false
  - name: srcDir
    type: path
    default: src
`);

describe('resolveAnswers', () => {
  it('coerces --set strings to each type and renders defaults from earlier answers', async () => {
    const answers = await resolveAnswers(manifest, {
      provided: { name: 'acme-api', port: '8080', useDb: 'yes', features: 'lint, ci', token: 's3cret' },
      useDefaults: true,
    });
    expect(answers).toEqual({
      name: 'acme-api',
      port: 8080,
      useDb: true,
      dbName: 'acme_api_db',
      license: 'MIT',
      features: ['lint', 'ci'],
      token: 's3cret',
      srcDir: 'src',
    });
  });

  it('skips a question whose when renders false, keeping its default for templates', async () => {
    const answers = await resolveAnswers(manifest, { provided: { name: 'x' }, useDefaults: true });
    expect(answers.useDb).toBe(false);
    expect(answers.dbName).toBe('x_db');
  });

  it('asks in order, passing rendered defaults and earlier answers', async () => {
    const seen: [string, unknown, Record<string, unknown>][] = [];
    const answers = await resolveAnswers(manifest, {
      provided: { useDb: true },
      useDefaults: false,
      ask: async (question, context) => {
        seen.push([question.name, context.default, context.answers]);
        if (question.name === 'name') return 'shop';
        if (question.name === 'features') return ['test'];
        return context.default ?? '';
      },
    });
    expect(seen.map(([name]) => name)).toEqual([
      'name',
      'port',
      'dbName',
      'license',
      'features',
      'token',
      'srcDir',
    ]);
    expect(seen[2]).toEqual(['dbName', 'shop_db', { name: 'shop', port: 3000, useDb: true }]);
    expect(answers).toMatchObject({ name: 'shop', dbName: 'shop_db', features: ['test'], token: '' });
  });

  it('names an unknown answer key', async () => {
    await expect(
      resolveAnswers(manifest, { provided: { name: 'a', colour: 'red' }, useDefaults: true }),
    ).rejects.toMatchObject({
      code: 'validation_failed',
      message: 'demo asks no question "colour"',
      details: { unknown: ['colour'] },
    });
  });

  it('names every missing answer and the flags that supply them', async () => {
    const error = await resolveAnswers(manifest, { provided: { port: 1 }, useDefaults: false }).catch(
      (e) => e,
    );
    expect(error).toMatchObject({
      code: 'validation_failed',
      message: 'missing answers for "name", "useDb", "license", "features", "srcDir"',
      hint: 'pass --set name=<value>, --answers <file>, or --defaults',
    });
    expect(error.details.missing).toEqual(['name', 'useDb', 'license', 'features', 'srcDir']);
    await expect(resolveAnswers(manifest, { provided: {}, useDefaults: true })).rejects.toMatchObject({
      message: 'missing answer for "name"',
    });
  });

  it.each([
    [{ name: 'Bad Name' }, 'answer for "name" "Bad Name" lowercase letters, digits and dashes'],
    [{ name: 'a', port: '70000' }, 'answer for "port" 70000 must be at most 65535'],
    [{ name: 'a', port: 'many' }, 'answer for "port" "many" must be a number'],
    [{ name: 'a', useDb: 'perhaps' }, 'answer for "useDb" "perhaps" must be true or false'],
    [{ name: 'a', license: 'GPL' }, 'answer for "license" "GPL" must be one of MIT, Apache-2.0, none'],
    [{ name: 'a', features: 'lint,test,ci' }, 'answer for "features" ["lint","test","ci"] pick two at most'],
    [{ name: 'a', features: 'lint,docs' }, 'docs is not one of lint, test, ci'],
  ])('refuses %j with the message to show', async (provided, message) => {
    const error = await resolveAnswers(manifest, { provided, useDefaults: true }).catch((e) => e);
    expect(error.code).toBe('validation_failed');
    expect(error.message).toContain(message);
  });

  it('never echoes a secret in an error', async () => {
    const strict = parseManifest(
      'name: d\nversion: 1.0.0\nquestions:\n  - name: token\n    type: secret\n    validate: { min: 10 }\n',
    );
    const error = await resolveAnswers(strict, { provided: { token: 'hunter2' }, useDefaults: false }).catch(
      (e) => e,
    );
    expect(error.message).toBe('answer for "token" (secret) must be at least 10 characters');
  });
});

describe('validateAnswer', () => {
  const name = manifest.questions[0] as Question;
  it('returns the template message or undefined, for inline display', () => {
    expect(validateAnswer(name, 'ok-name')).toBeUndefined();
    expect(validateAnswer(name, 'Nope')).toBe('lowercase letters, digits and dashes');
    expect(validateAnswer(name, '')).toBe('is required');
  });
});
