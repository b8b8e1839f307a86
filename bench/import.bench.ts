import { fixedClock } from '../src/domain/clock.ts';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase, type DatabaseHandle } from '../src/db/database.ts';
import { freshPostgres } from '../test/support/database.ts';
import { SYSTEM_ACTOR } from '../src/services/actor.ts';
import { services } from '../src/services/index.ts';
import { Random } from '../src/cli/demo/random.ts';
import { ms, rows, time } from './harness.ts';

/**
 * The legacy import at scale. A 10,000-row CSV (the common columns, Stage 1
 * extensions, Stage 2 withdrawals, remedies by stage) checked and imported
 * into embedded PGlite; and, when a PostgreSQL server is named
 * (BENCH_DATABASE_URL or DATABASE_URL), a 100,000-row file imported there
 * (BENCH_IMPORT_PG_ROWS), with the peak memory of each (BENCH_IMPORT_ROWS=0 runs
 * PostgreSQL alone). The files are written
 * to disk and imported from there, as the command line does: a stream, never
 * the whole file in memory.
 */
export async function importBench(size = 10_000, pgSize = 100_000): Promise<void> {
  // A size of 0 leaves an engine out, so each can be measured in a process of its own (peak RSS).
  if (size) await importOn('pglite', () => openDatabase({ engine: 'pglite-memory' }), size);
  const url = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
  if (url && pgSize) await importOn('postgres', () => freshPostgres(url, 'heard_bench'), pgSize);
  else console.log('No BENCH_DATABASE_URL or DATABASE_URL: the 100,000-row import on PostgreSQL is not run.');
}

async function importOn(engine: string, open: () => Promise<DatabaseHandle>, size: number): Promise<void> {
  const handle = await open();
  const dir = await mkdtemp(path.join(tmpdir(), 'heard-import-bench-'));
  try {
    const svc = services(handle.db, fixedClock('2024-06-01T09:00:00Z'), { referencePrefix: 'CS' });
    await svc.referenceData.ensureDefaults();
    await svc.timescales.ensureDefaults();
    const d = await svc.organisation.create(SYSTEM_ACTOR, {
      kind: 'directorate',
      name: "Children's Services",
      openedOn: '2015-01-01',
    });
    const s = await svc.organisation.create(SYSTEM_ACTOR, {
      kind: 'service',
      name: 'Social care',
      parentId: d.id,
      openedOn: '2015-01-01',
    });
    const teams = ['Assessment Team 1', 'SEND Team', 'Fostering Team', 'Leaving Care Team', 'School Transport'];
    for (const t of teams)
      await svc.organisation.create(SYSTEM_ACTOR, { kind: 'team', name: t, parentId: s.id, openedOn: '2015-01-01' });
    const r = new Random(5);
    const header =
      'legacy_reference,type,received_on,channel,procedure,team,themes,closed_on,outcome,complainant_name,complainant_email,complainant_relationship,child_name,child_group,looked_after,stage1_responded_on,stage1_outcome,stage2_requested_on,stage2_responded_on,stage2_outcome,stage2_cost,stage1_remedies,learning,stage1_extended_on,stage1_extension_days,stage1_extension_agreed,stage2_withdrawn_on,withdrawal_reason';
    const file = path.join(dir, 'legacy.csv');
    const out = createWriteStream(file);
    const put = (line: string) =>
      out.write(`${line}\n`) ? undefined : new Promise<void>((done) => out.once('drain', () => done()));
    await put(header);
    const d2 = (day: number) => {
      const date = new Date(Date.UTC(2019, 3, 1) + day * 86_400_000);
      return `${String(date.getUTCDate()).padStart(2, '0')}/${String(date.getUTCMonth() + 1).padStart(2, '0')}/${date.getUTCFullYear()}`;
    };
    for (let i = 0; i < size; i++) {
      const day = r.int(0, 1700);
      const complaint = r.chance(0.85);
      const escalated = complaint && r.chance(0.06);
      // Some escalations are withdrawn; some Stage 1 responses were extended, with agreement.
      const withdrawn = escalated && r.chance(0.3);
      const extended = complaint && r.chance(0.2);
      const responseDay = day + (extended ? r.int(8, 14) : r.int(5, 25));
      const cells = [
        `LEG${100000 + i}`,
        complaint ? 'Complaint' : r.pick(['Compliment', 'Comment']),
        d2(day),
        r.pick(['Email', 'Telephone', 'Web form', 'Letter']),
        complaint ? r.pick(['Statutory', 'Corporate']) : '',
        r.pick(teams),
        complaint ? r.pick(['Contact', 'EHC plan', 'Assessment; Contact']) : '',
        d2(day + (withdrawn ? 60 : escalated ? 90 : 30)),
        '',
        `${r.pick(['Sarah', 'Paul', 'Amy', 'Lee'])} ${r.pick(['Jones', 'Smith', 'Patel', 'Evans'])}`,
        `person${r.int(1, 6000)}@example.com`,
        r.pick(['Mother', 'Father', 'Grandparent']),
        `${r.pick(['Leo', 'Ava', 'Noah'])} ${r.pick(['Jones', 'Smith'])}`,
        r.pick(['Child in need', 'SEND / EHCP', 'Looked after child']),
        r.pick(['yes', 'no']),
        complaint ? d2(responseDay) : '',
        complaint ? r.pick(['Upheld', 'Partially upheld', 'Not upheld']) : '',
        escalated ? d2(day + 40) : '',
        escalated && !withdrawn ? d2(day + 85) : '',
        escalated && !withdrawn ? 'Not upheld' : '',
        escalated ? '2500.00' : '',
        complaint ? r.pick(['Apology', 'Explanation', 'Apology; Financial remedy: 150']) : '',
        complaint && r.chance(0.3) ? 'Communication or information: Keep families updated' : '',
        extended ? d2(day + 3) : '',
        extended ? '5' : '',
        extended ? 'yes' : '',
        withdrawn ? d2(day + 60) : '',
        withdrawn ? 'Resolved informally' : '',
      ];
      await put(cells.join(','));
    }
    await new Promise<void>((done, fail) => out.end((err?: Error | null) => (err ? fail(err) : done())));
    const bytes = (await stat(file)).size;
    const check = await timeWithPeak(() =>
      svc.legacyImport.run(SYSTEM_ACTOR, { fileName: 'legacy.csv', path: file, legacySystem: 'Bench', dryRun: true }),
    );
    if (check.value.problems.length)
      throw new Error(`Bench file has problems: ${JSON.stringify(check.value.problems.slice(0, 3))}`);
    rows.push({
      benchmark: 'legacy import: dry run (check every row)',
      engine,
      size: `${size.toLocaleString('en-GB')} rows, ${(bytes / 1048576).toFixed(1)} MB`,
      result: `${ms(check.ms)}, peak RSS ${check.peakMb} MB`,
      target: '-',
    });
    const run = await timeWithPeak(() =>
      svc.legacyImport.run(SYSTEM_ACTOR, { fileName: 'legacy.csv', path: file, legacySystem: 'Bench', dryRun: false }),
    );
    rows.push({
      benchmark: 'legacy import: check and import',
      engine,
      size: `${run.value.imported.toLocaleString('en-GB')} cases`,
      result: `${ms(run.ms)}, peak RSS ${run.peakMb} MB`,
      target: engine === 'pglite' ? '< 10 s' : 'not the whole file in memory',
    });
    const again = await timeWithPeak(() =>
      svc.legacyImport.run(SYSTEM_ACTOR, { fileName: 'legacy.csv', path: file, legacySystem: 'Bench', dryRun: false }),
    );
    rows.push({
      benchmark: 'legacy import: same file again (all skipped)',
      engine,
      size: `${again.value.alreadyImported.length.toLocaleString('en-GB')} skipped`,
      result: `${ms(again.ms)}, peak RSS ${again.peakMb} MB`,
      target: '-',
    });
  } finally {
    await handle.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Times fn and samples the process's resident memory while it runs: its peak, in MB. */
async function timeWithPeak<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T; peakMb: number }> {
  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
  try {
    const { ms, value } = await time(fn);
    return { ms, value, peakMb: Math.round(Math.max(peak, process.memoryUsage.rss()) / 1048576) };
  } finally {
    clearInterval(sampler);
  }
}
