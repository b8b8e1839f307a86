import assert from 'node:assert/strict';
import { it } from 'node:test';
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
