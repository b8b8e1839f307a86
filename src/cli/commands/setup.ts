import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../config.ts';
import { openDatabase } from '../../db/database.ts';
import { databaseTarget } from '../../db/target.ts';
import { services } from '../../services/index.ts';
import { systemClock } from '../../services/system-clock.ts';

/** heard setup load|export: the organisation and reference data lists, from or to YAML or CSV files. */
export async function run(args: string[]): Promise<number> {
  const config = loadConfig();
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      'dry-run': { type: 'boolean', default: false },
      out: { type: 'string' },
      format: { type: 'string', default: 'yaml' },
    },
  });
  const [action, ...files] = positionals;
  const csvFiles = files.length > 0 && files.every((f) => f.toLowerCase().endsWith('.csv'));
  if (
    !(action === 'load' && (files.length === 1 || csvFiles)) &&
    !(action === 'export' && ['yaml', 'csv'].includes(values.format!) && (values.format === 'yaml' || values.out))
  ) {
    console.error(
      'Usage: heard setup load setup.yaml [--dry-run], heard setup load organisation.csv theme.csv ... [--dry-run],\n' +
        '       heard setup export [--out setup.yaml]  or  heard setup export --format csv --out FOLDER',
    );
    return 2;
  }
  // CSV files, one per list, are checked and loaded together, all or nothing.
  const content =
    action !== 'load'
      ? ''
      : csvFiles
        ? files.map((f) => ({ fileName: path.basename(f), content: readFileSync(f, 'utf8') }))
        : readFileSync(files[0]!, 'utf8');
  const handle = await openDatabase(databaseTarget(config, 'heard setup'));
  try {
    const svc = services(handle.db, systemClock, { referencePrefix: config.referencePrefix });
    await svc.referenceData.ensureDefaults();
    if (action === 'export' && values.format === 'csv') {
      mkdirSync(values.out!, { recursive: true });
      const written = await svc.setup.exportCsv();
      for (const f of written) writeFileSync(path.join(values.out!, f.fileName), f.text);
      console.log(`The set-up is written to ${values.out}: ${written.map((f) => f.fileName).join(', ')}.`);
      return 0;
    }
    if (action === 'export') {
      const yaml = await svc.setup.export();
      if (values.out) {
        writeFileSync(values.out, yaml);
        console.log(`The set-up is written to ${values.out}.`);
      } else process.stdout.write(yaml);
      return 0;
    }
    const actor = { userId: null, role: null, label: 'heard setup load (command line)' };
    const result = values['dry-run'] ? await svc.setup.check(content) : await svc.setup.load(actor, content);
    const { plan, problems } = result;
    if (problems.length) {
      console.log(`${problems.length} ${problems.length === 1 ? 'problem' : 'problems'}: nothing has been loaded.\n`);
      for (const p of problems) console.log(`  ${p.line ? `line ${p.line}, ` : ''}${p.where}: ${p.message}`);
      return 1;
    }
    const what = `${plan.units.length} ${plan.units.length === 1 ? 'unit' : 'units'} of the organisation and ${plan.items.length} reference data ${plan.items.length === 1 ? 'item' : 'items'}`;
    for (const u of plan.units) console.log(`  + ${u.kind} ${u.path.join(' > ')} (opened ${u.openedOn})`);
    for (const i of plan.items) console.log(`  + ${i.kind}: ${i.label} (${i.code})`);
    const there = `${plan.alreadyThere.units + plan.alreadyThere.items} already in Heard`;
    if (!plan.units.length && !plan.items.length) console.log(`Nothing new to load (${there}).`);
    else if (values['dry-run'])
      console.log(`No problems. Loading would add ${what} (${there}). Run again without --dry-run to load it.`);
    else console.log(`Loaded ${what} (${there}).`);
    return 0;
  } finally {
    await handle.close();
  }
}
