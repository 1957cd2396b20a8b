import { join } from 'node:path';
import { builtinTemplatesDir, GtcxError, gtcxDirs, type ResolveSourceOptions } from '@gtcx/core';
import { installedPackTemplateDir } from '../packs/installed-templates.js';

/** A pack's template reference: @scope/pack/template. */
const PACK_REF = /^@[^/\s]+\/[^/\s]+\/[^/\s]+$/;

/**
 * Where templates are looked up on this machine: the built-in ones shipped with gtcx, installed
 * packs' templates (`gtcx pack install`), git clones in the user's cache dir, relative paths against
 * cwd. A reference to a pack that is not installed is a clear not_found naming the install command.
 */
export function sourceOptions(env: NodeJS.ProcessEnv, cwd: string): ResolveSourceOptions {
  return {
    builtinRoot: builtinTemplatesDir(),
    cwd,
    cacheDir: join(gtcxDirs(env).cache, 'templates'),
    packTemplates: async (ref) => {
      if (!PACK_REF.test(ref)) return undefined;
      const installed = await installedPackTemplateDir(ref, { env });
      if (installed !== undefined) return installed;
      const pack = ref.split('/').slice(0, 2).join('/');
      throw new GtcxError('not_found', `template ${ref} is in pack ${pack}, which is not installed`, {
        hint: `install the pack with gtcx pack install ${pack} (gtcx templates list shows installed templates)`,
        details: { ref, pack },
      });
    },
    ...(env.HOME ? { homeDir: env.HOME } : {}),
  };
}
