import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { datesLinkedToTheirDay } from './render.ts';

describe("the error summary's links", () => {
  it("link a date's error to its day box, and every other error to its field as it was", () => {
    const errors = {
      summary: [
        { text: 'The date must be a real date', href: '#respondedOn' },
        { text: 'Enter an amount', href: '#investigatorCost' },
        { text: 'Something about the whole form' },
      ],
      field: { respondedOn: { text: 'The date must be a real date' } },
    };
    const body = {
      'respondedOn-day': '31',
      'respondedOn-month': '2',
      'respondedOn-year': '2024',
      investigatorCost: 'x',
    };
    assert.deepEqual(datesLinkedToTheirDay(errors, body), {
      summary: [
        { text: 'The date must be a real date', href: '#respondedOn-day' },
        { text: 'Enter an amount', href: '#investigatorCost' },
        { text: 'Something about the whole form' },
      ],
      field: errors.field,
    });
    // Without a form sent (a page's own query, or none), the links stay as they are.
    assert.equal(datesLinkedToTheirDay(errors, undefined), errors);
    assert.deepEqual(datesLinkedToTheirDay({ field: {} }, body), { field: {} });
  });
});
