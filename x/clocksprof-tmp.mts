import { performance } from 'node:perf_hooks';
import { addCalendarDays, fromDayNumber, toDayNumber } from '../src/domain/calendar/iso-date.ts';
import { caseClocks, type CaseClockFacts } from '../src/domain/timescales/case-clocks.ts';
import { presetAsPolicy } from '../src/domain/timescales/presets.ts';
import { shippedCalendar } from '../src/services/shipped-calendar.ts';
import { Random } from '../src/cli/demo/random.ts';
import { ms, rows } from '../bench/harness.ts';

/** Every clock of 1,000,000 cases, computed from their dates and events (the pure engine, no database). */
export async function clocksProf(size = 1_000_000): Promise<void> {
  const calendar = shippedCalendar();
  const statutory = presetAsPolicy('childrens_statutory');
  const corporate = presetAsPolicy('corporate_council');
  const r = new Random(99);
  const first = toDayNumber('2016-04-01');
  const span = toDayNumber('2026-10-31') - first;
  const facts: CaseClockFacts[] = new Array(size);
  for (let i = 0; i < size; i++) {
    const receivedOn = fromDayNumber(first + r.int(0, span));
    const statutoryCase = r.chance(0.2);
    const responded = r.chance(0.9) ? calendar.addWorkingDays(receivedOn, r.int(5, 40)) : null;
    const stages: CaseClockFacts['stages'][number][] = [
      { kind: 'stage1', startedOn: receivedOn, respondedOn: responded },
    ];
    const events: CaseClockFacts['events'][number][] = [];
    if (r.chance(0.25))
      events.push({
        clock: 'stage1_response',
        kind: 'extended',
        on: calendar.addWorkingDays(receivedOn, 8),
        days: 10,
        reason: 'complex',
        complainantAgreed: true,
      });
    if (r.chance(0.05)) {
      const p = calendar.addWorkingDays(receivedOn, 2);
      events.push(
        { clock: 'stage1_response', kind: 'paused', on: p, reason: 'consent' },
        { clock: 'stage1_response', kind: 'resumed', on: addCalendarDays(p, 7), reason: 'consent given' },
      );
    }
    if (responded && r.chance(0.06)) {
      const requested = calendar.addWorkingDays(responded, 10);
      stages.push({
        kind: 'stage2',
        requestedOn: requested,
        startedOn: requested,
        statementAgreedOn: calendar.addWorkingDays(requested, 8),
        respondedOn: r.chance(0.8) ? calendar.addWorkingDays(requested, 40) : null,
      });
    }
    facts[i] = {
      type: 'complaint',
      procedure: statutoryCase ? 'childrens_statutory' : 'corporate',
      receivedOn,
      acknowledgedOn: calendar.addWorkingDays(receivedOn, r.int(1, 4)),
      stages,
      events,
    };
  }
  const today = '2026-11-21';
  // Warm up the JIT on a tenth of the cases, then time them all.
  for (let i = 0; i < size / 10; i++) caseClocks(facts[i]!, statutory, calendar, today);
  let clocks = 0;
  let overdue = 0;
  const { Session } = await import('node:inspector/promises'); const ses = new Session(); ses.connect(); await ses.post('Profiler.enable'); await ses.post('Profiler.start');
  const start = performance.now();
  for (const f of facts) {
    for (const c of caseClocks(f, f.procedure === 'childrens_statutory' ? statutory : corporate, calendar, today)) {
      clocks++;
      if (c.result.status === 'overdue' && c.rule.kind === 'response') overdue++;
    }
  }
  const elapsed = performance.now() - start;
  const { profile } = await ses.post('Profiler.stop'); (await import('node:fs')).writeFileSync('x/loop.cpuprofile', JSON.stringify(profile));
  rows.push({
    benchmark: 'compute every clock of every case',
    engine: 'pure',
    size: `${size.toLocaleString('en-GB')} cases, ${clocks.toLocaleString('en-GB')} clocks`,
    result: `${ms(elapsed)} (${((elapsed * 1e6) / size / 1000).toFixed(2)} µs a case; ${overdue.toLocaleString('en-GB')} overdue responses)`,
    target: '< 0.5 s',
  });
}

await clocksProf(); console.log(rows.at(-1).result);
