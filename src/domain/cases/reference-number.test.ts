import assert from 'node:assert/strict';
import { it } from 'node:test';
import { CASE_REFERENCE_PATTERN, formatCaseReference } from './reference-number.ts';

it('formats a reference with the year received and a padded number', () => {
  assert.equal(formatCaseReference('CS', '2024-03-31', 42), 'CS-2024-00042');
  assert.equal(formatCaseReference('CS', '2025-01-02', 123456), 'CS-2025-123456');
  assert.match(formatCaseReference('HRD', '2024-03-31', 1), CASE_REFERENCE_PATTERN);
});
