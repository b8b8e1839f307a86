import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { fromDayNumber, toDayNumber } from '../calendar/iso-date.ts';
import { shippedTestCalendar } from '../../../test/support/calendar.ts';
import { addMonths, checkExtension, computeClock, type ClockEventInput } from './clock-engine.ts';
import { PRESETS } from './presets.ts';

const cal = shippedTestCalendar();
const stage1 = PRESETS.childrens_statutory.rules.stage1_response!;
const stage2 = PRESETS.childrens_statutory.rules.stage2_investigation!;
const lgsco = PRESETS.childrens_statutory.rules.lgsco_enquiry!;
const asc = PRESETS.adult_social_care_statutory.rules.stage1_response!;
const ack = PRESETS.childrens_statutory.rules.acknowledgement!;

const run = (opts: {
  startedOn?: string | null;
  completedOn?: string | null;
  events?: ClockEventInput[];
  today: string;
  rule?: typeof stage1;
}) =>
  computeClock(
    {
      rule: opts.rule ?? stage1,
      startedOn: opts.startedOn === undefined ? '2024-03-27' : opts.startedOn,
      completedOn: opts.completedOn ?? null,
      events: opts.events ?? [],
      today: opts.today,
      dueSoonDays: 2,
    },
    cal,
  );

const extend = (on: string, days: number, agreed = true): ClockEventInput => ({
  kind: 'extended',
  on,
  days,
  reason: 'complex',
  complainantAgreed: agreed,
  agreedOn: agreed ? on : null,
});

describe('a Stage 1 clock across Easter 2024 (received 27 March, due 12 April)', () => {
  const table: [
    string,
    Parameters<typeof run>[0],
    { status: string; dueOn: string; daysUsed: number; daysRemaining: number | null },
  ][] = [
    ['on time', { today: '2024-04-05' }, { status: 'on_time', dueOn: '2024-04-12', daysUsed: 5, daysRemaining: 5 }],
    [
      'due soon: two working days left',
      { today: '2024-04-10' },
      { status: 'due_soon', dueOn: '2024-04-12', daysUsed: 8, daysRemaining: 2 },
    ],
    ['due today', { today: '2024-04-12' }, { status: 'due_soon', dueOn: '2024-04-12', daysUsed: 10, daysRemaining: 0 }],
    [
      'overdue the next working day',
      { today: '2024-04-15' },
      { status: 'overdue', dueOn: '2024-04-12', daysUsed: 11, daysRemaining: -1 },
    ],
    [
      'met on the due date',
      { completedOn: '2024-04-12', today: '2024-05-01' },
      { status: 'met_within_base', dueOn: '2024-04-12', daysUsed: 10, daysRemaining: null },
    ],
    [
      'missed by a day',
      { completedOn: '2024-04-15', today: '2024-05-01' },
      { status: 'missed', dueOn: '2024-04-12', daysUsed: 11, daysRemaining: null },
    ],
    [
      'extended to 20: due 26 April',
      { events: [extend('2024-04-08', 10)], today: '2024-04-16' },
      { status: 'on_time', dueOn: '2024-04-26', daysUsed: 12, daysRemaining: 8 },
    ],
    [
      'met within the extension',
      { events: [extend('2024-04-08', 10)], completedOn: '2024-04-15', today: '2024-05-01' },
      { status: 'met_within_extension', dueOn: '2024-04-26', daysUsed: 11, daysRemaining: null },
    ],
    [
      'missed even the extension',
      { events: [extend('2024-04-08', 10)], completedOn: '2024-04-29', today: '2024-05-01' },
      { status: 'missed', dueOn: '2024-04-26', daysUsed: 21, daysRemaining: null },
    ],
    [
      'two extensions up to the cap',
      { events: [extend('2024-04-08', 4), extend('2024-04-12', 6)], today: '2024-04-16' },
      { status: 'on_time', dueOn: '2024-04-26', daysUsed: 12, daysRemaining: 8 },
    ],
    [
      'extended to an agreed date',
      {
        events: [
          {
            kind: 'extended',
            on: '2024-04-08',
            to: '2024-04-19',
            reason: 'agreed date',
            complainantAgreed: true,
            agreedOn: '2024-04-08',
          },
        ],
        today: '2024-04-16',
      },
      { status: 'on_time', dueOn: '2024-04-19', daysUsed: 12, daysRemaining: 3 },
    ],
  ];
  for (const [what, input, expected] of table) {
    it(what, () => {
      const r = run(input);
      assert.deepEqual(
        { status: r.status, dueOn: r.dueOn, daysUsed: r.daysUsed, daysRemaining: r.daysRemaining },
        expected,
      );
      assert.equal(r.baseDueOn, '2024-04-12');
    });
  }

  it('an extension beyond the cap is not applied, and says why', () => {
    const r = run({ events: [extend('2024-04-08', 10), extend('2024-04-20', 1)], today: '2024-04-16' });
    assert.equal(r.dueOn, '2024-04-26');
    assert.equal(r.allowedDays, 20);
    assert.equal(r.ignored.length, 1);
    assert.match(r.ignored[0]!.why, /extended to 20 working days at most; this would make it 21/);
  });

  it('an extension without the agreement the rule needs is not applied', () => {
    const r = run({ events: [extend('2024-04-08', 10, false)], today: '2024-04-16' });
    assert.equal(r.dueOn, '2024-04-12');
    assert.equal(r.status, 'overdue');
    assert.match(r.ignored[0]!.why, /agreement/);
  });
});

describe('checking an extension before it is recorded', () => {
  it('at the cap is allowed; past it is refused with a stable code', () => {
    assert.deepEqual(checkExtension(stage1, 10, { days: 10, complainantAgreed: true }), { ok: true, newAllowed: 20 });
    assert.equal(
      (checkExtension(stage1, 10, { days: 11, complainantAgreed: true }) as { code: string }).code,
      'CLOCK.EXTENSION_OVER_CAP',
    );
    assert.equal(
      (checkExtension(stage1, 20, { days: 1, complainantAgreed: true }) as { code: string }).code,
      'CLOCK.EXTENSION_OVER_CAP',
    );
    assert.equal(
      (checkExtension(stage1, 10, { days: 5, complainantAgreed: false }) as { code: string }).code,
      'CLOCK.AGREEMENT_REQUIRED',
    );
    assert.equal((checkExtension(ack, 3, { days: 1 }) as { code: string }).code, 'CLOCK.NOT_EXTENDABLE');
    assert.equal(
      (checkExtension(stage1, 10, { days: 0, complainantAgreed: true }) as { code: string }).code,
      'CLOCK.BAD_EXTENSION',
    );
    assert.deepEqual(checkExtension(stage2, 25, { days: 40 }), { ok: true, newAllowed: 65 });
    assert.equal((checkExtension(stage2, 25, { days: 41 }) as { code: string }).code, 'CLOCK.EXTENSION_OVER_CAP');
  });
});

describe('pauses', () => {
  // Received Wednesday 20 March 2024; without a pause, due Friday 5 April (Easter skipped).
  const base = { startedOn: '2024-03-20' };
  it('without a pause', () => assert.equal(run({ ...base, today: '2024-03-21' }).dueOn, '2024-04-05'));

  it('a pause spanning Easter adds only the working days it covers', () => {
    // Paused Thursday 28 March, resumed Wednesday 3 April: Good Friday and Easter Monday were never working days, so 2 days (2 and 3 April) are added.
    const r = run({
      ...base,
      events: [
        { kind: 'paused', on: '2024-03-28', reason: 'waiting for consent' },
        { kind: 'resumed', on: '2024-04-03', reason: 'consent given' },
      ],
      today: '2024-04-04',
    });
    assert.equal(r.dueOn, '2024-04-09');
    assert.equal(r.pauses[0]!.days, 2);
    assert.equal(r.daysUsed, 7);
  });

  it('a pause still running moves the due date each working day', () => {
    const events: ClockEventInput[] = [{ kind: 'paused', on: '2024-03-28', reason: 'advocate being appointed' }];
    const r = run({ ...base, events, today: '2024-04-04' });
    assert.equal(r.status, 'paused');
    assert.equal(r.pauses[0]!.days, 3);
    assert.equal(r.dueOn, '2024-04-10');
    assert.equal(run({ ...base, events, today: '2024-04-05' }).dueOn, '2024-04-11');
  });

  it('a pause over Christmas 2023, with the clock still to run after it', () => {
    // Received Fri 15 Dec 2023: due 3 Jan without pause. Paused 20 Dec, resumed 2 Jan: 21, 22, 27, 28, 29 Dec and 2 Jan are not counted
    // (25, 26 Dec and 1 Jan never were). Counting on: 3 Jan is day 4 ... 11 Jan day 10.
    const r = run({
      startedOn: '2023-12-15',
      events: [
        { kind: 'paused', on: '2023-12-20', reason: 'court proceedings' },
        { kind: 'resumed', on: '2024-01-02', reason: 'hearing over' },
      ],
      today: '2024-01-02',
    });
    assert.equal(run({ startedOn: '2023-12-15', today: '2023-12-18' }).dueOn, '2024-01-03');
    assert.equal(r.pauses[0]!.days, 6);
    assert.equal(r.dueOn, '2024-01-11');
  });

  it('a resume without a pause, or a second pause, is ignored and reported', () => {
    const r = run({
      ...base,
      events: [
        { kind: 'resumed', on: '2024-03-22', reason: 'x' },
        { kind: 'paused', on: '2024-03-25', reason: 'a' },
        { kind: 'paused', on: '2024-03-26', reason: 'b' },
        { kind: 'resumed', on: '2024-03-27', reason: 'c' },
      ],
      today: '2024-03-28',
    });
    assert.deepEqual(
      r.ignored.map((i) => i.why),
      ['not paused', 'already paused'],
    );
    assert.equal(r.pauses.length, 1);
  });
});

describe('restarts when new concerns are added', () => {
  it('starts the count again, dropping earlier extensions', () => {
    const r = run({
      startedOn: '2024-06-03',
      events: [extend('2024-06-10', 10), { kind: 'restarted', on: '2024-06-12', reason: 'new concerns' }],
      today: '2024-06-13',
    });
    assert.equal(r.restartedOn, '2024-06-12');
    assert.equal(r.dueOn, '2024-06-26');
    assert.equal(r.extendedDueOn, null);
  });
  it('is ignored where the rule does not allow it', () => {
    const r = run({
      rule: ack,
      startedOn: '2024-06-03',
      events: [{ kind: 'restarted', on: '2024-06-04', reason: 'new concerns' }],
      today: '2024-06-04',
    });
    assert.equal(r.dueOn, '2024-06-06');
    assert.match(r.ignored[0]!.why, /does not restart/);
  });
});

describe('other units', () => {
  it('the Ombudsman enquiry: 28 calendar days, Good Friday or not', () => {
    const r = run({ rule: lgsco, startedOn: '2024-03-01', completedOn: '2024-03-28', today: '2024-04-10' });
    assert.equal(r.dueOn, '2024-03-29');
    assert.equal(r.status, 'met_within_base');
    assert.equal(r.daysUsed, 27);
  });
  it('adult social care: six months, end of month kept', () => {
    assert.equal(run({ rule: asc, startedOn: '2024-08-31', today: '2024-09-01' }).dueOn, '2025-02-28');
    assert.equal(addMonths('2024-01-31', 1), '2024-02-29');
    assert.equal(addMonths('2023-11-15', 3), '2024-02-15');
  });
  it('a clock whose start has not happened is not started', () => {
    const r = run({ startedOn: null, today: '2024-04-01' });
    assert.equal(r.status, 'not_started');
    assert.equal(r.dueOn, null);
  });
});

describe('properties of the clock', () => {
  const dateArb = fc.integer({ min: toDayNumber('2013-01-01'), max: toDayNumber('2026-06-30') }).map(fromDayNumber);
  const pausesArb = fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1, max: 15 })), {
    maxLength: 3,
  });

  it('pausing never makes a deadline earlier, and the due date is a working day', () => {
    fc.assert(
      fc.property(dateArb, pausesArb, (start, gaps) => {
        const events: ClockEventInput[] = [];
        let cursor = toDayNumber(start);
        for (const [gap, length] of gaps) {
          cursor += gap;
          events.push({ kind: 'paused', on: fromDayNumber(cursor), reason: 'p' });
          cursor += length;
          events.push({ kind: 'resumed', on: fromDayNumber(cursor), reason: 'r' });
          cursor += 1;
        }
        const today = fromDayNumber(cursor + 1);
        const without = run({ startedOn: start, today }).dueOn!;
        const withPauses = run({ startedOn: start, events, today });
        return withPauses.dueOn! >= without && cal.isWorkingDay(withPauses.dueOn!);
      }),
      { numRuns: 3000 },
    );
  });

  it('an extension never makes a deadline earlier', () => {
    fc.assert(
      fc.property(
        dateArb,
        fc.integer({ min: 1, max: 10 }),
        (start, days) =>
          run({ startedOn: start, events: [extend(start, days)], today: start }).dueOn! >
          run({ startedOn: start, today: start }).dueOn!,
      ),
      { numRuns: 2000 },
    );
  });
});
