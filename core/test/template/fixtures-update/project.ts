import { chmod, lstat, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { buildProjectRecord, writeProjectRecord } from '../../../src/template/record.js';
import { renderTemplate } from '../../../src/template/render.js';
import type { TemplateSource } from '../../../src/template/source-types.js';
import type { Answers } from '../../../src/template/types.js';

export const NOW = () => new Date('2026-11-26T12:00:00.000Z');

/**
 * Generates a project the way gtcx new leaves it: the rendered files and .gtcx/project.json with
 * the template's source, version, answers (secrets left out) and file hashes.
 */
export async function generateProject(
  projectDir: string,
  source: TemplateSource,
  version: string,
  answers: Answers,
): Promise<void> {
  const template = await source.load(version);
  const tree = await renderTemplate(template, answers, { gtcxVersion: '0.1.0', now: NOW });
  for (const [path, file] of tree) {
    const target = join(projectDir, ...path.split('/'));
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, file.content);
    await chmod(target, file.mode);
  }
  const record = buildProjectRecord({
    source: source.ref,
    manifest: template.manifest,
    answers,
    rendered: tree,
    gtcxVersion: '0.1.0',
    now: NOW(),
  });
  await writeProjectRecord(projectDir, record);
}

/** Every file under dir (path -> base64 content and mode), to prove nothing changed. */
export async function snapshot(dir: string): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  const walk = async (at: string, prefix: string): Promise<void> => {
    for (const entry of await readdir(at, { withFileTypes: true })) {
      const path = `${prefix}${entry.name}`;
      const absolute = join(at, entry.name);
      if (entry.isDirectory()) {
        result[`${path}/`] = 'dir';
        await walk(absolute, `${path}/`);
      } else {
        const mode = (await lstat(absolute)).mode & 0o777;
        result[path] = `${mode.toString(8)}:${(await readFile(absolute)).toString('base64')}`;
      }
    }
  };
  await walk(dir, '');
  return result;
}
