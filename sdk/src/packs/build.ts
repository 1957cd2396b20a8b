import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GtcxSdkError } from '../errors.js';

/** The part of @gtcx/core this module uses: `gtcx pack build`'s own builder. */
interface PackBuilder {
  buildPack(dir: string, options: { outDir: string }): Promise<{ file: string }>;
}

/**
 * Builds the pack in `dir` into its tarball with @gtcx/core's buildPack, the code behind
 * `gtcx pack build`, so a pack published from a script is byte for byte the one the CLI would build.
 * Core is an optional peer dependency, loaded only here: scripts that publish tarballs never pay
 * for it (it brings the template engine and the SQLite store).
 */
export async function buildPackTarball(dir: string): Promise<Buffer> {
  const core = await importCore();
  const outDir = await mkdtemp(join(tmpdir(), 'gtcx-sdk-pack-'));
  try {
    const built = await core.buildPack(dir, { outDir });
    return await readFile(built.file);
  } catch (error) {
    throw fromCore(error);
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

async function importCore(): Promise<PackBuilder> {
  // A variable, so bundlers and the type checker leave the optional dependency alone.
  const specifier = '@gtcx/core';
  try {
    return (await import(specifier)) as PackBuilder;
  } catch (error) {
    throw new GtcxSdkError(
      'dependency_missing',
      'publishing a pack directory needs @gtcx/core, which is not installed',
      {
        hint: 'npm install @gtcx/core, or build the tarball with gtcx pack build and publish that file',
        cause: error,
      },
    );
  }
}

/** Core throws GtcxError (code, message, hint, details): the same facts as a GtcxSdkError. */
function fromCore(error: unknown): unknown {
  if (!(error instanceof Error) || error.name !== 'GtcxError') return error;
  const { code, hint, details } = error as Error & {
    code: string;
    hint?: string;
    details?: Record<string, unknown>;
  };
  return new GtcxSdkError(code, error.message, { hint, details, cause: error });
}
