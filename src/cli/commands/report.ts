import { writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../config.ts';
import { openDatabase } from '../../db/database.ts';
import { databaseTarget } from '../../db/target.ts';
import { services } from '../../services/index.ts';
import { systemActor } from '../../services/actor.ts';
import { systemClock } from '../../services/system-clock.ts';
import { londonDate } from '../../domain/calendar/iso-date.ts';

/** heard report annual: the report for a period, as the model (JSON) or a document. */
export async function run(args: string[]): Promise<number> {
  const config = loadConfig();
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      'team-names': { type: 'string', default: 'as_was' },
      'exclude-migrated': { type: 'boolean', default: false },
      format: { type: 'string', default: 'json' },
      out: { type: 'string' },
      publication: { type: 'boolean', default: false },
      procedure: { type: 'string' },
      unit: { type: 'string' },
      edition: { type: 'string', default: 'children' },
    },
  });
  if (positionals[0] !== 'annual' || !values.from || !values.to) {
    console.error(
      'Usage: heard report annual --from 2023-04-01 --to 2024-03-31 [--procedure KEY] [--unit NAME] [--format json|html|xlsx|docx] [--edition children|code] [--publication] [--out FILE]',
    );
    return 2;
  }
  if (!['json', 'html', 'xlsx', 'docx'].includes(values.format!)) {
    console.error('--format is json, html, xlsx or docx.');
    return 2;
  }
  if (!['children', 'code'].includes(values.edition!)) {
    console.error('--edition is children (the annual report) or code (the Complaint Handling Code’s report).');
    return 2;
  }
  const { isFinancialYear } = await import('../../domain/calendar/iso-date.ts');
  if (values.edition === 'code') {
    if (!['json', 'html'].includes(values.format!)) {
      console.error('The Code edition is written as json or html.');
      return 2;
    }
    if (!isFinancialYear(values.from, values.to) || values.procedure || values.unit) {
      console.error(
        'The Code edition is for a whole financial year of the whole service: --from YYYY-04-01 --to the next 31 March, without --procedure or --unit.',
      );
      return 2;
    }
  }
  if (values.format !== 'json' && !values.out) {
    console.error(`Give --out FILE.${values.format} for a ${values.format} report.`);
    return 2;
  }
  const { isProcedureKey, procedureKeys } = await import('../../domain/procedures/registry.ts');
  if (values.procedure && !isProcedureKey(values.procedure)) {
    console.error(`--procedure is one of: ${procedureKeys().join(', ')}.`);
    return 2;
  }
  const handle = await openDatabase(databaseTarget(config, 'heard report'));
  try {
    const svc = services(handle.db, systemClock, { referencePrefix: config.referencePrefix });
    const unit = values.unit ? findUnit(await svc.organisation.all(), values.unit) : null;
    if (typeof unit === 'string') {
      console.error(unit);
      return 2;
    }
    const texts = await svc.reportTexts.forPeriod(values.from, values.to);
    const model = {
      ...(await svc.reports.model(values.from, values.to, {
        teamNames: values['team-names'] === 'today' ? 'today' : 'as_was',
        excludeMigratedFromTimescales: values['exclude-migrated'],
        orgUnitId: unit?.id ?? null,
        procedures: values.procedure ? [values.procedure] : null,
      })),
      texts,
      ombudsmanLetter: unit || values.procedure ? null : await svc.ombudsmanLetters.forPeriod(values.from, values.to),
    };
    // Word and the stand-alone HTML are always the published edition (small numbers hidden, ADR 0015);
    // the workbook and JSON keep exact figures unless --publication is given.
    const published = { ...model, publication: await svc.publication.current() };
    if (values.edition === 'code') {
      const { codeReportSections } = await import('../../reports/code-self-assessment.ts');
      const { answers } = await svc.codeSelfAssessments.forYear(Number(values.from.slice(0, 4)));
      const edition = values.publication || values.format === 'html' ? published : model;
      const out =
        values.format === 'html'
          ? (await import('../../reports/code-html.ts')).codeReportHtml(edition, config.councilName, answers)
          : JSON.stringify(
              {
                edition: 'code',
                publication: edition.publication ?? null,
                period: model.periods[2]!.period,
                // Without the references behind each figure: the Code's report names no case.
                sections: codeReportSections(edition, config.councilName, answers).map((s) => ({
                  ...s,
                  tables: s.tables.map(({ refs: _refs, tracedColumn: _column, ...t }) => t),
                })),
              },
              null,
              2,
            );
      if (values.out) {
        writeFileSync(values.out, out);
        console.log(
          `The Complaint Handling Code report for ${model.periods[2]!.period.label}, written to ${values.out}.`,
        );
      } else console.log(out);
      return 0;
    }
    const json = values.publication
      ? JSON.stringify(
          {
            edition: 'published',
            publication: published.publication,
            period: model.periods[2]!.period,
            sections: (await import('../../reports/sections.ts')).reportSections(published, config.councilName),
          },
          null,
          2,
        )
      : JSON.stringify(model, null, 2);
    // The exact JSON names the cases behind each figure: the access log records who took them (ADR 0017).
    if (values.format === 'json' && !values.publication) {
      const { referencesIn } = await import('../../reports/traceability.ts');
      const references = referencesIn(model);
      if (references.length)
        await svc.accessLog.record(systemActor(`heard report, run by ${commandLineUser()} on the server`), {
          action: 'report.exported',
          address: null,
          caseIds: await svc.accessLog.caseIdsFor(references),
          detail: { format: 'json', filters: `from=${values.from}&to=${values.to}` },
        });
    }
    // Only the renderer asked for is loaded: the Word and spreadsheet libraries take a while to load.
    const render: Record<string, () => Promise<string | Buffer>> = {
      xlsx: async () =>
        (await import('../../reports/xlsx.ts')).reportWorkbook(
          values.publication ? published : model,
          config.councilName,
        ),
      html: async () =>
        (await import('../../reports/html.ts')).reportHtml(published, config.councilName, {
          logo: await svc.councilSettings.logo(),
        }),
      docx: async () =>
        (await import('../../reports/docx.ts')).reportDocument(
          published,
          config.councilName,
          await svc.examples.forPeriod(values.from!, values.to!),
          { issuedOn: londonDate(systemClock.now()), logo: await svc.councilSettings.logo() },
        ),
      json: async () => json,
    };
    if (values.out) {
      writeFileSync(values.out, await render[values.format!]!());
      console.log(
        `${values.format === 'json' ? 'Report model' : 'Report'} for ${model.scope}, ${model.periods[2]!.period.label}, written to ${values.out}.`,
      );
    } else console.log(json);
  } finally {
    await handle.close();
  }
  return 0;
}

/** The part of the organisation named by --unit: its id, or its current name (any case); a message when none or several match. */
function findUnit(units: { id: string; name: string; kind: string }[], wanted: string): { id: string } | string {
  const byId = units.find((u) => u.id === wanted);
  if (byId) return byId;
  const named = units.filter((u) => u.name.toLowerCase() === wanted.trim().toLowerCase());
  if (named.length === 1) return named[0]!;
  if (named.length > 1)
    return `More than one part of the organisation is called "${wanted}": give its id (${named.map((u) => `${u.kind} ${u.id}`).join(', ')}).`;
  return `No directorate, service or team is called "${wanted}". Its name as shown under Administration → Teams, or its id.`;
}

/** Who ran the command, as the operating system knows them: the access log has no signed-in person here. */
function commandLineUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'an unknown user';
  }
}
