import assert from 'node:assert/strict';
import { it } from 'node:test';
import { MATCH_THRESHOLD, phoneDigits, scoreMatch } from './matching.ts';

it('an email or phone number is enough; a name alone is not', () => {
  const known = {
    givenName: 'Sarah',
    familyName: 'Jones',
    email: 'Sarah.Jones@example.com',
    phone: '07700 900123',
    postcode: 'SY1 1AB',
    addressLine1: '1 High Street',
  };
  assert.deepEqual(scoreMatch({ email: ' sarah.jones@EXAMPLE.com ' }, known), {
    score: 4,
    reasons: ['same email address'],
  });
  assert.deepEqual(scoreMatch({ phone: '+44 7700 900123' }, known).reasons, ['same phone number']);
  assert.ok(scoreMatch({ givenName: 'sarah', familyName: 'JONES' }, known).score < MATCH_THRESHOLD);
  assert.ok(
    scoreMatch({ givenName: 'Sarah', familyName: 'Jones', postcode: 'sy11ab' }, known).score >= MATCH_THRESHOLD,
  );
  assert.deepEqual(scoreMatch({ familyName: 'Jones', postcode: 'SY1 1AB', addressLine1: '1 high street' }, known), {
    score: 4,
    reasons: ['same family name', 'same postcode', 'same address'],
  });
  assert.equal(scoreMatch({ email: '', phone: '' }, { email: '', phone: '' }).score, 0);
});

it('compares phone numbers by their digits', () => {
  assert.equal(phoneDigits('+44 (0)7700 900123'), '4407700900123');
  assert.equal(phoneDigits('+44 7700 900123'), '07700900123');
});
