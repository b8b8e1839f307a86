import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { safeReturnPath } from './return-path.ts';

describe('safeReturnPath', () => {
  const kept = [
    '/',
    '/cases/CS-2024-00001',
    '/reports/annual?from=2024-04-01&to=2025-03-31',
    '/cases?q=Smith%20family',
    '/a%0D%0Ab',
  ];
  for (const path of kept) it(`keeps ${JSON.stringify(path)}`, () => assert.equal(safeReturnPath(path), path));

  const refused = [
    '/\r\n/', // CR LF: Node throws setting the header
    '/%0D%0A/'.replace(/%0D%0A/, '\r\n'),
    '/\u2028', // above U+00FF: Node throws
    '/caf\u00e9',
    '/\t/evil.example', // browsers drop the tab: //evil.example
    '//evil.example',
    '/\\evil.example',
    '/ok\\..\\',
    'https://evil.example/',
    'evil.example',
    '',
    '/ spaces',
    '/x\u0000',
    `/${'a'.repeat(2001)}`,
  ];
  for (const path of refused)
    it(`refuses ${JSON.stringify(path).slice(0, 40)}`, () => assert.equal(safeReturnPath(path), '/'));

  it('refuses what is not a string', () => {
    assert.equal(safeReturnPath(['/a', '/b']), '/');
    assert.equal(safeReturnPath(undefined), '/');
    assert.equal(safeReturnPath({ toString: () => '/x' }), '/');
  });
});
