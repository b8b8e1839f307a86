import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { availableActions } from './actions.ts';
import { previousStage, stageOfClock } from './flow.ts';
import { allProcedures, definitionProblems, procedureDefinition, registerProcedure } from './registry.ts';

describe('procedure definitions', () => {
  it('the shipped ones have no problems', () => {
    for (const d of allProcedures()) assert.deepEqual(definitionProblems(d), [], d.key);
  });

  it('a definition that leads backwards, or stops a clock on a date it never records, is refused', () => {
    const statutory = procedureDefinition('childrens_statutory');
    const broken = {
      ...statutory,
      key: 'broken',
      stages: [
        { ...statutory.stages[0]!, next: ['stage2' as const] },
        { ...statutory.stages[1]!, next: ['stage1' as const], dates: [] },
      ],
    };
    assert.deepEqual(definitionProblems(broken), [
      'Stage 2 may only lead to a later stage',
      'Stage 2: stage2_request stops on requestedOn, which the stage does not record',
      'Stage 2: stage2_investigation stops on respondedOn, which the stage does not record',
    ]);
    assert.throws(() => registerProcedure(broken), /may only lead to a later stage/);
    assert.throws(() => registerProcedure(statutory), /already exists/);
  });

  it('knows which stage an escalation follows, and which stage runs a clock', () => {
    const statutory = procedureDefinition('childrens_statutory');
    assert.equal(previousStage(statutory, 'lgsco', ['stage1', 'stage2'])?.kind, 'stage2');
    assert.equal(previousStage(statutory, 'stage3', ['stage1', 'stage2'])?.kind, 'stage2');
    assert.equal(stageOfClock(statutory, 'stage3_chair_report'), 'stage3');
    assert.equal(stageOfClock(statutory, 'acknowledgement'), null);
  });

  it('offers nothing to a role that cannot change cases, and only reopening on a closed case', () => {
    const state = {
      type: 'complaint' as const,
      status: 'closed' as const,
      procedure: 'corporate',
      stages: [{ kind: 'stage1' as const, answered: true }],
    };
    assert.deepEqual(availableActions(state, { role: 'senior_manager', allocated: true }), []);
    assert.deepEqual(availableActions(state, { role: 'investigating_manager', allocated: false }), []);
    assert.deepEqual(
      availableActions(state, { role: 'complaints_officer', allocated: false }).map((a) => a.action),
      [
        'acknowledge',
        'record_learning',
        'reopen',
        'link',
        'attach_file',
        'issue_letter',
        'quote_in_report',
        'update_details',
        'update_people',
      ],
    );
    const open = { ...state, status: 'open' as const };
    assert.deepEqual(
      availableActions(open, { role: 'investigating_manager', allocated: true })
        .filter((a) => a.action === 'escalate')
        .map((a) => a.stage),
      ['stage2', 'lgsco'],
    );
  });
});
