import { fixedClock } from '../src/domain/clock.ts';
import { openDatabase } from '../src/db/database.ts';
import { generateDemoData } from '../src/cli/demo/generate.ts';
import { insertDemoData, referenceIdMaps } from '../src/cli/demo/load.ts';
import { services } from '../src/services/index.ts';
import { shippedCalendar } from '../src/services/shipped-calendar.ts';
import { ms, rows, sample, time } from './harness.ts';

/** The annual report model for a council-year of about 5,000 cases, with the two years before it, on embedded PGlite. */
export async function reportBench(perYear = 5_000): Promise<void> {
  const handle = await openDatabase({ engine: 'pglite-memory' });
  try {
    const clock = fixedClock('2026-11-21T12:00:00Z');
    const svc = services(handle.db, clock, { referencePrefix: 'CS' });
    await svc.referenceData.ensureDefaults();
    await svc.timescales.ensureDefaults();
    const data = generateDemoData({ today: '2026-11-21', calendar: shippedCalendar(), refs: await referenceIdMaps(handle.db), referencePrefix: 'CS', years: 3, casesPerYear: perYear, seed: 11 });
    const loaded = await time(() => insertDemoData(handle.db, data, new Map(), clock, 'bench'));
    const inYear = data.cases.filter((c) => c.receivedOn! >= '2025-04-01' && c.receivedOn! <= '2026-03-31').length;
    const model = await sample(() => svc.reports.model('2025-04-01', '2026-03-31'), 5, 1);
    rows.push({ benchmark: 'annual report model (3 years)', engine: 'pglite', size: `${inYear.toLocaleString('en-GB')} cases in the year, ${data.cases.length.toLocaleString('en-GB')} loaded in ${ms(loaded.ms)}`, result: `p50 ${ms(model.p50)}, max ${ms(model.max)}`, target: '< 1 s' });
  } finally {
    await handle.close();
  }
}
