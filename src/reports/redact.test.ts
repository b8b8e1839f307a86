import assert from 'node:assert/strict';
import { it } from 'node:test';
import { redact } from './redact.ts';

it('removes the names on the case, emails, phone numbers, postcodes and street addresses', () => {
  const text =
    'Sarah Jones (sarah.jones@example.com, 07700 900123) of 12 High Street, Shrewsbury SY2 6ND says Leo was not visited. Call Sarah on +44 1743 256188.';
  assert.equal(
    redact(text, ['Sarah Jones', 'Leo Jones']),
    '[name removed] ([name removed], [name removed]) of [name removed], Shrewsbury [name removed] says [name removed] was not visited. Call [name removed] on [name removed].',
  );
});

it('leaves ordinary words alone, and whole words only', () => {
  assert.equal(redact('Leonard said the lesson was good', ['Leo']), 'Leonard said the lesson was good');
  assert.equal(redact('Thank you so much for 3 years of support', []), 'Thank you so much for 3 years of support');
});
