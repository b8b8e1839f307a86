import assert from 'node:assert/strict';
import { it } from 'node:test';
import { labelKey, parseDate, parsePounds, parseYesNo, splitList } from './values.ts';

it('reads dates the way legacy exports write them, and refuses the rest', () => {
  assert.deepEqual(parseDate('2024-03-31'), { ok: true, value: '2024-03-31' });
  assert.deepEqual(parseDate('31/03/2024'), { ok: true, value: '2024-03-31' });
  assert.deepEqual(parseDate('1/4/24'), { ok: true, value: '2024-04-01' });
  assert.deepEqual(parseDate('2024-03-31T00:00:00.000Z'), { ok: true, value: '2024-03-31' });
  assert.deepEqual(parseDate(' '), { ok: true, value: null });
  assert.equal(parseDate('31/02/2024').ok, false);
  assert.equal(parseDate('March 2024').ok, false);
});

it('reads yes/no, money and lists', () => {
  assert.deepEqual(parseYesNo('Y'), { ok: true, value: true });
  assert.deepEqual(parseYesNo('false'), { ok: true, value: false });
  assert.equal(parseYesNo('maybe').ok, false);
  assert.deepEqual(parsePounds('£1,250.5'), { ok: true, value: 125050 });
  assert.deepEqual(parsePounds('250'), { ok: true, value: 25000 });
  assert.equal(parsePounds('-5').ok, false);
  assert.equal(parsePounds('12.345').ok, false);
  assert.deepEqual(splitList('Contact; EHC plan ;;x'), ['Contact', 'EHC plan', 'x']);
  assert.equal(labelKey('Child-Protection  Plan'), labelKey('child protection plan'));
});
