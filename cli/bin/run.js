#!/usr/bin/env node
// Two answers skip oclif: the version line and the root help page. Scripts and shell prompts call them
// often, and importing @oclif/core alone costs about twice node's own start-up. Both step aside under
// DEBUG so oclif's debug output stays complete, and fall back to oclif whenever they are unsure.
const args = process.argv.slice(2);
const env = process.env;

async function fastPath() {
  if (env.DEBUG) return false;
  if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
    const [{ readFileSync }, os] = await Promise.all([import('node:fs'), import('node:os')]);
    // oclif says "wsl" for WSL and "x86" for ia32; leave those to it.
    if (process.platform === 'linux' && os.release().toLowerCase().includes('microsoft')) return false;
    const { name, version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    const cpu = os.arch() === 'ia32' ? 'x86' : os.arch();
    process.stdout.write(`${name}/${version} ${process.platform}-${cpu} node-${process.version}\n`);
    return true;
  }
  if (args.length === 0 || (args.length === 1 && (args[0] === '--help' || args[0] === '-h'))) {
    const { rootHelp } = await import('../dist/fast-help.js');
    const page = rootHelp(env);
    if (page === undefined) return false;
    process.stdout.write(page);
    return true;
  }
  return false;
}

if (!(await fastPath())) {
  // oclif checks Node against its own, looser engines range by loading all of semver: a third of the
  // modules oclif loads. gtcx's own range is enforced by npm (engines) and checked by `gtcx doctor`.
  env.OCLIF_DISABLE_ENGINE_WARNING ??= '1';
  const { execute } = await import('@oclif/core');
  await execute({ dir: import.meta.url });
}
