import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gtcx, type TempHome, tempHome } from './support/cli.js';

let home: TempHome;
beforeEach(() => {
  home = tempHome();
});
afterEach(() => home.cleanup());

function writeConfig(text: string): void {
  mkdirSync(dirname(home.configFile), { recursive: true });
  writeFileSync(home.configFile, text);
}

describe('gtcx config', () => {
  it('set names the problem and the fix when the config dir cannot be created', async () => {
    const blocker = `${home.root}/not-a-dir`;
    writeFileSync(blocker, 'a regular file where the config dir would go');
    const result = await gtcx(['config', 'set', 'offline', 'true'], home, {
      env: { GTCX_CONFIG_DIR: `${blocker}/gtcx` },
    });
    expect(result.exitCode).toBe(78);
    expect(result.stderr).toContain(`cannot write config file ${blocker}/gtcx/config.json`);
    expect(result.stderr).toContain('point GTCX_CONFIG_DIR at a writable directory');
    expect(result.stderr).not.toContain('This is a bug');
    expect(readFileSync(blocker, 'utf8')).toBe('a regular file where the config dir would go');
  });

  it('path names the XDG config file, and GTCX_CONFIG_DIR overrides it', async () => {
    expect((await gtcx(['config', 'path'], home)).stdout).toBe(home.configFile);
    const own = await gtcx(['config', 'path', '--json'], home, {
      env: { GTCX_CONFIG_DIR: `${home.root}/own` },
    });
    expect(JSON.parse(own.stdout)).toEqual({ path: `${home.root}/own/config.json` });
  });

  it('set, get and list round-trip through a private file', async () => {
    const set = await gtcx(['config', 'set', 'server', 'https://gtcx.example.com/'], home);
    expect(set.exitCode).toBe(0);
    expect(set.stdout).toBe(`server = https://gtcx.example.com (${home.configFile})`);
    expect(await gtcx(['config', 'set', 'offline', 'yes'], home)).toMatchObject({ exitCode: 0 });

    expect(JSON.parse(readFileSync(home.configFile, 'utf8'))).toEqual({
      server: 'https://gtcx.example.com',
      offline: true,
    });
    expect(statSync(home.configFile).mode & 0o777).toBe(0o600);
    expect(statSync(dirname(home.configFile)).mode & 0o777).toBe(0o700);
    // Only the file itself: no temp file left beside it.
    expect(readdirSync(dirname(home.configFile))).toEqual(['config.json']);

    const get = await gtcx(['config', 'get', 'server'], home);
    expect(get.stdout).toBe('https://gtcx.example.com');
    const getJson = await gtcx(['config', 'get', 'offline', '--json'], home);
    expect(JSON.parse(getJson.stdout)).toMatchObject({ key: 'offline', value: true, source: 'file' });

    const list = await gtcx(['config', 'list', '--json'], home, { env: { GTCX_OFFLINE: 'false' } });
    expect(JSON.parse(list.stdout)).toEqual({
      path: home.configFile,
      entries: [
        expect.objectContaining({ key: 'server', value: 'https://gtcx.example.com', source: 'file' }),
        expect.objectContaining({ key: 'offline', value: false, source: 'env' }),
        expect.objectContaining({ key: 'trustedSources', value: null, source: 'unset' }),
      ],
    });
    const plain = await gtcx(['config', 'list'], home);
    expect(plain.stdout.split('\n')).toEqual([
      'server          https://gtcx.example.com  (file)',
      'offline         true                      (file)',
      'trustedSources                            (unset)',
    ]);
  });

  it('list shows defaults on a fresh machine, and unset removes a key', async () => {
    const fresh = JSON.parse((await gtcx(['config', 'list', '--json'], home)).stdout);
    expect(fresh.entries).toEqual([
      expect.objectContaining({ key: 'server', value: null, source: 'unset' }),
      expect.objectContaining({ key: 'offline', value: false, source: 'default' }),
      expect.objectContaining({ key: 'trustedSources', value: null, source: 'unset' }),
    ]);
    await gtcx(['config', 'set', 'server', 'http://127.0.0.1:4800'], home);
    const unset = await gtcx(['config', 'unset', 'server', '--json'], home);
    expect(JSON.parse(unset.stdout)).toEqual({ key: 'server', removed: true, path: home.configFile });
    expect(JSON.parse(readFileSync(home.configFile, 'utf8'))).toEqual({});
  });

  it('trustedSources: set comma-separated, stored as a list, shown by get and list, env overrides', async () => {
    const set = await gtcx(
      ['config', 'set', 'trustedSources', ' builtin:*, @acme/* ,git+https://github.com/acme/*'],
      home,
    );
    expect(set.exitCode, set.stderr).toBe(0);
    expect(set.stdout).toBe(
      `trustedSources = builtin:*,@acme/*,git+https://github.com/acme/* (${home.configFile})`,
    );
    expect(JSON.parse(readFileSync(home.configFile, 'utf8'))).toEqual({
      trustedSources: ['builtin:*', '@acme/*', 'git+https://github.com/acme/*'],
    });
    expect((await gtcx(['config', 'get', 'trustedSources'], home)).stdout).toBe(
      'builtin:*,@acme/*,git+https://github.com/acme/*',
    );
    expect((await gtcx(['config', 'list'], home)).stdout).toMatch(
      /^trustedSources {2}builtin:\*,@acme\/\*,git\+https:\/\/github\.com\/acme\/\* {2}\(file\)$/m,
    );
    const env = await gtcx(['config', 'get', 'trustedSources', '--json'], home, {
      env: { GTCX_TRUSTED_SOURCES: '/opt/templates/*' },
    });
    expect(JSON.parse(env.stdout)).toMatchObject({ value: ['/opt/templates/*'], source: 'env' });
  });

  it('keeps keys it does not know when it rewrites the file', async () => {
    writeConfig('{"futureKey": {"a": 1}}');
    expect((await gtcx(['config', 'set', 'offline', 'false'], home)).exitCode).toBe(0);
    expect(JSON.parse(readFileSync(home.configFile, 'utf8'))).toEqual({
      futureKey: { a: 1 },
      offline: false,
    });
  });
});

describe('gtcx config, bad input', () => {
  it('refuses an unknown key and lists the valid ones', async () => {
    for (const args of [
      ['config', 'get', 'sever'],
      ['config', 'set', 'sever', 'x'],
    ]) {
      const result = await gtcx(args, home);
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toBe(
        'Error: unknown config key "sever"\nHint: valid keys: server, offline, trustedSources',
      );
    }
  });

  it('refuses a bad value, naming the key and the expected form, and writes nothing', async () => {
    const url = await gtcx(['config', 'set', 'server', 'ftp://example.com'], home);
    expect(url.exitCode).toBe(2);
    expect(url.stderr).toBe(
      'Error: bad value for "server": "ftp://example.com"\n' +
        'Hint: server must be an http(s) URL without credentials, e.g. https://gtcx.example.com',
    );
    const bool = await gtcx(['config', 'set', 'offline', 'maybe', '--json'], home);
    expect(bool.exitCode).toBe(2);
    expect(JSON.parse(bool.stdout)).toMatchObject({
      error: { code: 'validation_failed', details: { key: 'offline', expected: 'true or false' } },
    });
    expect(() => statSync(home.configFile)).toThrow(/ENOENT/);
  });

  it('refuses trustedSources patterns that do not name a template source, and a list of the wrong type in the file', async () => {
    for (const value of ['*', 'builtin:*,acme', '@acme/* builtin:x', '']) {
      const result = await gtcx(['config', 'set', 'trustedSources', value], home);
      expect(result.exitCode, value).toBe(2);
      expect(result.stderr).toMatch(/^Error: bad value for "trustedSources"/m);
      expect(result.stderr).toMatch(
        /^Hint: trustedSources must be comma-separated patterns starting with builtin:, @, \/, git\+/m,
      );
    }
    expect(() => statSync(home.configFile)).toThrow(/ENOENT/);
    writeConfig('{"trustedSources": "builtin:*"}');
    const bad = await gtcx(['config', 'get', 'trustedSources'], home);
    expect(bad.exitCode).toBe(78);
    expect(bad.stderr).toMatch(/has a bad value for "trustedSources": expected comma-separated patterns/);
  });

  it('reports a malformed file in one line with its position and the fix, and never overwrites it', async () => {
    const broken = '{\n  "server": "https://a.example",\n  oops\n}\n';
    writeConfig(broken);
    for (const args of [
      ['config', 'list'],
      ['config', 'get', 'server'],
      ['config', 'set', 'offline', 'true'],
    ]) {
      const result = await gtcx(args, home);
      expect(result.exitCode, args.join(' ')).toBe(78);
      expect(result.stderr).toBe(
        `Error: config file ${home.configFile} is not valid JSON at line 3, column 3\n` +
          `Hint: fix it or delete it: rm ${home.configFile}`,
      );
    }
    expect(readFileSync(home.configFile, 'utf8')).toBe(broken);
  });

  it('reports a value of the wrong type in the file, naming the key', async () => {
    writeConfig('{"offline": "yes please"}');
    const result = await gtcx(['config', 'set', 'server', 'https://a.example', '--json'], home);
    expect(result.exitCode).toBe(78);
    expect(JSON.parse(result.stdout)).toEqual({
      error: {
        code: 'config_invalid',
        message: `config file ${home.configFile} has a bad value for "offline": expected true or false`,
        hint: `fix it or delete it: rm ${home.configFile}`,
        details: { path: home.configFile },
      },
    });
    expect(readFileSync(home.configFile, 'utf8')).toBe('{"offline": "yes please"}');
  });

  it('reports a bad environment value rather than ignoring it', async () => {
    const result = await gtcx(['config', 'get', 'server'], home, { env: { GTCX_SERVER: 'not a url' } });
    expect(result.exitCode).toBe(78);
    expect(result.stderr.split('\n')[0]).toBe(
      'Error: environment variable GTCX_SERVER has a bad value: "not a url"',
    );
  });
});
