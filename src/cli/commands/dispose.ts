import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../config.ts';
import { openDatabase } from '../../db/database.ts';
import { databaseTarget } from '../../db/target.ts';
import { toCsv } from '../../reports/csv.ts';
import { systemActor } from '../../services/actor.ts';
import { services } from '../../services/index.ts';
import { systemClock } from '../../services/system-clock.ts';
import { localFolderStore } from '../../storage/local-folder.ts';

/**
 * heard dispose --preview [--out FILE.csv] | --confirm: the disposal run of
 * Administration → Retention and disposal, for a scheduled job. The preview
 * lists the closed cases due within a year (held ones marked); --confirm
 * anonymises those due today, checking each again as it runs. Audited as
 * done by "heard dispose (command line)".
 */
export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { preview: { type: 'boolean' }, confirm: { type: 'boolean' }, out: { type: 'string' } },
  });
  if (values.preview === values.confirm) {
    console.error('Say what to do: heard dispose --preview [--out FILE.csv], or heard dispose --confirm');
    return 2;
  }
  const config = loadConfig();
  const handle = await openDatabase(databaseTarget(config, 'heard dispose'));
  try {
    const svc = services(handle.db, systemClock, {
      referencePrefix: config.referencePrefix,
      files: localFolderStore(config.filesDir),
    });
    if (values.preview) {
      const rows = await svc.retention.preview();
      const csv = toCsv([
        ['Reference', 'Type', 'Outcome', 'Closed on', 'Years kept', 'Anonymised on', 'Status', 'Legal hold'],
        ...rows.map((r) => [
          r.reference,
          r.type,
          r.outcome ?? '',
          r.closedOn,
          r.years,
          r.disposeOn,
          r.heldBy.length ? 'held' : r.due ? 'due now' : 'due later',
          r.heldBy.join('; '),
        ]),
      ]);
      if (values.out) writeFileSync(values.out, csv);
      else process.stdout.write(csv);
      const due = rows.filter((r) => r.due).length;
      const held = rows.filter((r) => r.heldBy.length).length;
      console.error(`${due} cases due now, ${held} on legal hold, ${rows.length - due - held} due within a year.`);
      return 0;
    }
    const done = await svc.retention.dispose(systemActor('heard dispose (command line)'));
    console.log(
      `Anonymised ${done.cases.length} cases and ${done.people.length} people.` +
        (done.filesNotDeleted
          ? ` ${done.filesNotDeleted} attachment files could not be deleted from the file store: run again.`
          : ''),
    );
    return done.filesNotDeleted ? 1 : 0;
  } finally {
    await handle.close();
  }
}
