import type { Template } from './types.js';

export type TemplateSourceKind = 'builtin' | 'path' | 'git' | 'pack';

/** Where a template comes from, and the versions it offers there. */
export interface TemplateSource {
  kind: TemplateSourceKind;
  /**
   * The normalised reference, recorded in .gtcx/project.json and accepted again by
   * resolveTemplateSource: 'builtin:ts-lib', an absolute path, 'git+file:///x/repo.git#main',
   * '@scope/pack/tpl'.
   */
  ref: string;
  /** Every version, semver ascending. */
  versions(): Promise<string[]>;
  /**
   * One version of the template; without a version the default one: the highest, except for a git
   * reference pinned with #ref, where it is the version at that ref.
   */
  load(version?: string): Promise<Template>;
}

export interface ResolveSourceOptions {
  /** The directory holding the built-in templates, one subdirectory each. */
  builtinRoot: string;
  /** Relative paths are resolved against it. */
  cwd: string;
  /** Git templates are cloned and checked out under it. */
  cacheDir: string;
  /** Installed packs: the template directory for a pack reference, undefined when none matches. */
  packTemplates?: (ref: string) => Promise<string | undefined>;
  /** For ~/ paths; defaults to the user's home directory. */
  homeDir?: string;
}
