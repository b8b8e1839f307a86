import assert from 'node:assert/strict';
import { it } from 'node:test';
import { REFERENCE_DEFAULTS } from './defaults.ts';
import { codeFromLabel, REFERENCE_CODE_PATTERN, REFERENCE_KINDS } from './kinds.ts';

it('makes a stable code from a label', () => {
  assert.equal(codeFromLabel('Education, Health & Care (EHC) plan'), 'EDUCATION_HEALTH_AND_CARE_EHC_PLAN');
  assert.equal(codeFromLabel('  child in need '), 'CHILD_IN_NEED');
});

it('every default list is non-empty, with valid, unique codes', () => {
  for (const kind of REFERENCE_KINDS) {
    const items = REFERENCE_DEFAULTS[kind];
    assert.ok(items.length > 0, kind);
    assert.equal(new Set(items.map((i) => i.code)).size, items.length, `${kind} codes are unique`);
    for (const item of items) assert.match(item.code, REFERENCE_CODE_PATTERN);
  }
  assert.equal(REFERENCE_DEFAULTS.ethnicity.length, 20, 'the 20 DfE ethnicity codes');
  assert.deepEqual(
    REFERENCE_DEFAULTS.remedy_type.filter((r) => r.financial).map((r) => r.code),
    ['FINANCIAL'],
  );
});
