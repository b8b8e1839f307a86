/**
 * Compiles the council-branded stylesheet from govuk-frontend's Sass into
 * .cache/public. Runs after npm install and, if the file is missing, when
 * Heard starts. No network: everything comes from node_modules.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as sass from 'sass';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
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

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const out = buildAssets({ force: true });
  console.log(`Built ${path.relative(root, out)} (${Math.round(readFileSync(out).length / 1024)} KB)`);
}
