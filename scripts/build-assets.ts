/** npm run build:assets (and postinstall): compile the stylesheet now, even if it looks fresh. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildAssets } from '../src/web/assets.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = buildAssets({ force: true });
console.log(`Built ${path.relative(root, out)} (${Math.round(readFileSync(out).length / 1024)} KB)`);
