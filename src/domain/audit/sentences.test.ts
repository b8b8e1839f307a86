import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { auditSentence, fieldLabel, type AuditNames } from './sentences.ts';

const MANAGER = '11111111-1111-4111-8111-111111111111';
const TEAM = '22222222-2222-4222-8222-222222222222';
const OTHER_TEAM = '33333333-3333-4333-8333-333333333333';
const CATEGORY = '44444444-4444-4444-8444-444444444444';
const GONE = '55555555-5555-4555-8555-555555555555';
const names: AuditNames = {
  user: (id) => (id === MANAGER ? 'Mo Manager' : null),
  unit: (id) => ({ [TEAM]: 'Assessment Team', [OTHER_TEAM]: 'Fostering Team' })[id] ?? null,
  item: (id) => (id === CATEGORY ? 'Communication' : null),
};

describe('audit events as sentences', () => {
  it('says what was done, with names for ids and each value before and after', () => {
    const s = auditSentence(
      {
        action: 'case.allocate',
        before: { teamId: TEAM, investigatingManagerId: null },
        after: { teamId: OTHER_TEAM, investigatingManagerId: MANAGER },
      },
      names,
    );
    assert.equal(s.summary, 'Allocated the case');
    assert.deepEqual(s.changes, ['Team: Assessment Team → Fostering Team', 'Investigating manager: none → Mo Manager']);
  });

  it('says whose details changed, by role and name, even when neither is among the changes', () => {
    // As stored: only the changed field, with who it is about beside it (recordAudit's `about`).
    const changed = auditSentence(
      {
        action: 'person.update',
        before: { lookedAfter: false },
        after: { partyRole: 'child', personName: 'Leo Jones', lookedAfter: true },
      },
      names,
    );
    assert.equal(changed.summary, 'Changed the details of the child or young person, Leo Jones');
    assert.deepEqual(changed.changes, ['Looked after: no → yes']);
    assert.equal(
      auditSentence(
        { action: 'person.add', before: null, after: { role: 'advocate', givenName: '', familyName: '' } },
        names,
      ).summary,
      'Added the advocate to the case',
    );
    assert.equal(
      auditSentence(
        {
          action: 'person.update_elsewhere',
          before: { givenName: 'Sara', familyName: 'Jones' },
          after: { changedOn: 'CS-2024-00002', givenName: 'Sarah', familyName: 'Jones' },
        },
        names,
      ).summary,
      'Changed the details of Sarah Jones, from another case',
    );
  });

  it('writes dates the GOV.UK way, money in pounds, yes and no, codes as words, lists with commas', () => {
    const s = auditSentence(
      {
        action: 'stage.update',
        before: { respondedOn: null, outcome: 'not_upheld' },
        after: {
          respondedOn: '2025-04-01',
          outcome: 'partially_upheld',
          investigatorCostPence: 125050,
          lgscoFaultFound: true,
          themes: ['Delay', 'Communication'],
        },
      },
      names,
    );
    assert.deepEqual(s.changes, [
      'Responded: none → 1 April 2025',
      'Outcome: Not upheld → Partially upheld',
      'Investigator cost: £1,250.50',
      'Fault found: yes',
      'Themes: Delay, Communication',
    ]);
  });

  it('shows a new record’s values without arrows, and an id no longer known as such', () => {
    const s = auditSentence(
      { action: 'case.create', before: null, after: { mainCategoryId: CATEGORY, channelId: GONE } },
      names,
    );
    assert.equal(s.summary, 'Recorded the case');
    assert.deepEqual(s.changes, ['Main problem category: Communication', 'Channel: a record since removed']);
  });

  it('names procedures, stages, types and templates as the pages do, and lists heads of complaint', () => {
    const s = auditSentence(
      {
        action: 'stage.escalate',
        before: { procedure: null, heads: [] },
        after: {
          procedure: 'childrens_statutory',
          stage: 'stage2',
          template: 'stage1_response',
          heads: [{ summary: 'No call back', finding: 'Calls were not returned', outcome: 'upheld' }],
        },
      },
      names,
    );
    assert.equal(s.changes.length, 4);
    assert.match(s.changes[0]!, /^Procedure: none → Children/);
    assert.deepEqual(s.changes.slice(1), [
      'Heads: none → 1. No call back: Calls were not returned (upheld)',
      'Stage: Stage 2',
      'Template: Stage 1 response',
    ]);
  });

  it('leaves out the ids of Heard’s own records', () => {
    const s = auditSentence(
      { action: 'remedy.complete', before: null, after: { remedyId: GONE, completedOn: '2025-01-02' } },
      names,
    );
    assert.deepEqual(s.changes, ['Completed: 2 January 2025']);
  });

  it('reads an action it has no words for, and cuts a very long value', () => {
    const s = auditSentence({ action: 'case.progress_checked', before: null, after: { note: 'x'.repeat(500) } }, names);
    assert.equal(s.summary, 'Case progress checked');
    assert.equal(s.changes[0]!.length, 'Note: '.length + 201);
  });

  it('names fields from their code names', () => {
    assert.equal(fieldLabel('investigatingManagerId'), 'Investigating manager');
    assert.equal(fieldLabel('panelReportReceivedOn'), 'Panel report received');
  });
});
