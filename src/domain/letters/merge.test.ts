import assert from 'node:assert/strict';
import { it } from 'node:test';
import { DEFAULT_LETTERS, renderLetter } from './merge.ts';

it('fills merge fields, marks missing ones, and reports unknown ones', () => {
  const r = renderLetter('Dear {{complainant_name}}, ref {{ reference }}, due {{response_due_on}} {{made_up}}', {
    complainant_name: 'Sarah Jones',
    reference: 'CS-2024-00001',
  });
  assert.equal(
    r.text,
    'Dear Sarah Jones, ref CS-2024-00001, due [when the response is due (the clock that matters next)] {{made_up}}',
  );
  assert.deepEqual(r.unknown, ['made_up']);
  assert.deepEqual(r.missing, ['response_due_on']);
});

it('the default letters use only known fields', () => {
  for (const l of DEFAULT_LETTERS) {
    assert.deepEqual(renderLetter(l.body, {}).unknown, [], l.key);
    assert.deepEqual(renderLetter(l.subject, {}).unknown, [], l.key);
  }
});
