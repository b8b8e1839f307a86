import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { suggestProcedure } from './procedure-suggestion.ts';

const base = { type: 'complaint' as const, teamDefault: null, teamName: null, childGroupCode: null, lookedAfter: null };

it('suggests the statutory procedure for social care for a child, corporate for SEND, nothing when unsure', () => {
  assert.equal(suggestProcedure({ ...base, lookedAfter: true })?.procedure, 'childrens_statutory');
  assert.match(suggestProcedure({ ...base, childGroupCode: 'CP' })!.reason, /child protection plan/);
  assert.equal(suggestProcedure({ ...base, childGroupCode: 'SEND' })?.procedure, 'corporate');
  assert.deepEqual(suggestProcedure({ ...base, teamDefault: 'corporate', teamName: 'School Transport' }), {
    procedure: 'corporate',
    reason: 'Complaints about School Transport usually follow this procedure (not social care).',
  });
  assert.equal(suggestProcedure(base), null);
  assert.equal(suggestProcedure({ ...base, type: 'compliment', lookedAfter: true }), null);
});

it('what the child’s situation says outweighs the team’s usual procedure', () => {
  assert.equal(
    suggestProcedure({ ...base, teamDefault: 'corporate', teamName: 'SEND Team', lookedAfter: true })?.procedure,
    'childrens_statutory',
  );
});

describe('a suggestion when the complainant did not know the team', () => {
  const unknown = {
    type: 'complaint' as const,
    teamDefault: null,
    teamName: null,
    childGroupCode: null,
    lookedAfter: null,
  };

  it('reads social care from the words they used, and says which', () => {
    const s = suggestProcedure({ ...unknown, text: 'Our Social Worker has not returned my calls for three weeks' });
    assert.equal(s?.procedure, 'childrens_statutory');
    assert.match(s!.reason, /“social worker”/);
  });

  it('reads education and transport as corporate', () => {
    assert.equal(suggestProcedure({ ...unknown, text: 'The EHCP review is months late' })?.procedure, 'corporate');
    assert.equal(
      suggestProcedure({ ...unknown, text: 'Home to school transport did not turn up' })?.procedure,
      'corporate',
    );
  });

  it('suggests nothing when the words point both ways, or nowhere, or are only part of a word', () => {
    assert.equal(suggestProcedure({ ...unknown, text: 'The social worker and the school admissions team' }), null);
    assert.equal(suggestProcedure({ ...unknown, text: 'Nobody answered my letter' }), null);
    assert.equal(suggestProcedure({ ...unknown, text: 'Please send me the information' }), null);
    assert.equal(suggestProcedure({ ...unknown, text: 'The fostering of good relations' }), null);
  });

  it('lets what is recorded win over the words', () => {
    const s = suggestProcedure({ ...unknown, childGroupCode: 'SEND', text: 'our social worker' });
    assert.equal(s?.procedure, 'corporate');
    assert.match(s!.reason, /SEND/);
  });
});
