import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dateTime } from './format.ts';

describe('dates and times on pages', () => {
  it('shows an instant as its London date and time, in winter and in summer', () => {
    assert.equal(dateTime(new Date('2024-03-27T14:05:00Z')), '27 March 2024 at 14:05');
    assert.equal(dateTime('2024-06-30T23:30:00Z'), '1 July 2024 at 00:30');
  });

  it('shows nothing for no time, and what it was given for something that is not a time', () => {
    assert.equal(dateTime(null), '');
    assert.equal(dateTime(''), '');
    assert.equal(dateTime('not a time'), 'not a time');
  });
});
