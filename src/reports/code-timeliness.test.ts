import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createWorkingDayCalendar } from '../domain/calendar/working-days.ts';
import { codeTimeliness } from './code-timeliness.ts';
import { CODE_REQUIREMENTS } from './code-self-assessment.ts';
import type { PeriodFigures } from './figures.ts';

const calendar = createWorkingDayCalendar({
  bankHolidays: [{ date: '2025-05-05', title: 'Early May bank holiday' }],
  firstYear: 2025,
  lastYear: 2026,
});

describe('timeliness against the Complaint Handling Code', () => {
  const t = codeTimeliness(
    [
      // Friday to the next Friday, over the bank holiday: 4 working days.
      { receivedOn: '2025-05-02', acknowledgedOn: '2025-05-09' },
      // To the Monday after: 5 working days (6 if the bank holiday counted).
      { receivedOn: '2025-05-02', acknowledgedOn: '2025-05-12' },
      // Monday to the next Tuesday: 6 working days.
      { receivedOn: '2025-06-02', acknowledgedOn: '2025-06-10' },
      { receivedOn: '2025-06-02', acknowledgedOn: null },
    ],
    [
      { stage: 'stage1', days: 10 },
      { stage: 'stage1', days: 11 },
      { stage: 'stage1', days: 21 },
      { stage: 'stage1', days: null },
      { stage: 'stage2', days: 20 },
      { stage: 'stage2', days: 25 },
    ],
    calendar,
  );

  it('counts acknowledgements within 5 working days, bank holidays not counted', () => {
    assert.equal(t.complaints, 4);
    assert.equal(t.acknowledgedWithin5, 2);
    assert.equal(t.notAcknowledged, 1);
  });

  it('counts Stage 1 within 10 and 20 working days and Stage 2 within 20 and 30, leaving untimed ones out', () => {
    assert.deepEqual(t.stage1, { responses: 3, within10: 1, within20: 2 });
    assert.deepEqual(t.stage2, { responses: 2, within20: 1, within30: 2 });
  });

  it('gives each requirement’s evidence in words, with the percentage rounded', () => {
    const evidence = (key: string) =>
      CODE_REQUIREMENTS.find((r) => r.key === key)!.evidence!({
        codeTimeliness: t,
        timescales: [],
      } as unknown as PeriodFigures);
    assert.equal(
      evidence('6.2'),
      '2 of 4 complaints received (50%) acknowledged within 5 working days; 1 with no acknowledgement date recorded.',
    );
    assert.equal(evidence('6.3'), '1 of 3 Stage 1 responses (33%) within 10 working days.');
    assert.equal(evidence('s6-stage2'), '1 of 2 Stage 2 responses (50%) within 20 working days; 2 within 30.');
  });
});
