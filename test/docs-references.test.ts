import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

const root = path.resolve(import.meta.dirname, '..');

/** The project's own files that cite its documents: sources, scripts, benchmarks, tests and the documents themselves. */
function citingFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { recursive: true })
    .map((name) => path.join(dir, String(name)))
    .filter((file) => /\.(ts|mts|mjs|md|njk|sql)$/.test(file));
}

/** Every `docs/….md` a file names. */
function citedDocuments(text: string): string[] {
  return [...text.matchAll(/\bdocs\/[\w./-]+?\.md\b/g)].map((m) => m[0]);
}

describe('the documents the project cites', () => {
  it('finds a cited document in code and prose', () => {
    assert.deepEqual(citedDocuments('see docs/adr/0022-case-search-trigram-indexes.md, and (docs/product.md).'), [
      'docs/adr/0022-case-search-trigram-indexes.md',
      'docs/product.md',
    ]);
  });

  it('are all in the repository (a renumbered ADR leaves no reference behind)', () => {
    const files = ['README.md', ...['src', 'scripts', 'bench', 'test', 'docs', '.ci'].flatMap(citingFiles)];
    assert.ok(files.length > 300, `files read (${files.length})`);
    const missing = files.flatMap((file) =>
      citedDocuments(readFileSync(path.join(root, file), 'utf8'))
        .filter((doc) => !existsSync(path.join(root, doc)))
        .map((doc) => `${file}: ${doc}`),
    );
    assert.deepEqual(missing, []);
  });
});
