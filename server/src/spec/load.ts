import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GtcxError } from '@gtcx/core';
import { parse } from 'yaml';
import type { OpenApiDocument } from './types.js';

export interface LoadedSpec {
  /** Where the document was read from. */
  path: string;
  /** The YAML exactly as written, served at /openapi.yaml. */
  text: string;
  document: OpenApiDocument;
}

/**
 * The repository keeps one openapi.yaml at its root; a published @gtcx/server carries a copy beside
 * its package.json. This file sits two levels below the package root in both src/ and dist/.
 */
export function locateOpenApiDocument(): string {
  const candidates = ['../../../openapi.yaml', '../../openapi.yaml'].map((relative) =>
    fileURLToPath(new URL(relative, import.meta.url)),
  );
  const found = candidates.find((candidate) => existsSync(candidate));
  if (found === undefined) {
    throw new GtcxError('internal', `openapi.yaml not found (looked at ${candidates.join(', ')})`, {
      hint: 'Reinstall @gtcx/server, or run from a complete checkout of the gtcx repository',
    });
  }
  return found;
}

export function loadOpenApiDocument(path: string = locateOpenApiDocument()): LoadedSpec {
  const text = readFileSync(path, 'utf8');
  const document = parse(text) as OpenApiDocument;
  if (typeof document?.openapi !== 'string' || !document.openapi.startsWith('3.1')) {
    throw new GtcxError('internal', `${path} is not an OpenAPI 3.1 document`, {
      hint: 'Check openapi.yaml with `npx redocly lint openapi.yaml`',
    });
  }
  return { path, text, document };
}

let cachedDefault: LoadedSpec | undefined;

/** The document found by locateOpenApiDocument(), read once per process. */
export function defaultSpec(): LoadedSpec {
  cachedDefault ??= loadOpenApiDocument();
  return cachedDefault;
}
