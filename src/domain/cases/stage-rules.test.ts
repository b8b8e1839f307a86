import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nextStages } from '../procedures/flow.ts';
import { procedureDefinition, stageDefinition } from '../procedures/registry.ts';
import {
  checkEscalation,
  checkIndependence,
  checkOmbudsmanDecision,
  checkStageDates,
  checkStageFields,
  checkStageRole,
  type Person,
} from './stage-rules.ts';

const statutory = procedureDefinition('childrens_statutory');
const next = (key: string | null, reached: ('stage1' | 'stage2' | 'stage3' | 'lgsco')[]) =>
  nextStages(key ? procedureDefinition(key) : null, reached);
const stage2 = stageDefinition(statutory, 'stage2')!;
const stage3 = stageDefinition(statutory, 'stage3')!;
const checkStage2Independence = (p: Person, earlier: Person[]) =>
  checkIndependence(stage2.independence[0]!, p, earlier);
const checkPanelIndependence = (p: Person, earlier: Person[]) => checkIndependence(stage3.independence[0]!, p, earlier);

describe('the stages a complaint may go to', () => {
  it('follows each procedure', () => {
    assert.deepEqual(next('childrens_statutory', []), ['stage1']);
    assert.deepEqual(next('childrens_statutory', ['stage1']), ['stage2', 'lgsco']);
    assert.deepEqual(next('childrens_statutory', ['stage1', 'stage2']), ['stage3', 'lgsco']);
    assert.deepEqual(next('childrens_statutory', ['stage1', 'stage2', 'stage3']), ['lgsco']);
    assert.deepEqual(next('corporate', ['stage1', 'stage2']), ['lgsco']);
    assert.deepEqual(next('adult_social_care_statutory', ['stage1']), ['lgsco']);
    assert.deepEqual(next('childrens_statutory', ['stage1', 'lgsco']), []);
    assert.deepEqual(next('out_of_scope', []), []);
    assert.deepEqual(next(null, []), []);
  });
});

describe('escalation', () => {
  const facts = {
    procedure: statutory,
    reached: ['stage1' as const],
    previousRespondedOn: '2024-03-13',
    previousOverdue: false,
    requestWithinWindow: true,
  };
  const today = '2024-04-30';
  it('is allowed in time, or late with a reason', () => {
    assert.equal(checkEscalation('stage2', facts, { requestedOn: '2024-03-20', today }), null);
    assert.equal(
      checkEscalation('stage2', { ...facts, requestWithinWindow: false }, { requestedOn: '2024-04-29', today })?.code,
      'STAGE.LATE_REQUEST',
    );
    assert.equal(
      checkEscalation(
        'stage2',
        { ...facts, requestWithinWindow: false },
        { requestedOn: '2024-04-29', lateReason: 'In hospital', today },
      ),
      null,
    );
  });
  it('is refused out of order, before the answer, or into the future', () => {
    assert.equal(checkEscalation('stage3', facts, { requestedOn: '2024-03-20', today })?.code, 'STAGE.NOT_NEXT');
    assert.equal(
      checkEscalation('stage2', { ...facts, previousRespondedOn: null }, { requestedOn: '2024-03-20', today })?.code,
      'STAGE.PREVIOUS_OPEN',
    );
    assert.equal(
      checkEscalation(
        'stage2',
        { ...facts, previousRespondedOn: null, previousOverdue: true },
        { requestedOn: '2024-03-20', today },
      ),
      null,
      'an overdue Stage 1 may be escalated',
    );
    assert.equal(checkEscalation('stage2', facts, { requestedOn: '2024-03-12', today })?.code, 'STAGE.DATES_BACKWARDS');
    assert.equal(checkEscalation('stage2', facts, { requestedOn: '2024-05-01', today })?.code, 'STAGE.FUTURE_DATE');
    assert.equal(
      checkEscalation('stage2', { ...facts, procedure: null as never }, { requestedOn: '2024-03-20', today })?.code,
      'STAGE.NO_PROCEDURE',
    );
  });
});

describe('independence', () => {
  it('the Stage 1 investigator cannot act at Stage 2, by account or by name', () => {
    assert.equal(
      checkStage2Independence({ userId: 'u1', name: 'Priya Shah' }, [{ userId: 'u1', name: 'Priya Shah' }])?.code,
      'STAGE.NOT_INDEPENDENT',
    );
    assert.equal(
      checkStage2Independence({ name: 'priya  SHAH' }, [{ name: 'Priya Shah' }])?.code,
      'STAGE.NOT_INDEPENDENT',
    );
    assert.equal(checkStage2Independence({ name: 'Ann Other' }, [{ userId: 'u1', name: 'Priya Shah' }]), null);
  });
  it('the Stage 2 independent person cannot sit on the panel', () => {
    assert.equal(
      checkPanelIndependence({ name: 'Tom Reed' }, [{ name: 'Tom Reed' }])?.code,
      'STAGE.PANEL_NOT_INDEPENDENT',
    );
    assert.equal(checkPanelIndependence({ name: 'Jo Ray' }, [{ name: 'Tom Reed' }]), null);
  });
});

describe('dates within a stage', () => {
  it('run forwards and not into the future', () => {
    assert.deepEqual(
      checkStageDates(
        stage2,
        {
          receivedOn: '2024-03-01',
          requestedOn: '2024-03-20',
          statementAgreedOn: '2024-04-02',
          respondedOn: '2024-05-01',
        },
        '2024-05-02',
      ),
      [],
    );
    assert.deepEqual(
      checkStageDates(
        stage2,
        { receivedOn: '2024-03-01', requestedOn: '2024-03-20', statementAgreedOn: '2024-03-10' },
        '2024-05-02',
      ).map((e) => e.field),
      ['statementAgreedOn'],
    );
    assert.deepEqual(
      checkStageDates(
        stage2,
        { receivedOn: '2024-03-01', startedOn: '2024-03-01', respondedOn: '2024-02-28' },
        '2024-05-02',
      ).map((e) => e.field),
      ['respondedOn'],
    );
    assert.deepEqual(
      checkStageDates(stage2, { receivedOn: '2024-03-01', respondedOn: '2024-06-01' }, '2024-05-02').map((e) => e.code),
      ['STAGE.FUTURE_DATE'],
    );
  });
});

describe('what a stage records', () => {
  it('refuses a date, cost or section its definition does not have, and takes what it has', () => {
    const stage1 = stageDefinition(statutory, 'stage1')!;
    assert.deepEqual(
      checkStageFields(stage1, {
        respondedOn: '2024-03-01',
        panelHeldOn: '2099-01-01',
        panelCostPence: 500000,
        lgscoDecision: 'upheld',
        outcome: 'upheld',
        unrelated: 'ignored',
        investigatorCostPence: undefined,
      }).map((e) => e.field),
      ['panelHeldOn', 'panelCostPence', 'lgscoDecision'],
    );
    assert.deepEqual(checkStageFields(stage3, { panelHeldOn: '2024-05-01', panelRecommendations: 'x' }), []);
  });
});

describe('what each stage insists on', () => {
  it('keeps a date a clock starts from: it may change, never be removed', () => {
    const lgsco = stageDefinition(statutory, 'lgsco')!;
    assert.deepEqual(
      checkStageFields(lgsco, { lgscoEnquiryReceivedOn: null, lgscoDecisionOn: null }).map((e) => [e.code, e.field]),
      [['STAGE.DATE_REQUIRED', 'lgscoEnquiryReceivedOn']],
    );
    assert.deepEqual(checkStageFields(lgsco, { lgscoEnquiryReceivedOn: '2024-05-01' }), []);
  });

  it('records the Ombudsman’s decision with its date, or neither', () => {
    assert.deepEqual(
      checkOmbudsmanDecision({ lgscoDecision: 'upheld', lgscoDecisionOn: null })[0]?.field,
      'lgscoDecisionOn',
    );
    assert.deepEqual(
      checkOmbudsmanDecision({ lgscoDecision: null, lgscoDecisionOn: '2024-05-01' })[0]?.field,
      'lgscoDecision',
    );
    assert.deepEqual(checkOmbudsmanDecision({ lgscoDecision: 'upheld', lgscoDecisionOn: '2024-05-01' }), []);
  });

  it('names on a stage only the roles its definition has', () => {
    const stage1 = stageDefinition(statutory, 'stage1')!;
    assert.equal(checkStageRole(stage1, 'panel_chair')?.message, 'Stage 1 has no panel chair');
    assert.equal(checkStageRole(stage3, 'panel_chair'), null);
  });

  it('names the date it may not be before as the page does, in words', () => {
    assert.deepEqual(
      checkStageDates(
        stage2,
        { receivedOn: '2024-03-01', requestedOn: '2024-04-01', startedOn: '2024-04-01', respondedOn: '2024-03-20' },
        '2024-05-02',
      ),
      [
        {
          code: 'STAGE.DATES_BACKWARDS',
          message: 'This cannot be before “Requested” (1 April 2024)',
          field: 'respondedOn',
        },
      ],
    );
  });
});
