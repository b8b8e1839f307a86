import { sql } from 'drizzle-orm';
import { fixedClock } from '../src/domain/clock.ts';
import * as s from '../src/db/schema/index.ts';
import { generateDemoData } from '../src/cli/demo/generate.ts';
import { insertChunked, referenceIdMaps } from '../src/cli/demo/load.ts';
import { userActor } from '../src/services/actor.ts';
import { services } from '../src/services/index.ts';
import { shippedCalendar } from '../src/services/shipped-calendar.ts';
import { benchEngines } from './targets.ts';
import { ms, rows, sample, time } from './harness.ts';

/** Inserting 100,000 synthetic cases, then opening the case list and "my cases" over them. */
export async function caseListBench(size = 100_000): Promise<void> {
  const clock = fixedClock('2026-11-21T12:00:00Z');
  for (const engine of await benchEngines()) {
    const handle = await engine.open();
    try {
      const svc = services(handle.db, clock, { referencePrefix: 'CS' });
      await svc.referenceData.ensureDefaults();
      const data = generateDemoData({
        today: '2026-11-21',
        calendar: shippedCalendar(),
        refs: await referenceIdMaps(handle.db),
        referencePrefix: 'CS',
        years: 9,
        casesPerYear: Math.round(size / 9.6),
        casesOnly: true,
        seed: 7,
      });
      await insertChunked(
        handle.db,
        s.orgUnits,
        data.orgUnits.map((u) => ({ ...u, successorId: null })),
      );
      await insertChunked(handle.db, s.orgUnitNames, data.orgUnitNames);
      await insertChunked(
        handle.db,
        s.users,
        data.users.map((u) => ({ ...u, managerId: null, passwordHash: '!' })),
      );
      const n = data.cases.length;
      const inserted = await time(() =>
        handle.db.transaction(async (tx) => {
          await insertChunked(tx, s.feedbackCases, data.cases, 1000);
          await insertChunked(tx, s.caseTypeChanges, data.typeChanges, 1000);
          await insertChunked(
            tx,
            s.auditEvents,
            data.cases.map((c) => ({
              occurredAt: clock.now(),
              actorLabel: 'bench',
              action: 'case.create',
              entity: 'feedback_case',
              entityId: c.id,
              caseId: c.id,
            })),
            1000,
          );
        }),
      );
      await handle.db.execute(sql`analyze`);
      rows.push({
        benchmark: 'insert cases (+type history, audit)',
        engine: engine.name,
        size: `${n.toLocaleString('en-GB')} cases`,
        result: `${ms(inserted.ms)} (${((n / inserted.ms) * 1000).toFixed(0)} cases/s)`,
        target: '-',
      });

      const officer = data.users.find((u) => u.role === 'complaints_officer')!;
      const manager = data.users.find((u) => u.role === 'investigating_manager')!;
      const officerActor = userActor({ id: officer.id, displayName: officer.displayName, role: officer.role });
      const managerActor = userActor({ id: manager.id, displayName: manager.displayName, role: manager.role });
      const open = await sample(() => svc.cases.list(officerActor, { status: 'open', page: 1 }));
      rows.push({
        benchmark: 'case list: open cases, page 1',
        engine: engine.name,
        size: `${n.toLocaleString('en-GB')} cases`,
        result: `p50 ${ms(open.p50)}, p95 ${ms(open.p95)}`,
        target: 'p95 < 100 ms',
      });
      const all = await sample(() => svc.cases.list(officerActor, { status: 'all', page: 20 }));
      rows.push({
        benchmark: 'case list: all cases, page 20',
        engine: engine.name,
        size: `${n.toLocaleString('en-GB')} cases`,
        result: `p50 ${ms(all.p50)}, p95 ${ms(all.p95)}`,
        target: 'p95 < 100 ms',
      });
      const mine = await sample(() => svc.cases.list(managerActor, { status: 'open', page: 1 }));
      rows.push({
        benchmark: 'case list: my cases (manager)',
        engine: engine.name,
        size: `${n.toLocaleString('en-GB')} cases`,
        result: `p50 ${ms(mine.p50)}, p95 ${ms(mine.p95)}`,
        target: 'p95 < 100 ms',
      });
      // What the pages really do: the list, then the clock that matters next on every row shown.
      const myPage = await sample(async () => {
        const r = await svc.cases.list(managerActor, { status: 'open', pageSize: 200 });
        await svc.timescales.nextClocks(r.rows.map((x) => x.id));
      });
      rows.push({
        benchmark: 'my cases page data (list + next clocks)',
        engine: engine.name,
        size: `${n.toLocaleString('en-GB')} cases`,
        result: `p50 ${ms(myPage.p50)}, p95 ${ms(myPage.p95)}`,
        target: 'p95 < 100 ms',
      });
      const allPage = await sample(async () => {
        const r = await svc.cases.list(officerActor, { status: 'all', page: 5 });
        await svc.timescales.nextClocks(r.rows.map((x) => x.id));
      });
      rows.push({
        benchmark: 'all cases page data (list + next clocks)',
        engine: engine.name,
        size: `${n.toLocaleString('en-GB')} cases`,
        result: `p50 ${ms(allPage.p50)}, p95 ${ms(allPage.p95)}`,
        target: 'p95 < 100 ms',
      });
      // Sorting by a computed column (the manager's name), the costliest of the list's sort links.
      const byManager = await sample(() =>
        svc.cases.list(officerActor, { status: 'all', sort: 'manager', direction: 'desc', page: 1 }),
      );
      rows.push({
        benchmark: 'case list: all cases by investigating manager, page 1',
        engine: engine.name,
        size: `${n.toLocaleString('en-GB')} cases`,
        result: `p50 ${ms(byManager.p50)}, p95 ${ms(byManager.p95)}`,
        target: 'p95 < 100 ms',
      });
      const byTeam = await sample(() => svc.cases.list(officerActor, { status: 'open', sort: 'team', page: 3 }));
      rows.push({
        benchmark: 'case list: open cases by team, page 3',
        engine: engine.name,
        size: `${n.toLocaleString('en-GB')} cases`,
        result: `p50 ${ms(byTeam.p50)}, p95 ${ms(byTeam.p95)}`,
        target: 'p95 < 100 ms',
      });
      // What a download of the open cases does: every row, then their clocks, 500 at a time.
      let downloaded = 0;
      const download = await sample(
        async () => {
          const r = await svc.cases.listAll(officerActor, { status: 'open', sort: 'received' });
          for (let i = 0; i < r.rows.length; i += 500)
            await svc.timescales.nextClocks(r.rows.slice(i, i + 500).map((x) => x.id));
          downloaded = r.rows.length;
        },
        10,
        1,
      );
      rows.push({
        benchmark: `case list download data: open cases (${downloaded.toLocaleString('en-GB')} rows + clocks)`,
        engine: engine.name,
        size: `${n.toLocaleString('en-GB')} cases`,
        result: `p50 ${ms(download.p50)}, p95 ${ms(download.p95)}`,
        target: 'p95 < 1 s',
      });
      const search = await sample(() => svc.cases.list(officerActor, { status: 'all', q: 'transport jones' }), 20, 2);
      rows.push({
        benchmark: 'case search: two words, all cases',
        engine: engine.name,
        size: `${n.toLocaleString('en-GB')} cases`,
        result: `p50 ${ms(search.p50)}, p95 ${ms(search.p95)}`,
        target: '-',
      });
    } finally {
      await handle.close();
    }
  }
}
