import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { type ArchiveFile, writeTarGz } from '../archive/write.js';
import { GtcxError } from '../errors.js';
import { loadTemplate } from '../template/manifest.js';
import { readPackTarball } from './inspect.js';
import { computeIntegrity } from './integrity.js';
import { loadPackManifest, packManifestFile, parsePackManifest } from './manifest.js';
import { packTarballName } from './names.js';
import type { PackManifest } from './types.js';

/** Never packed: version control, installed dependencies, Finder litter. */
const ignoredNames = new Set(['.git', 'node_modules', '.DS_Store']);
/** Root files packed when present, beside pack.yaml and the templates. */
const rootExtras = ['README.md', 'LICENSE', 'LICENSE.md', 'CHANGELOG.md'];

export interface BuildPackOptions {
  /** Where the .tgz goes; the pack directory by default. */
  outDir?: string;
}

export interface BuiltPack {
  /** Absolute path of `<scope>-<name>-<version>.tgz`. */
  file: string;
  /** sha512 SRI of the tarball. */
  integrity: string;
  /** Tarball bytes. */
  size: number;
  fileCount: number;
  unpackedSize: number;
  manifest: PackManifest;
}

/**
 * Builds the pack in `dir` into a deterministic tarball: pack.yaml, the README/LICENSE/CHANGELOG if
 * present and the listed template directories, entries sorted, one fixed mtime, uid/gid 0, modes
 * 0644/0755, so the same files always give the same bytes. The result is read back through the
 * extractor's checks, so a pack that builds is a pack that installs.
 */
export async function buildPack(dir: string, options: BuildPackOptions = {}): Promise<BuiltPack> {
  const root = resolve(dir);
  const manifest = loadPackManifest(root);
  for (const template of manifest.templates) await loadTemplate(join(root, template));
  const files = collectPackFiles(root, manifest);
  const tarball = writeTarGz(files);
  const label = `${manifest.name}@${manifest.version}`;
  const checked = await readPackTarball(tarball, { label });
  const outDir = resolve(options.outDir ?? root);
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, packTarballName(manifest.name, manifest.version));
  writeAtomically(file, tarball);
  return {
    file,
    integrity: computeIntegrity(tarball),
    size: tarball.length,
    fileCount: checked.fileCount,
    unpackedSize: checked.unpackedSize,
    manifest,
  };
}

/** The files a build packs, by archive path. Refuses symlinks and anything but files and directories. */
export function collectPackFiles(root: string, manifest: PackManifest): Map<string, ArchiveFile> {
  const files = new Map<string, ArchiveFile>();
  files.set(packManifestFile, readPackFile(root, packManifestFile));
  for (const extra of rootExtras) {
    if (existsSync(join(root, extra))) files.set(extra, readPackFile(root, extra));
  }
  for (const template of manifest.templates) walk(root, template, files);
  return files;
}

function walk(root: string, relative: string, files: Map<string, ArchiveFile>): void {
  const stats = lstatSync(join(root, relative));
  if (stats.isSymbolicLink())
    throw refused(root, relative, 'is a symbolic link; packs may not contain links');
  if (!stats.isDirectory()) throw refused(root, relative, 'is not a directory');
  for (const name of readdirSync(join(root, relative)).sort()) {
    if (ignoredNames.has(name)) continue;
    const path = `${relative}/${name}`;
    const entry = lstatSync(join(root, path));
    if (entry.isSymbolicLink()) throw refused(root, path, 'is a symbolic link; packs may not contain links');
    if (entry.isDirectory()) walk(root, path, files);
    else files.set(path, readPackFile(root, path));
  }
}

function readPackFile(root: string, path: string): ArchiveFile {
  const absolute = join(root, path);
  const stats = lstatSync(absolute);
  if (stats.isSymbolicLink()) throw refused(root, path, 'is a symbolic link; packs may not contain links');
  if (!stats.isFile()) throw refused(root, path, 'is not a regular file (a device, fifo or socket)');
  return { content: readFileSync(absolute), mode: stats.mode };
}

function refused(root: string, path: string, problem: string): GtcxError {
  return new GtcxError('unsafe_path', `cannot pack ${join(root, path)}: it ${problem}`, {
    hint: 'replace it with a regular file or directory, or move it out of the template directory',
    details: { path },
  });
}

function writeAtomically(file: string, data: Buffer): void {
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    writeFileSync(temp, data, { mode: 0o644 });
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

export interface InitPackOptions {
  /** `@scope/name`. */
  name: string;
  version?: string;
  description?: string;
  license?: string;
  /** The starter template's directory name under templates/ (kebab-case). */
  template?: string;
}

/** A starter pack for `gtcx pack init`: pack.yaml and one template. Refuses to overwrite anything. */
export function initPack(dir: string, options: InitPackOptions): { dir: string; files: string[] } {
  const root = resolve(dir);
  const template = options.template ?? 'starter';
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(template)) {
    throw new GtcxError('validation_failed', `"${template}" is not a template name`, {
      hint: 'template names are kebab-case: lowercase letters, digits and dashes',
      details: { field: 'template', value: template },
    });
  }
  const version = options.version ?? '0.1.0';
  const description = options.description ?? `Templates from ${options.name}`;
  const files: Array<[string, string]> = [
    [
      packManifestFile,
      [
        `name: ${JSON.stringify(options.name)}`,
        `version: ${version}`,
        `description: ${JSON.stringify(description)}`,
        `license: ${JSON.stringify(options.license ?? 'MIT')}`,
        'keywords: []',
        'templates:',
        `  - templates/${template}`,
        'engines:',
        '  gtcx: ">=0.1.0"',
        'dependencies: {}',
        '',
      ].join('\n'),
    ],
    [
      `templates/${template}/template.yaml`,
      [
        `name: ${template}`,
        'version: 1.0.0',
        `description: A starter template from ${options.name}`,
        'questions:',
        '  - name: name',
        '    type: string',
        '    message: Project name',
        '',
      ].join('\n'),
    ],
    [`templates/${template}/files/README.md.hbs`, '# {{name}}\n\nGenerated from a gtcx pack template.\n'],
  ];
  // Validate what we are about to write, so a bad name fails before any file exists.
  parsePackManifest(files[0]?.[1] as string, join(root, packManifestFile));
  const existing = files.map(([path]) => join(root, path)).filter((path) => existsSync(path));
  if (existing.length > 0) {
    throw new GtcxError('conflict', `${existing[0]} already exists`, {
      hint: 'run gtcx pack init in an empty directory, or edit the existing pack.yaml',
      details: { paths: existing },
    });
  }
  const written: string[] = [];
  try {
    for (const [path, text] of files) {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), text, { flag: 'wx' });
      written.push(path);
    }
  } catch (error) {
    for (const path of written) rmSync(join(root, path), { force: true });
    throw error;
  }
  return { dir: root, files: written };
}
