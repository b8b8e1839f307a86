import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { shippedTestCalendar } from '../../../test/support/calendar.ts';
import { caseClocks, nextClock, type CaseClockFacts } from './case-clocks.ts';
import { explainClock } from './explain.ts';
import { presetAsPolicy, PRESETS } from './presets.ts';
import { policyInForce } from './policy-in-force.ts';
import { validatePolicy } from './rules.ts';
import { checkTimeLimit } from './time-limit.ts';

const cal = shippedTestCalendar();
const statutory = presetAsPolicy('childrens_statutory');

const complaint: CaseClockFacts = {
  type: 'complaint',
  procedure: 'childrens_statutory',
  receivedOn: '2024-02-28',
  acknowledgedOn: '2024-03-01',
  stages: [
    { kind: 'stage1', startedOn: '2024-02-28', respondedOn: '2024-03-13' },
    { kind: 'stage2', requestedOn: '2024-03-20', startedOn: '2024-03-20', statementAgreedOn: '2024-04-03' },
  ],
  events: [
    {
      clock: 'stage2_investigation',
      kind: 'extended',
      on: '2024-04-20',
      days: 20,
      reason: 'many records',
      complainantAgreed: true,
      agreedOn: '2024-04-20',
    },
  ],
};

describe('the clocks of one case', () => {
  const clocks = caseClocks(complaint, statutory, cal, '2024-05-01');
  const by = (name: string) => clocks.find((c) => c.clock === name)!;

  it('runs each clock from its own event', () => {
    assert.deepEqual(
      clocks.map((c) => [c.clock, c.result.startedOn, c.result.dueOn, c.result.status]),
      [
        ['acknowledgement', '2024-02-28', '2024-03-04', 'met_within_base'],
        ['stage1_response', '2024-02-28', '2024-03-13', 'met_within_base'],
        ['stage2_request', '2024-03-13', '2024-04-12', 'met_within_base'],
        // 25 working days from the agreed statement (3 April), extended by 20 to 45: due 7 June (6 May and 27 May are bank holidays).
        ['stage2_investigation', '2024-04-03', '2024-06-07', 'on_time'],
      ],
    );
    assert.equal(by('stage2_investigation').result.baseDueOn, '2024-05-09');
  });

  it('gives the clock that matters next', () => {
    assert.equal(nextClock(clocks)?.clock, 'stage2_investigation');
  });

  it('explains a deadline in words, naming the days it skipped', () => {
    const lines = explainClock(
      by('stage1_response').rule,
      by('stage1_response').startEvent,
      by('stage1_response').result,
      cal,
    );
    assert.deepEqual(lines.slice(0, 2), [
      'Starts 28 February 2024 (the day the complaint was received), counted as day 0.',
      '10 working days → due 13 March 2024. Working days are Monday to Friday, except bank holidays and council closure days.',
    ]);
    assert.match(lines.join('\n'), /Done 13 March 2024, after 10 working days: met within timescale\./);
    assert.match(lines.join('\n'), /Rule: Children Act 1989 Representations Procedure/);
    const easter = caseClocks(
      { ...complaint, receivedOn: '2024-03-27', stages: [{ kind: 'stage1', startedOn: '2024-03-27' }], events: [] },
      statutory,
      cal,
      '2024-04-03',
    );
    const s1 = easter.find((c) => c.clock === 'stage1_response')!;
    const text = explainClock(s1.rule, s1.startEvent, s1.result, cal).join('\n');
    assert.match(text, /due 12 April 2024/);
    assert.match(text, /Skipped: 29 March 2024 Good Friday; 1 April 2024 Easter Monday\./);
    assert.match(text, /On time: 7 working days left\./);
    const ext = explainClock(
      by('stage2_investigation').rule,
      'statement_agreed',
      by('stage2_investigation').result,
      cal,
    ).join('\n');
    assert.match(
      ext,
      /Extended by 20 working days on 20 April 2024 with the complainant's agreement on 20 April 2024 \(many records\)\./,
    );
    assert.match(ext, /With extensions: 45 working days \(at most 65\) → due 7 June 2024\./);
  });

  it('an undecided complaint runs only the acknowledgement clock; a concern its 48 hours', () => {
    const undecided = caseClocks(
      { type: 'complaint', procedure: null, receivedOn: '2024-06-03', stages: [], events: [] },
      null,
      cal,
      '2024-06-04',
    );
    assert.deepEqual(undecided, []);
    const withPolicy = caseClocks(
      { type: 'complaint', procedure: null, receivedOn: '2024-06-03', stages: [], events: [] },
      statutory,
      cal,
      '2024-06-04',
    );
    assert.deepEqual(
      withPolicy.map((c) => c.clock),
      ['acknowledgement'],
    );
    const concern = caseClocks(
      { type: 'concern', procedure: null, receivedOn: '2024-06-07', stages: [], events: [] },
      null,
      cal,
      '2024-06-10',
    );
    assert.deepEqual(
      concern.map((c) => [c.clock, c.result.dueOn, c.result.status]),
      [['concern_resolution', '2024-06-11', 'due_soon']],
    );
  });

  it('under the Complaint Handling Code, Stage 1 runs from the acknowledgement', () => {
    const code = presetAsPolicy('complaint_handling_code');
    const clocks = caseClocks(
      {
        type: 'complaint',
        procedure: 'corporate',
        receivedOn: '2026-04-13',
        acknowledgedOn: '2026-04-17',
        stages: [{ kind: 'stage1', startedOn: '2026-04-13' }],
        events: [],
      },
      code,
      cal,
      '2026-04-20',
    );
    assert.deepEqual(
      clocks.map((c) => [c.clock, c.result.startedOn, c.result.dueOn]),
      [
        ['acknowledgement', '2026-04-13', '2026-04-20'],
        ['stage1_response', '2026-04-17', '2026-05-01'],
      ],
    );
  });
});

describe('which rules apply', () => {
  it('a case keeps the policy in force when it arrived', () => {
    const policies = [
      { id: 'old', procedure: 'corporate' as const, effectiveFrom: '2000-01-01' },
      { id: 'code', procedure: 'corporate' as const, effectiveFrom: '2026-04-01' },
      { id: 'stat', procedure: 'childrens_statutory' as const, effectiveFrom: '2006-09-01' },
    ];
    assert.equal(policyInForce(policies, 'corporate', '2026-03-31')?.id, 'old');
    assert.equal(policyInForce(policies, 'corporate', '2026-04-01')?.id, 'code');
    assert.equal(policyInForce(policies, 'childrens_statutory', '2005-01-01'), null);
  });

  it('every shipped preset is valid and every rule cites a source', () => {
    for (const preset of Object.values(PRESETS)) {
      assert.deepEqual(validatePolicy(preset), [], preset.key);
      for (const rule of Object.values(preset.rules))
        assert.ok(rule.source.length > 20, `${preset.key} cites a source`);
    }
    assert.equal(PRESETS.childrens_statutory.rules.stage1_response!.extendableTo, 20);
    assert.equal(PRESETS.childrens_statutory.rules.stage2_investigation!.extendableTo, 65);
  });

  it('refuses an edited policy with impossible numbers, listing each', () => {
    const bad = presetAsPolicy('childrens_statutory');
    bad.rules.stage1_response!.days = 0;
    bad.rules.stage2_investigation!.extendableTo = 10;
    bad.rules.stage2_investigation!.startsOn = 'panel_held';
    assert.deepEqual(
      validatePolicy(bad).map((p) => `${p.clock}.${p.field}`),
      ['stage1_response.days', 'stage2_investigation.extendableTo', 'stage2_investigation.startsOn'],
    );
  });
});

describe('the 12-month time limit for making a complaint', () => {
  it('flags a complaint about events over 12 months old', () => {
    assert.deepEqual(checkTimeLimit('2023-05-01', '2024-05-01'), { late: false, limitOn: '2024-05-01' });
    assert.deepEqual(checkTimeLimit('2023-05-01', '2024-05-02'), { late: true, limitOn: '2024-05-01', monthsLate: 0 });
    assert.deepEqual(checkTimeLimit('2022-02-28', '2024-03-30'), { late: true, limitOn: '2023-02-28', monthsLate: 13 });
    assert.deepEqual(checkTimeLimit('2023-02-28', '2024-02-29'), { late: true, limitOn: '2024-02-28', monthsLate: 0 });
  });
});

describe('a closed case whose acknowledgement was never recorded', () => {
  // Received Wednesday 28 February 2024: acknowledgement due in 2 working days, Friday 1 March.
  const answered = (closedOn: string): CaseClockFacts => ({
    ...complaint,
    acknowledgedOn: null,
    closedOn,
    stages: [{ kind: 'stage1', startedOn: '2024-02-28', respondedOn: closedOn }],
    events: [],
  });
  const acknowledgement = (closedOn: string) =>
    caseClocks(answered(closedOn), statutory, cal, '2024-11-30').find((c) => c.clock === 'acknowledgement')!;

  it('is not "due soon" or "overdue" months later: closed before the due date, it was no longer needed', () => {
    const k = acknowledgement('2024-02-29');
    assert.equal(k.result.status, 'closed_before_due');
    assert.equal(k.result.daysRemaining, null);
    assert.equal(k.result.caseClosedOn, '2024-02-29');
    assert.match(
      explainClock(k.rule, k.startEvent, k.result, cal).join(' '),
      /The case closed 29 February 2024 without it, before it was due: no longer needed\./,
    );
  });

  it('closed after its due date without it, it was missed, judged as at the closing day', () => {
    const k = acknowledgement('2024-03-13');
    assert.equal(k.result.status, 'missed');
    assert.equal(k.result.daysUsed, 10);
    assert.match(explainClock(k.rule, k.startEvent, k.result, cal).join(' '), /after the due date: missed\./);
  });

  it('is never the clock that matters next', () => {
    assert.equal(nextClock(caseClocks(answered('2024-02-29'), statutory, cal, '2024-11-30')), null);
  });
});
