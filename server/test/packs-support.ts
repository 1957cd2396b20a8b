import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPack } from '@gtcx/core';

/** The packs tests' store is the server's: every module's tables, SQLite or a fresh PostgreSQL database. */
export {
  createServerTestStore as createPacksTestStore,
  type ServerTestStore as PacksTestStore,
} from './support/identity.js';

export interface SamplePack {
  name?: string;
  version?: string;
  description?: string;
  keywords?: string[];
  /** What the pack.yaml says, when it should differ from name. */
  manifestName?: string;
}

export interface BuiltSample {
  /** The bytes of the .tgz gtcx pack build wrote. */
  tarball: Buffer;
  integrity: string;
}

/** Writes a one-template pack into a temporary directory and builds it with core's buildPack. */
export async function buildSamplePack(sample: SamplePack = {}): Promise<BuiltSample> {
  const root = mkdtempSync(join(tmpdir(), 'gtcx-packs-test-'));
  try {
    const name = sample.manifestName ?? sample.name ?? '@acme/web';
    const files: Record<string, string> = {
      'pack.yaml': [
        `name: "${name}"`,
        `version: ${sample.version ?? '1.0.0'}`,
        `description: ${JSON.stringify(sample.description ?? 'Web service templates')}`,
        'license: MIT',
        `keywords: ${JSON.stringify(sample.keywords ?? ['web', 'service'])}`,
        'templates: [templates/svc]',
        '',
      ].join('\n'),
      'templates/svc/template.yaml': 'name: svc\nversion: 1.0.0\ndescription: A service\n',
      'templates/svc/files/README.md.hbs': '# {{name}}\n',
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(root, 'pack', path, '..'), { recursive: true });
      writeFileSync(join(root, 'pack', path), text);
    }
    const built = await buildPack(join(root, 'pack'), { outDir: join(root, 'out') });
    return { tarball: readFileSync(built.file), integrity: built.integrity };
  } finally {
    // The bytes are read; the directory goes (the tests keep nothing on disk).
    rmSync(root, { recursive: true, force: true });
  }
}
