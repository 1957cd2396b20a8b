import { randomBytes } from 'node:crypto';
import { chmod, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { GtcxError } from '@gtcx/core/errors';

/**
 * Writes JSON that is the user's alone: write-temp-then-rename at 0600 in a 0700 directory, so a
 * crash or a full disk leaves the old file or the new one, never half of either, and never a
 * moment when others could read it. `what` names the file in errors ("config file").
 */
export async function writePrivateJson(path: string, value: unknown, what: string): Promise<void> {
  const dir = dirname(path);
  const unwritable = (error: unknown) =>
    new GtcxError('config_invalid', `cannot write ${what} ${path}: ${(error as Error).message}`, {
      hint: `make ${dir} writable, or point GTCX_CONFIG_DIR at a writable directory`,
      details: { path },
      cause: error,
    });
  try {
    const created = await mkdir(dir, { recursive: true, mode: 0o700 });
    if (created !== undefined) await chmod(dir, 0o700);
  } catch (error) {
    throw unwritable(error);
  }
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temp, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw unwritable(error);
  }
}
