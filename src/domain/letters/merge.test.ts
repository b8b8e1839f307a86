import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { shippedTestCalendar } from '../../../test/support/calendar.ts';
import { CHILDRENS_STATUTORY } from '../procedures/childrens-statutory.ts';
import { CORPORATE } from '../procedures/corporate.ts';
import type { CaseClockFacts } from '../timescales/case-clocks.ts';
import { presetAsPolicy } from '../timescales/presets.ts';
import { findingsText, remediesText } from './case-content.ts';
import { DEFAULT_LETTERS, defaultLetter, letterFitsProcedure, SUPERSEDED_LETTERS } from './default-letters.ts';
import { renderLetter } from './merge.ts';
import { nextStepAfter, nextStepText } from './next-steps.ts';
import { procedureName } from './procedure-wording.ts';
import { unfinishedParts } from './unfinished.ts';

const calendar = shippedTestCalendar();

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

it('every superseded letter is a shipped one, and differs from its words today', () => {
  for (const old of SUPERSEDED_LETTERS) {
    const now = defaultLetter(old.key);
    assert.ok(now, old.key);
    assert.notEqual(old.body, now.body, old.key);
  }
});

/** A children's statutory complaint answered at Stage 1 on Wednesday 10 April 2024. */
const facts = (procedure: string, stages: CaseClockFacts['stages']): CaseClockFacts => ({
  type: 'complaint',
  procedure,
  receivedOn: '2024-03-27',
  acknowledgedOn: '2024-03-28',
  stages,
  events: [],
});

const heads = [
  {
    summary: 'The social worker did not return\ncalls for three weeks.',
    finding: 'Calls logged 4 to 25 March were not returned.',
    outcome: 'upheld' as const,
  },
  {
    summary: 'The assessment was late.',
    finding: 'It was completed within the 45 working days allowed.',
    outcome: 'not_upheld' as const,
  },
];

describe('a Stage 1 response under the children’s statutory procedure', () => {
  const step = nextStepAfter({
    procedure: CHILDRENS_STATUTORY,
    answered: 'stage1',
    answeredOn: '2024-04-10',
    facts: facts('childrens_statutory', [{ kind: 'stage1', startedOn: '2024-03-27' }]),
    policy: presetAsPolicy('childrens_statutory'),
    calendar,
  });

  it('offers Stage 2 by the last day of its window: 20 working days from the response, skipping the May bank holiday', () => {
    assert.deepEqual(step, {
      kind: 'stage',
      stage: 'stage2',
      description:
        'an investigation by an independent investigating officer, with an independent person overseeing it (Stage 2)',
      by: '2024-05-09',
      within: '20 working days',
    });
  });

  it('merges the heads with their findings, the remedies and the next steps, leaving nothing to write', () => {
    const t = defaultLetter('stage1_response')!;
    const fields = {
      complainant_name: 'Sarah Jones',
      reference: 'CS-2024-00001',
      received_on: '27 March 2024',
      stage_name: 'Stage 1',
      procedure_name: procedureName(CHILDRENS_STATUTORY),
      outcome: 'partially upheld',
      findings: findingsText(heads)!,
      remedies: remediesText([
        { type: 'Apology', description: 'A written apology from the team manager', amountPence: null },
        { type: 'Financial remedy (amount in pounds)', description: 'For the time and trouble', amountPence: 25000 },
      ])!,
      next_steps: nextStepText(step, CHILDRENS_STATUTORY)!,
      investigating_manager: 'Priya Shah',
      team: 'Assessment Team 1',
      council_name: 'Example Council',
      council_contact: 'Phone: 01234 567890',
    };
    const body = renderLetter(t.body, fields);
    assert.deepEqual(body.missing, []);
    assert.deepEqual(unfinishedParts(renderLetter(t.subject, fields).text, body.text), []);
    assert.match(
      body.text,
      /at Stage 1 of the statutory children's social care complaints procedure\. Our overall finding is: partially upheld\./,
    );
    assert.match(
      body.text,
      /1\. The social worker did not return calls for three weeks\.\nWhat we found: Calls logged 4 to 25 March were not returned\.\nOur decision on this point: upheld\.\n\n2\. The assessment was late\./,
    );
    assert.match(
      body.text,
      /- Apology: A written apology from the team manager\n- Financial remedy: For the time and trouble \(£250\.00\)/,
    );
    assert.match(
      body.text,
      /you can ask for an investigation by an independent investigating officer, with an independent person overseeing it \(Stage 2\) under the statutory children's social care complaints procedure\. To do so, please tell us by 9 May 2024 \(20 working days from the date of this response\)/,
    );
    assert.match(body.text, /Example Council\nPhone: 01234 567890$/);
  });

  it('a head with no finding yet is merged as an instruction, which stops the letter', () => {
    const text = findingsText([heads[0]!, { summary: 'Nobody told me.', finding: '  ', outcome: null }])!;
    assert.match(text, /2\. Nobody told me\.\nWhat we found: \[Write what we found about point 2\]$/);
    assert.deepEqual(
      unfinishedParts('s', text).map((p) => [p.kind, p.line, p.text]),
      [['instruction', 6, '[Write what we found about point 2]']],
    );
  });

  it('with no heads or remedies recorded, the fields are empty, and the letter says so where they go', () => {
    assert.equal(findingsText([]), null);
    assert.equal(remediesText([]), null);
    const body = renderLetter(defaultLetter('stage1_response')!.body, { complainant_name: 'Sarah Jones' });
    assert.ok(body.missing.includes('findings') && body.missing.includes('remedies'));
    assert.ok(unfinishedParts('s', body.text).some((p) => p.kind === 'empty_field' && p.field === 'findings'));
  });
});

describe('a Stage 2 outcome under the children’s statutory procedure', () => {
  const step = nextStepAfter({
    procedure: CHILDRENS_STATUTORY,
    answered: 'stage2',
    answeredOn: '2024-06-03',
    facts: facts('childrens_statutory', [
      { kind: 'stage1', startedOn: '2024-03-27', respondedOn: '2024-04-10' },
      {
        kind: 'stage2',
        requestedOn: '2024-04-20',
        startedOn: '2024-04-22',
        statementAgreedOn: '2024-04-29',
        respondedOn: '2024-06-03',
      },
    ]),
    policy: presetAsPolicy('childrens_statutory'),
    calendar,
  });

  it('offers the review panel (Stage 3), 20 working days from the Stage 2 response', () => {
    assert.equal(step.kind, 'stage');
    assert.equal(step.kind === 'stage' && step.stage, 'stage3');
    assert.equal(step.kind === 'stage' && step.by, '2024-07-01');
  });

  it('merges the Stage 2 heads with their findings and offers the review panel', () => {
    const t = defaultLetter('stage2_outcome')!;
    const fields = {
      complainant_name: 'Sarah Jones',
      reference: 'CS-2024-00001',
      stage_name: 'Stage 2',
      procedure_name: procedureName(CHILDRENS_STATUTORY),
      outcome: 'upheld',
      findings: findingsText([heads[0]!])!,
      remedies: remediesText([{ type: 'Apology', description: null, amountPence: null }])!,
      next_steps: nextStepText(step, CHILDRENS_STATUTORY)!,
      council_name: 'Example Council',
    };
    const subject = renderLetter(t.subject, fields);
    const body = renderLetter(t.body, fields);
    assert.equal(subject.text, 'The outcome of Stage 2: CS-2024-00001');
    assert.deepEqual(unfinishedParts(subject.text, body.text), []);
    assert.match(
      body.text,
      /Stage 2 of the statutory children's social care complaints procedure has finished looking into your complaint/,
    );
    assert.match(body.text, /What we found: Calls logged 4 to 25 March were not returned\./);
    assert.match(body.text, /a review panel of three people independent of the council \(Stage 3\).*by 1 July 2024/);
    assert.doesNotMatch(body.text, /Ombudsman/);
  });
});

describe('the corporate procedure', () => {
  const corporateFacts = facts('corporate', [{ kind: 'stage1', startedOn: '2024-03-27' }]);
  it('after Stage 1, offers a senior manager’s review (Stage 2) in its own words', () => {
    const step = nextStepAfter({
      procedure: CORPORATE,
      answered: 'stage1',
      answeredOn: '2024-04-10',
      facts: corporateFacts,
      policy: presetAsPolicy('corporate_council'),
      calendar,
    });
    const text = nextStepText(step, CORPORATE)!;
    assert.match(
      text,
      /^If you are not satisfied with this response, you can ask for a review of your complaint by a senior manager who was not involved before \(Stage 2\) under the council's corporate complaints procedure\. To do so, please tell us by 9 May 2024/,
    );
  });

  it('after Stage 2, its last local stage, gives the Ombudsman’s details instead of a review panel', () => {
    const step = nextStepAfter({
      procedure: CORPORATE,
      answered: 'stage2',
      answeredOn: '2024-06-03',
      facts: corporateFacts,
      policy: presetAsPolicy('corporate_council'),
      calendar,
    });
    assert.deepEqual(step, { kind: 'ombudsman' });
    const text = nextStepText(step, CORPORATE)!;
    assert.match(text, /final response under the council's corporate complaints procedure/);
    assert.match(text, /Local Government and Social Care Ombudsman.*www\.lgo\.org\.uk or call 0300 061 0614/);
    assert.doesNotMatch(text, /panel/);
  });

  it('offers no review panel letter: its procedure has no Stage 3', () => {
    assert.equal(letterFitsProcedure('stage3_response', CORPORATE), false);
    assert.equal(letterFitsProcedure('stage3_response', CHILDRENS_STATUTORY), true);
    assert.equal(letterFitsProcedure('stage1_response', null), false);
    assert.equal(letterFitsProcedure('acknowledgement', null), true);
  });
});
