import { join } from 'node:path';
import { builtinTemplatesDir, GtcxError, gtcxDirs, type ResolveSourceOptions } from '@gtcx/core';
import { installedPackTemplateDir, listInstalledPackTemplates } from '../packs/installed-templates.js';

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
      const siblings = (await listInstalledPackTemplates({ env })).filter((t) => t.pack === pack);
      if (siblings.length > 0) throw missingFromPack(ref, pack, siblings);
      throw new GtcxError('not_found', `template ${ref} is in pack ${pack}, which is not installed`, {
        hint: `install the pack with gtcx pack install ${pack} (gtcx templates list shows installed templates)`,
        details: { ref, pack },
      });
    },
    ...(env.HOME ? { homeDir: env.HOME } : {}),
  };
}

/** The pack is installed but holds no template of that name: say so, and what it does hold. */
function missingFromPack(ref: string, pack: string, templates: { id: string; version: string }[]): GtcxError {
  const ids = templates.map((t) => t.id);
  return new GtcxError(
    'not_found',
    `pack ${pack}@${templates[0]?.version} is installed but has no template ${ref.split('/')[2]}`,
    {
      hint: `its templates: ${ids.join(', ')}`,
      details: { ref, pack, templates: ids },
    },
  );
}
