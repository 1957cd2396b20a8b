import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { stringify } from 'yaml';

export type FileSpec = string | Buffer | { content: string | Buffer; mode: number };

export interface TemplateSpec {
  name?: string;
  version: string;
  description?: string;
  questions?: Record<string, unknown>[];
  migrations?: { version: string; run: string[] }[];
  files: Record<string, FileSpec>;
}

/** Writes a template directory: template.yaml and files/. */
export async function writeTemplate(dir: string, spec: TemplateSpec): Promise<string> {
  const manifest: Record<string, unknown> = { name: spec.name ?? 'demo', version: spec.version };
  if (spec.description) manifest.description = spec.description;
  manifest.questions = spec.questions ?? [];
  if (spec.migrations) manifest.migrations = spec.migrations;
  await mkdir(join(dir, 'files'), { recursive: true });
  await writeFile(join(dir, 'template.yaml'), stringify(manifest));
  await writeFiles(join(dir, 'files'), spec.files);
  return dir;
}

export async function writeFiles(root: string, files: Record<string, FileSpec>): Promise<void> {
  for (const [path, spec] of Object.entries(files)) {
    const target = join(root, ...path.split('/'));
    await mkdir(dirname(target), { recursive: true });
    const content = typeof spec === 'string' || Buffer.isBuffer(spec) ? spec : spec.content;
    await writeFile(target, content);
    if (typeof spec === 'object' && !Buffer.isBuffer(spec)) await chmod(target, spec.mode);
  }
}

const gitEnv = {
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};

export async function git(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await execa('git', ['-c', 'init.defaultBranch=main', ...args], { cwd, env: gitEnv });
  return stdout;
}

/** Commits everything in the working tree, optionally tagging the commit. */
export async function commitAll(repo: string, message: string, tag?: string): Promise<void> {
  await git(repo, 'add', '-A');
  await git(repo, 'commit', '-q', '-m', message);
  if (tag) await git(repo, 'tag', tag);
}

/** A fresh temporary directory and a function that removes it. */
export async function tempDir(prefix: string): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), `gtcx-${prefix}-`));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
