/**
 * Compiles the council-branded stylesheet from govuk-frontend's Sass into
 * .cache/public, with govuk-frontend's script beside it. Run after npm
 * install (scripts/build-assets.ts) and, if the stylesheet is missing, when
 * Heard starts (src/server.ts). No network: everything comes from node_modules.
 */
import { copyFileSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as sass from 'sass';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const PUBLIC_DIR = path.join(root, '.cache', 'public');
const SOURCE = path.join(root, 'src', 'web', 'styles', 'application.scss');
const OUTPUT = path.join(PUBLIC_DIR, 'application.css');

export function buildAssets(opts: { force?: boolean } = {}): string {
  const fresh = existsSync(OUTPUT) && statSync(OUTPUT).mtimeMs >= statSync(SOURCE).mtimeMs;
  if (fresh && !opts.force) return OUTPUT;
  const result = sass.compile(SOURCE, {
    loadPaths: [path.join(root, 'node_modules')],
    style: 'compressed',
    quietDeps: true,
    silenceDeprecations: ['import'],
  });
  mkdirSync(PUBLIC_DIR, { recursive: true });
  writeFileSync(OUTPUT, result.css);
  copyFileSync(
    path.join(root, 'node_modules', 'govuk-frontend', 'dist', 'govuk', 'govuk-frontend.min.js'),
    path.join(PUBLIC_DIR, 'govuk-frontend.min.js'),
  );
  return OUTPUT;
}
