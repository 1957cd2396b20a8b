import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GtcxError } from '@gtcx/core/errors';
import { gtcxDirs } from '@gtcx/core/paths';
import { type ConfigValues, configKeyNames, configKeys } from './keys.js';
import { writePrivateJson } from './private-json.js';

/**
 * The file as stored: the known keys checked and typed, anything else kept as found, so a key written
 * by a newer gtcx survives a `config set` from an older one.
 */
export interface ConfigFile {
  path: string;
  exists: boolean;
  values: ConfigValues;
  raw: Record<string, unknown>;
}

export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(gtcxDirs(env).config, 'config.json');
}

function invalid(path: string, problem: string): GtcxError {
  return new GtcxError('config_invalid', `config file ${path} ${problem}`, {
    hint: `fix it or delete it: rm ${path}`,
    details: { path },
  });
}

/** Node 20 reports "at position N", Node 22 "(line L column C)"; people want line and column. */
function jsonErrorLocation(text: string, message: string): string {
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) return ` at line ${lineColumn[1]}, column ${lineColumn[2]}`;
  const position = /position (\d+)/.exec(message);
  if (!position) return '';
  const before = text.slice(0, Number(position[1])).split('\n');
  return ` at line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}

export async function readConfigFile(path: string): Promise<ConfigFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // ENOTDIR: a file stands where a parent directory should; there is no config file to read, and
    // `config set` reports the blocked directory when it tries to create it.
    if (code === 'ENOENT' || code === 'ENOTDIR') return { path, exists: false, values: {}, raw: {} };
    if (code === 'EISDIR') {
      throw new GtcxError('config_invalid', `config file ${path} is a directory`, {
        hint: `move it out of the way (mv ${path} ${path}.bak) or point GTCX_CONFIG_DIR elsewhere`,
        details: { path },
      });
    }
    throw new GtcxError('config_invalid', `config file ${path} cannot be read: ${(error as Error).message}`, {
      hint: `make it readable (chmod u+r ${path}) or point GTCX_CONFIG_DIR elsewhere`,
      details: { path },
    });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw invalid(path, `is not valid JSON${jsonErrorLocation(text, (error as Error).message)}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalid(path, 'must hold a JSON object');
  }
  const raw = parsed as Record<string, unknown>;
  const values: Record<string, unknown> = {};
  for (const key of configKeyNames) {
    if (!Object.hasOwn(raw, key)) continue;
    const spec = configKeys[key];
    if (!spec.accepts(raw[key])) {
      throw invalid(path, `has a bad value for "${key}": expected ${spec.expected}`);
    }
    values[key] = raw[key];
  }
  return { path, exists: true, values: values as ConfigValues, raw };
}

/**
 * Write-temp-then-rename: a crash or a full disk leaves the old file or the new one, never half of
 * either. The file can hold a server URL people consider private, so it is the user's alone.
 */
export async function writeConfigFile(path: string, raw: Record<string, unknown>): Promise<void> {
  await writePrivateJson(path, raw, 'config file');
}
