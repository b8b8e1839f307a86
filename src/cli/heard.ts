/**
 * heard <command>: the command line. Every command that opens the embedded
 * database takes the data folder's lock, so the server and a command can
 * never write to it at once.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline/promises';
import { ConfigError, loadConfig } from '../config.ts';
import { DataFolderInUseError } from '../db/data-folder-lock.ts';
import { openDatabase } from '../db/database.ts';
import { SchemaTooNewError } from '../db/schema-version.ts';
import { SYSTEM_ACTOR } from '../services/actor.ts';
import { DomainError, ValidationError } from '../services/errors.ts';
import { services } from '../services/index.ts';
import { systemClock } from '../services/system-clock.ts';
import { databaseTarget, startServer } from '../server.ts';
import { installCrashHandlers } from './crash-handlers.ts';
import { unsupportedNodeWarning } from './supported-node.ts';
import { HELP } from './help.ts';
import { DemoRefusedError, loadDemoData, type DemoAccount } from './demo/load.ts';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { ImportMapping } from '../services/legacy-import.ts';
import { reportWorkbook } from '../reports/xlsx.ts';
import { reportDocument } from '../reports/docx.ts';
import { londonDate } from '../domain/calendar/iso-date.ts';
import { reportHtml } from '../reports/html.ts';
import { reportSections } from '../reports/sections.ts';
import { toCsv } from '../reports/csv.ts';
import path from 'node:path';

async function main(argv: string[]): Promise<number> {
  const nodeWarning = unsupportedNodeWarning(process.version);
  if (nodeWarning) console.error(nodeWarning);
  const [command = 'help', ...rest] = argv;
  const config = loadConfig();
  switch (command) {
    case 'start': {
      const { values } = parseArgs({ args: rest, options: { demo: { type: 'boolean', default: false } } });
      let accounts: DemoAccount[] = [];
      const server = await startServer(config, systemClock, {
        beforeListen: async (svc) => {
          if (!values.demo) return;
          if (
            (await svc.cases.list(SYSTEM_ACTOR, { status: 'all', pageSize: 1 })).total > 0 ||
            (await svc.organisation.all()).length > 0
          ) {
            console.log('Heard already has data: demo data not loaded.');
            return;
          }
          const result = await loadDemoData(svc.db, svc.clock, { referencePrefix: config.referencePrefix });
          accounts = result.accounts;
          console.log(`Loaded ${result.cases} demo cases.`);
        },
      });
      if (accounts.length) printAccounts(accounts, config.databaseUrl ? null : config.dataDir);
      console.log(
        `\nHeard is running at ${server.url}  (${server.handle.engine === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL'})`,
      );
      if (server.setupUrl)
        console.log(
          `No accounts yet. Create the first administrator here (this link works once):\n  ${server.setupUrl}`,
        );
      console.log('Press Ctrl+C to stop.');
      installCrashHandlers(server.app.log, () => server.stop());
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      console.log('\nStopping Heard...');
      await server.stop();
      return 0;
    }
    case 'demo': {
      const handle = await openDatabase(databaseTarget(config, 'heard demo'));
      try {
        const result = await loadDemoData(handle.db, systemClock, { referencePrefix: config.referencePrefix });
        console.log(`Loaded ${result.cases} demo cases.`);
        printAccounts(result.accounts, config.databaseUrl ? null : config.dataDir);
      } finally {
        await handle.close();
      }
      return 0;
    }
    case 'create-admin': {
      const { values } = parseArgs({ args: rest, options: { email: { type: 'string' }, name: { type: 'string' } } });
      if (!values.email || !values.name) {
        console.error(
          'Give the new administrator with --email and --name, e.g. heard create-admin --email jo@council.gov.uk --name "Jo Bloggs"',
        );
        return 2;
      }
      const password = process.env.HEARD_ADMIN_PASSWORD ?? (await askPassword());
      const handle = await openDatabase(databaseTarget(config, 'heard create-admin'));
      try {
        const svc = services(handle.db, systemClock, { referencePrefix: config.referencePrefix });
        const user = await svc.users.create(SYSTEM_ACTOR, {
          email: values.email,
          displayName: values.name,
          role: 'administrator',
          password,
        });
        console.log(`Created administrator ${user.displayName} <${user.email}>.`);
      } finally {
        await handle.close();
      }
      return 0;
    }
    case 'import': {
      const { values, positionals } = parseArgs({
        args: rest,
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
    case 'setup': {
      const { values, positionals } = parseArgs({
        args: rest,
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
          console.log(
            `${problems.length} ${problems.length === 1 ? 'problem' : 'problems'}: nothing has been loaded.\n`,
          );
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
    case 'report': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: {
          from: { type: 'string' },
          to: { type: 'string' },
          'team-names': { type: 'string', default: 'as_was' },
          'exclude-migrated': { type: 'boolean', default: false },
          format: { type: 'string', default: 'json' },
          out: { type: 'string' },
          publication: { type: 'boolean', default: false },
        },
      });
      if (positionals[0] !== 'annual' || !values.from || !values.to) {
        console.error(
          'Usage: heard report annual --from 2023-04-01 --to 2024-03-31 [--format json|html|xlsx|docx] [--publication] [--out FILE]',
        );
        return 2;
      }
      if (!['json', 'html', 'xlsx', 'docx'].includes(values.format!)) {
        console.error('--format is json, html, xlsx or docx.');
        return 2;
      }
      if (values.format !== 'json' && !values.out) {
        console.error(`Give --out FILE.${values.format} for a ${values.format} report.`);
        return 2;
      }
      const handle = await openDatabase(databaseTarget(config, 'heard report'));
      try {
        const svc = services(handle.db, systemClock, { referencePrefix: config.referencePrefix });
        const model = await svc.reports.model(values.from, values.to, {
          teamNames: values['team-names'] === 'today' ? 'today' : 'as_was',
          excludeMigratedFromTimescales: values['exclude-migrated'],
        });
        // Word and the stand-alone HTML are always the published edition (small numbers hidden, ADR 0015);
        // the workbook and JSON keep exact figures unless --publication is given.
        const published = { ...model, publication: await svc.publication.current() };
        const json = values.publication
          ? JSON.stringify(
              {
                edition: 'published',
                publication: published.publication,
                period: model.periods[2]!.period,
                sections: reportSections(published, config.councilName),
              },
              null,
              2,
            )
          : JSON.stringify(model, null, 2);
        const render: Record<string, () => Promise<string | Buffer>> = {
          xlsx: () => reportWorkbook(values.publication ? published : model, config.councilName),
          html: async () => reportHtml(published, config.councilName),
          docx: () =>
            reportDocument(published, config.councilName, undefined, { issuedOn: londonDate(systemClock.now()) }),
          json: async () => json,
        };
        if (values.out) {
          writeFileSync(values.out, await render[values.format!]!());
          console.log(
            `${values.format === 'json' ? 'Report model' : 'Report'} for ${model.periods[2]!.period.label} written to ${values.out}.`,
          );
        } else console.log(json);
      } finally {
        await handle.close();
      }
      return 0;
    }
    case 'migrate': {
      const handle = await openDatabase(databaseTarget(config, 'heard migrate'));
      await handle.close();
      console.log('The database is up to date.');
      return 0;
    }
    case 'help':
    case '--help':
    case '-h':
      console.log(HELP);
      return 0;
    default:
      console.error(`Unknown command "${command}".\n\n${HELP}`);
      return 2;
  }
}

function printAccounts(accounts: DemoAccount[], dataDir: string | null): void {
  const lines = accounts.map((a) => `  ${a.role.padEnd(22)} ${a.email.padEnd(36)} ${a.password}`);
  const text = `Demo accounts (role, email, password):\n${lines.join('\n')}\n`;
  console.log(`\n${text}`);
  if (dataDir) {
    const file = path.join(dataDir, 'demo-accounts.txt');
    writeFileSync(file, text, { mode: 0o600 });
    console.log(`These are also saved in ${file}`);
  }
}

async function askPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8').trim();
  }
  const prompt = 'Password (at least 12 characters, hard to guess: three or four random words work well): ';
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  // Echo the prompt but not what is typed.
  const quiet = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WritableStream };
  quiet._writeToOutput = (s: string) => {
    if (s.includes(prompt) || s === '\r\n' || s === '\n') quiet.output.write(s);
  };
  const password = await rl.question(prompt);
  rl.close();
  process.stdout.write('\n');
  return password;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (
      err instanceof ConfigError ||
      err instanceof DataFolderInUseError ||
      err instanceof SchemaTooNewError ||
      err instanceof DemoRefusedError
    ) {
      console.error(err.message);
      process.exit(1);
    }
    if (err instanceof ValidationError) {
      console.error(err.fieldErrors.map((e) => `${e.field}: ${e.message}`).join('\n'));
      process.exit(1);
    }
    if (err instanceof DomainError) {
      console.error(err.message);
      process.exit(1);
    }
    console.error(err);
    process.exit(1);
  },
);
