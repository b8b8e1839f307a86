import { fixedClock } from '../src/domain/clock.ts';
import type { DatabaseHandle } from '../src/db/database.ts';
import { generateDemoData, type DemoData } from '../src/cli/demo/generate.ts';
import { insertDemoData, referenceIdMaps } from '../src/cli/demo/load.ts';
import { services, type Services } from '../src/services/index.ts';
import { shippedCalendar } from '../src/services/shipped-calendar.ts';
import { time } from './harness.ts';

/** Services on a fixed day (21 November 2026) over a database loaded with a generated demo council. */
export async function loadDemoCouncil(
  handle: DatabaseHandle,
  opts: { years: number; casesPerYear: number; seed: number },
): Promise<{ svc: Services; data: DemoData; loadedMs: number }> {
  const clock = fixedClock('2026-11-21T12:00:00Z');
  const svc = services(handle.db, clock, { referencePrefix: 'CS' });
  await svc.referenceData.ensureDefaults();
  await svc.timescales.ensureDefaults();
  const data = generateDemoData({
    today: '2026-11-21',
    calendar: shippedCalendar(),
    refs: await referenceIdMaps(handle.db),
    referencePrefix: 'CS',
    ...opts,
  });
  const loaded = await time(() => insertDemoData(handle.db, data, new Map(), clock, 'bench'));
  return { svc, data, loadedMs: loaded.ms };
}
