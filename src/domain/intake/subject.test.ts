import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { subjectFrom } from './subject.ts';

describe('a subject from what someone told us', () => {
  it('keeps a short text whole, on one line', () => {
    assert.equal(subjectFrom('  The social worker\n has not called  back '), 'The social worker has not called back');
  });

  it('takes the first sentence when it fits', () => {
    assert.equal(
      subjectFrom(
        'My son’s placement was moved without notice. We were told on the day and nobody has explained why since.',
      ),
      'My son’s placement was moved without notice.',
    );
  });

  it('cuts at the last whole word, never in the middle of one, and says it was cut', () => {
    const s = subjectFrom(
      'I have been trying to get hold of the team about my daughter’s assessment for weeks and it is still not ready and nobody calls',
    );
    assert.equal(s, 'I have been trying to get hold of the team about my daughter’s assessment for…');
    assert.ok(s.length <= 80);
  });

  it('cuts one enormous word where it must', () => {
    const s = subjectFrom('x'.repeat(200));
    assert.equal(s.length, 80);
    assert.ok(s.endsWith('…'));
  });
});
