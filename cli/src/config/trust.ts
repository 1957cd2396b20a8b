import type { ConfigValues } from './keys.js';
import { type ConfigSource, resolveEntry } from './resolve.js';

export interface TrustDecision {
  trusted: boolean;
  /** Why: '--trust', or the trustedSources pattern the source matched and where it was set. */
  reason?: string;
}

/**
 * Whether a template's hooks and migrations may run: --trust, or its recorded source ref
 * (builtin:name, an absolute path, git+url, @scope/pack/template) matching a pattern of the
 * trustedSources key, where `*` stands for any text and everything else must match exactly.
 */
export function decideTrust(
  sourceRef: string,
  flag: boolean,
  config: ConfigValues,
  env: NodeJS.ProcessEnv,
): TrustDecision {
  if (flag) return { trusted: true, reason: '--trust' };
  const entry = resolveEntry('trustedSources', config, env);
  const patterns = Array.isArray(entry.value) ? entry.value : [];
  const pattern = patterns.find((candidate) => matchesPattern(sourceRef, candidate));
  if (pattern === undefined) return { trusted: false };
  return { trusted: true, reason: `pattern "${pattern}" of trustedSources (${origin(entry.source)})` };
}

export function matchesPattern(sourceRef: string, pattern: string): boolean {
  const regex = pattern
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${regex}$`, 'u').test(sourceRef);
}

function origin(source: ConfigSource): string {
  return source === 'env' ? 'GTCX_TRUSTED_SOURCES' : 'the config file';
}

/** How to trust a source without --trust, for the messages that list skipped hooks or migrations. */
export function trustHowTo(sourceRef: string): string {
  return `pass --trust, or trust the source in config: gtcx config set trustedSources "${sourceRef}"`;
}
