import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../config.ts';
import { openDatabase } from '../../db/database.ts';
import { databaseTarget } from '../../db/target.ts';
import { toCsv } from '../../reports/csv.ts';
import { services } from '../../services/index.ts';
import type { ImportMapping } from '../../services/legacy-import.ts';
import { systemClock } from '../../services/system-clock.ts';

/** heard import FILE: cases from a legacy system, checked first, all or nothing. */
export async function run(args: string[]): Promise<number> {
  const config = loadConfig();
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      system: { type: 'string', default: 'Legacy system' },
      mapping: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      report: { type: 'string' },
    },
  });
  const file = positionals[0];
  if (!file) {
    console.error('Give the file to import: heard import cases.csv [--dry-run]');
    return 2;
  }
  const mapping = values.mapping ? (JSON.parse(readFileSync(values.mapping, 'utf8')) as ImportMapping) : undefined;
  const handle = await openDatabase(databaseTarget(config, 'heard import'));
  try {
    const svc = services(handle.db, systemClock, { referencePrefix: config.referencePrefix });
    await svc.referenceData.ensureDefaults();
    await svc.timescales.ensureDefaults();
    const started = performance.now();
    const report = await svc.legacyImport.run(
      { userId: null, role: null, label: 'heard import (command line)' },
      // The file is read as a stream (twice: checked, then written), never whole.
      {
        fileName: path.basename(file),
        path: file,
        legacySystem: values.system!,
        mapping,
        dryRun: values['dry-run']!,
      },
    );
    console.log(
      `${report.fileName}: ${report.rowsRead} rows read in ${((performance.now() - started) / 1000).toFixed(1)} s.`,
    );
    if (report.alreadyImported.length)
      console.log(`${report.alreadyImported.length} already imported from ${report.legacySystem}: skipped.`);
    if (report.problems.length) {
      console.log(
        `${report.problems.length} ${report.problems.length === 1 ? 'problem' : 'problems'}: nothing has been imported.\n`,
      );
      for (const p of report.problems.slice(0, 200))
        console.log(`  line ${p.line}, ${p.column}${p.value ? ` ("${p.value}")` : ''}: ${p.message}`);
      if (report.problems.length > 200)
        console.log(
          `  ... and ${report.problems.length - 200} more${values.report ? '' : ' (use --report FILE.csv for all of them)'}`,
        );
      if (Object.keys(report.mappingSkeleton).length)
        console.log(
          `\nLabels Heard does not know, as a mapping file to fill in (each with Heard's code, label or team name) and give with --mapping:\n${JSON.stringify(report.mappingSkeleton, null, 2)}`,
        );
    } else if (report.dryRun)
      console.log(
        `No problems. ${report.toImport} cases would be imported. Run again without --dry-run to import them.`,
      );
    else if (report.imported === 0) console.log('Nothing new to import.');
    else console.log(`Imported ${report.imported} cases (batch ${report.batchId}).`);
    if (values.report) {
      writeFileSync(
        values.report,
        toCsv([
          ['line', 'column', 'value', 'message'],
          ...report.problems.map((p) => [p.line, p.column, p.value, p.message]),
        ]),
      );
      console.log(`Problems written to ${values.report}.`);
    }
    return report.problems.length ? 1 : 0;
  } finally {
    await handle.close();
  }
}
