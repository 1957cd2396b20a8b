/**
 * The registry's shapes, mirrored from openapi.yaml (components.schemas Packument, PackVersion,
 * PackDist, PackSignature, PackSigningKey) so core, the server and the CLI speak the same document.
 */

export interface PackSignature {
  /** The signing key, as listed at /.well-known/gtcx/pack-signing-keys. */
  keyId: string;
  /** Base64 Ed25519 signature over `name@version:integrity`. */
  sig: string;
}

export interface PackDist {
  /** Path of the tarball on the server. */
  tarball: string;
  /** sha512 SRI over the tarball bytes. */
  integrity: string;
  size: number;
  unpackedSize: number;
  fileCount: number;
  signatures: PackSignature[];
}

export interface PackVersion {
  name: string;
  version: string;
  description: string;
  license?: string;
  keywords: string[];
  /** The names of the templates in the pack. */
  templates: string[];
  engines: { gtcx?: string };
  /** Other packs this one needs, name to semver range. */
  dependencies: Record<string, string>;
  dist: PackDist;
  /** The deprecation message, null when not deprecated. */
  deprecated: string | null;
  /** Hidden from range resolution, still installable by exact version. */
  yanked: boolean;
  yankReason?: string;
  /** RFC 3339. */
  publishedAt: string;
  publishedBy?: string;
}

export interface Packument {
  name: string;
  description: string;
  keywords: string[];
  license?: string;
  distTags: Record<string, string>;
  versions: Record<string, PackVersion>;
  createdAt: string;
  updatedAt: string;
}

export interface PackSigningKey {
  keyId: string;
  algorithm: 'ed25519';
  /** Base64 DER SubjectPublicKeyInfo (a PEM string is accepted too). */
  publicKey: string;
  createdAt: string;
  /** Versions published after this time are not accepted with this key; null for no expiry. */
  expiresAt: string | null;
}

/** pack.yaml, validated. */
export interface PackManifest {
  name: string;
  version: string;
  description: string;
  license?: string;
  keywords: string[];
  /** Relative POSIX directories, each holding a template.yaml. */
  templates: string[];
  engines: { gtcx?: string };
  dependencies: Record<string, string>;
}
