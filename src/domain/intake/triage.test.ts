import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateTriage, type TriageFacts, type TriageInput } from './triage.ts';

const facts: TriageFacts = {
  currentType: 'complaint',
  currentProcedure: null,
  receivedOn: '2024-03-27',
  today: '2024-03-28',
  childComplainant: false,
  onBehalfOfChild: true,
  timeLimitMonths: 12,
  alreadyAcknowledged: false,
};
const ok: TriageInput = {
  type: 'complaint',
  procedure: 'childrens_statutory',
  procedureReason: 'Social care',
  decision: 'stage1',
  teamId: 't',
  investigatingManagerId: 'm',
  consentNote: 'Parent with parental responsibility; child is 4',
  eventsOn: '2024-03-01',
};
const fields = (i: Partial<TriageInput>, f: Partial<TriageFacts> = {}) =>
  validateTriage({ ...ok, ...i }, { ...facts, ...f }).map((p) => p.field);

describe('triage rules', () => {
  it('a complete Stage 1 acceptance passes', () => assert.deepEqual(fields({}), []));
  it('a corrected type needs a reason', () =>
    assert.deepEqual(fields({ type: 'question', decision: 'record', procedure: null }), ['typeReason']));
  it('a complaint needs a procedure and its reason', () => {
    assert.deepEqual(fields({ procedure: null }), ['procedure']);
    assert.deepEqual(fields({ procedureReason: ' ' }), ['procedureReason']);
  });
  it('a complaint about events over 12 months old needs a reason to accept it', () => {
    assert.deepEqual(fields({ eventsOn: '2023-03-26' }), ['lateAcceptanceReason']);
    assert.deepEqual(fields({ eventsOn: '2023-03-27' }), []);
    assert.deepEqual(
      fields({ eventsOn: '2023-03-26', lateAcceptanceReason: 'The family only learned of it in January' }),
      [],
    );
    assert.deepEqual(fields({ eventsOn: '2024-03-28' }), ['eventsOn']);
  });
  it('a child complainant must have been offered advocacy; a representative needs the child’s consent or a reason', () => {
    assert.deepEqual(fields({ consentNote: '' }, { childComplainant: true, onBehalfOfChild: false }), [
      'advocacyOfferedOn',
    ]);
    assert.deepEqual(fields({ consentNote: '' }), ['consentObtainedOn']);
    assert.deepEqual(fields({ consentNote: '', consentObtainedOn: '2024-03-28' }), []);
  });
  it('dates cannot run backwards or into the future', () => {
    assert.deepEqual(fields({ acknowledgedOn: '2024-03-26' }), ['acknowledgedOn']);
    assert.deepEqual(fields({ acknowledgedOn: '2024-03-29' }), ['acknowledgedOn']);
  });
  it('each decision has its own needs', () => {
    assert.deepEqual(fields({ teamId: null, investigatingManagerId: null }), ['teamId', 'investigatingManagerId']);
    assert.deepEqual(fields({ decision: 'record' }), ['decision']);
    assert.deepEqual(fields({ decision: 'signpost', procedure: 'out_of_scope' }), ['signposting']);
    assert.deepEqual(fields({ decision: 'stage1', procedure: 'out_of_scope' }), ['decision']);
    assert.deepEqual(fields({ decision: 'concern', procedure: null }), []);
    assert.deepEqual(fields({ type: 'compliment', typeReason: 'x', decision: 'concern', procedure: null }), [
      'decision',
    ]);
  });
});
