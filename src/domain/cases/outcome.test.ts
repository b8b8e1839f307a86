import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rollUpOutcome } from './outcome.ts';
import type { Outcome } from './vocabulary.ts';

describe('rollUpOutcome', () => {
  const cases: [string, (Outcome | null)[], Outcome | null][] = [
    ['no investigations yet', [], null],
    ['one still open', ['upheld', null], null],
    ['all upheld', ['upheld', 'upheld'], 'upheld'],
    ['any upheld part makes it at least partially upheld', ['upheld', 'not_upheld'], 'partially_upheld'],
    ['partially upheld stays partial', ['partially_upheld'], 'partially_upheld'],
    ['partial with not upheld', ['not_upheld', 'partially_upheld'], 'partially_upheld'],
    ['not upheld everywhere', ['not_upheld', 'not_upheld'], 'not_upheld'],
    ['withdrawn parts do not dilute a finding', ['upheld', 'withdrawn'], 'upheld'],
    ['all withdrawn', ['withdrawn', 'withdrawn'], 'withdrawn'],
    ['outside jurisdiction', ['outside_jurisdiction'], 'outside_jurisdiction'],
    ['no finding with withdrawn', ['no_finding', 'withdrawn'], 'no_finding'],
  ];
  for (const [name, input, expected] of cases) {
    it(name, () => assert.equal(rollUpOutcome(input), expected));
  }
});
