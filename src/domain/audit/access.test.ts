import assert from 'node:assert/strict';
import { it } from 'node:test';
import { accessSentence, isAccessAction } from './access.ts';

it('says each read in words, with what was read and never more than was stored', () => {
  assert.deepEqual(accessSentence({ action: 'attachment.downloaded', detail: { fileName: 'notes.pdf' } }), {
    summary: 'Downloaded a document',
    changes: ['File: notes.pdf'],
  });
  assert.deepEqual(
    accessSentence({
      action: 'cases.exported',
      detail: { format: 'xlsx', rows: 1200, filters: 'status=all' },
      caseCount: 1200,
    }),
    {
      summary: 'Downloaded the case list',
      changes: ['Format: XLSX', 'Filters: status=all', 'Rows: 1,200', 'Cases: 1,200'],
    },
  );
  assert.deepEqual(
    accessSentence({
      action: 'sign_in.failed',
      detail: { email: 'jo@example.gov.uk', reason: 'too many failed attempts' },
    }),
    { summary: 'Failed to sign in', changes: ['Email tried: jo@example.gov.uk', 'Why: too many failed attempts'] },
  );
  assert.deepEqual(accessSentence({ action: 'case.viewed', detail: null }), {
    summary: 'Opened the case',
    changes: [],
  });
  assert.equal(isAccessAction('case.viewed'), true);
  assert.equal(isAccessAction('case.create'), false, 'a change is not a read');
  assert.equal(isAccessAction('toString'), false);
});
