import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * The directory of the built-in templates. In the gtcx repository that is its templates/ (so edits
 * show up without a copy); in the published package, the templates/ copy `prepack` puts beside dist/.
 * The same two levels up hold from src/template/ (tests) and dist/template/ (builds).
 */
export function builtinTemplatesDir(): string {
  cached ??= isRepositoryCheckout() ? repositoryTemplates() : packagedTemplates();
  return cached;
}

function repositoryTemplates(): string {
  return fileURLToPath(new URL('../../../templates', import.meta.url));
}

function packagedTemplates(): string {
  return fileURLToPath(new URL('../../templates', import.meta.url));
}

/**
 * Three levels up is the repository root only in a checkout; an installed package's third level up
 * is node_modules/@gtcx, which never holds the contract next to a templates/ directory.
 */
function isRepositoryCheckout(): boolean {
  return (
    existsSync(repositoryTemplates()) &&
    existsSync(fileURLToPath(new URL('../../../openapi.yaml', import.meta.url)))
  );
}
