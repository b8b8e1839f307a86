import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { REFERENCE_KINDS } from '../reference-data/kinds.ts';
import { checkSetup } from './plan.ts';

describe('docs/setup-format.md', () => {
  const doc = readFileSync('docs/setup-format.md', 'utf8');
  const example = readFileSync('docs/examples/setup.yaml', 'utf8');

  it('shows the example file as it is committed, and it checks with no problems', () => {
    const block = /## A complete example[\s\S]*?```yaml\n([\s\S]*?)```/.exec(doc)?.[1];
    assert.equal(block, example);
    const { problems, plan } = checkSetup(
      example,
      { units: [], items: [] },
      { today: '2024-06-01', procedureKeys: ['childrens_statutory', 'corporate'] },
    );
    assert.deepEqual(problems, []);
    assert.equal(plan.units.length, 17);
  });

  it('names every list kind', () => {
    for (const kind of REFERENCE_KINDS) assert.match(doc, new RegExp(`\\| \`${kind}\` `));
  });
});
