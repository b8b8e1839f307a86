import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import { IMPORT_COLUMNS } from './columns.ts';

it('the import format document describes every column, and only those', () => {
  const doc = readFileSync(new URL('../../../docs/import-format.md', import.meta.url), 'utf8');
  const documented = [...doc.matchAll(/^\|\s*`([a-z0-9_]+)`\s*\|/gm)].map((m) => m[1]);
  assert.deepEqual(
    documented,
    IMPORT_COLUMNS.map((c) => c.name),
  );
});
