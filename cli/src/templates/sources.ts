import { join } from 'node:path';
import { builtinTemplatesDir, GtcxError, gtcxDirs, type ResolveSourceOptions } from '@gtcx/core';

/** A pack's template reference: @scope/pack/template. */
const PACK_REF = /^@[^/\s]+\/[^/\s]+\/[^/\s]+$/;

/**
 * Where templates are looked up on this machine: the built-in ones shipped with gtcx, git clones in
 * the user's cache dir, relative paths against cwd. Installed packs arrive with `gtcx pack install`;
 * until one is installed a pack reference is a clear not_found rather than "unknown template".
 */
export function sourceOptions(env: NodeJS.ProcessEnv, cwd: string): ResolveSourceOptions {
  return {
    builtinRoot: builtinTemplatesDir(),
    cwd,
    cacheDir: join(gtcxDirs(env).cache, 'templates'),
    packTemplates: async (ref) => {
      if (!PACK_REF.test(ref)) return undefined;
      const pack = ref.split('/').slice(0, 2).join('/');
      throw new GtcxError('not_found', `template ${ref} is in pack ${pack}, which is not installed`, {
        hint: `install it with gtcx pack install ${pack}, then run the command again`,
        details: { ref, pack },
      });
    },
    ...(env.HOME ? { homeDir: env.HOME } : {}),
  };
}
