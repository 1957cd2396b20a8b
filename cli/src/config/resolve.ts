import { GtcxError } from '@gtcx/core/errors';
import { type ConfigFile, configPath, readConfigFile } from './file.js';
import { type ConfigKey, type ConfigValues, configKeyNames, configKeys, isConfigKey } from './keys.js';

export type ConfigValue = string | boolean | string[];

export type ConfigSource = 'env' | 'file' | 'default' | 'unset';

export interface ConfigEntry {
  key: ConfigKey;
  value: ConfigValue | null;
  source: ConfigSource;
  description: string;
}

export function unknownKey(name: string): GtcxError {
  return new GtcxError('validation_failed', `unknown config key "${name}"`, {
    hint: `valid keys: ${configKeyNames.join(', ')}`,
    details: { key: name, validKeys: configKeyNames },
  });
}

export function requireKey(name: string): ConfigKey {
  if (!isConfigKey(name)) throw unknownKey(name);
  return name;
}

/** A value typed by a person (`config set`), checked against its key's form. */
export function parseValue(key: ConfigKey, raw: string): ConfigValue {
  const spec = configKeys[key];
  const value = spec.parse(raw);
  if (value === undefined) {
    throw new GtcxError('validation_failed', `bad value for "${key}": "${raw}"`, {
      hint: `${key} must be ${spec.expected}`,
      details: { key, value: raw, expected: spec.expected },
    });
  }
  return value;
}

/** A value from the environment; a bad one is an error too, or it would be silently ignored. */
function envValue(key: ConfigKey, env: NodeJS.ProcessEnv): ConfigValue | undefined {
  const spec = configKeys[key];
  const raw = env[spec.env];
  if (raw === undefined || raw === '') return undefined;
  const value = spec.parse(raw);
  if (value === undefined) {
    throw new GtcxError('config_invalid', `environment variable ${spec.env} has a bad value: "${raw}"`, {
      hint: `set ${spec.env} to ${spec.expected}, or unset it`,
      details: { key, env: spec.env, value: raw },
    });
  }
  return value;
}

/** Environment over file over default: the order every CLI in the ecosystem uses. */
export function resolveEntry(key: ConfigKey, file: ConfigValues, env: NodeJS.ProcessEnv): ConfigEntry {
  const spec = configKeys[key];
  const description = spec.description;
  const fromEnv = envValue(key, env);
  if (fromEnv !== undefined) return { key, value: fromEnv, source: 'env', description };
  const fromFile = file[key];
  if (fromFile !== undefined) return { key, value: fromFile, source: 'file', description };
  if ('default' in spec && spec.default !== undefined) {
    return { key, value: spec.default, source: 'default', description };
  }
  return { key, value: null, source: 'unset', description };
}

export interface ResolvedConfig {
  file: ConfigFile;
  entries: ConfigEntry[];
}

export async function resolveConfig(env: NodeJS.ProcessEnv = process.env): Promise<ResolvedConfig> {
  const file = await readConfigFile(configPath(env));
  return { file, entries: configKeyNames.map((key) => resolveEntry(key, file.values, env)) };
}
