import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { fixedClock } from '../domain/clock.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { rowsOf } from '../db/rows.ts';
import { testDatabase } from '../../test/support/database.ts';
import { makeTeam, makeUser, testServices } from '../../test/support/factories.ts';
import type { Actor } from './actor.ts';
import type { Services } from './index.ts';

const HEADER =
  'Legacy Reference,Type,Received On,Channel,Procedure,Team,Themes,Closed On,Complainant Name,Complainant Email,Complainant Relationship,Child Name,Child Group,Looked After,Stage1 Responded On,Stage1 Outcome,Stage2 Requested On,Stage2 Responded On,Stage2 Outcome,Stage2 Cost,Remedies,Learning';
const GOOD = [
  'CU1001,Complaint,03/04/2023,Email,Statutory,Initial Response,Contact,20/04/2023,Sarah Jones,sarah@example.com,Mother,Leo Jones,Child in need,no,19/04/2023,Partly upheld,,,,,Apology,Communication or information: Call back within two days',
  'CU1002,Complaint,05/05/2023,Telephone,Corporate,Childrens MASH,EHC plan,30/06/2023,Sarah Jones,SARAH@example.com,Mother,Leo Jones,SEND / EHCP,no,25/05/2023,Not upheld,01/06/2023,29/06/2023,Not upheld,"£3,500",Explanation,',
  'CU1003,Compliment,10/05/2023,Email,,Fostering Team,,10/05/2023,Pat Smith,,,,,,,,,,,,,',
];

describe('importing cases from a legacy system', () => {
  let handle: DatabaseHandle;
  let svc: Services;
  let admin: Actor;
  const count = async (q: ReturnType<typeof sql>) => rowsOf<{ n: number }>(await handle.db.execute(q))[0]!.n;
  const csv = (lines: string[]) => Buffer.from([HEADER, ...lines].join('\n'));

  before(async () => {
    handle = await testDatabase();
    svc = await testServices(handle, fixedClock('2024-06-01T09:00:00Z'));
    admin = (await makeUser(svc, 'administrator')).actor;
    const team = await makeTeam(svc, admin, 'Initial Response', '2018-04-01');
    await svc.organisation.rename(admin, team.id, { name: 'Children and Families Front Door', from: '2024-01-15' });
    await makeTeam(svc, admin, 'Fostering Team', '2018-04-01');
  });
  after(() => handle.close());

  it('a dry run of a good file changes nothing and says what it would do', async () => {
    const report = await svc.legacyImport.run(admin, {
      fileName: 'cases.csv',
      content: csv(GOOD),
      legacySystem: 'Contact Us',
      mapping: { team: { 'Childrens MASH': 'Children and Families Front Door' } },
      dryRun: true,
    });
    assert.deepEqual(report.problems, []);
    assert.equal(report.toImport, 3);
    assert.equal(report.imported, 0);
    assert.equal(await count(sql`select count(*)::int as n from feedback_cases`), 0);
  });

  it('a file with bad rows is refused whole, with every problem by line and column', async () => {
    const bad = [
      ...GOOD,
      'CU1004,Complaint,31/02/2023,Pigeon,,Nowhere Team,,,,,,,,,,,,,,,,',
      'CU1001,Complaint,01/03/2023,Email,,,,,,,,,,,02/02/2023,,,,,,,',
      'CU1006,Complaint,01/03/2023,Email,Corporate,,,,,,,,,,10/03/2023,,02/03/2023,,,,,',
    ];
    const report = await svc.legacyImport.run(admin, {
      fileName: 'cases.csv',
      content: csv(bad),
      legacySystem: 'Contact Us',
      dryRun: false,
    });
    assert.deepEqual(
      report.problems.map((p) => [p.line, p.column]),
      [
        [3, 'team'],
        [5, 'received_on'],
        [5, 'team'],
        [5, 'channel'],
        [6, 'stage1_responded_on'],
        [6, 'legacy_reference'],
        [7, 'stage2_requested_on'],
      ],
    );
    assert.match(
      report.problems.find((p) => p.line === 6 && p.column === 'legacy_reference')!.message,
      /same reference is on line 2/,
    );
    assert.deepEqual(
      report.mappingSkeleton,
      { channel: { Pigeon: '' }, team: { 'Childrens MASH': '', 'Nowhere Team': '' } },
      'the unknown labels, as a mapping file to fill in',
    );
    assert.equal(report.imported, 0);
    assert.equal(await count(sql`select count(*)::int as n from feedback_cases`), 0, 'nothing imported');
  });

  it('refuses a mapping file whose labels are not text, saying where, and imports nothing', async () => {
    await assert.rejects(
      svc.legacyImport.run(admin, {
        fileName: 'cases.csv',
        content: csv(GOOD),
        legacySystem: 'Contact Us',
        mapping: { type: { Grumble: 5 } } as never,
        dryRun: false,
      }),
      (e: unknown) =>
        (e as { code?: string }).code === 'IMPORT.BAD_MAPPING' && /type → Grumble/.test((e as Error).message),
    );
    assert.equal(await count(sql`select count(*)::int as n from feedback_cases`), 0, 'nothing imported');
  });

  it('imports the whole case record, keeping references and marking cases migrated; the same file again adds nothing', async () => {
    const mapping = { team: { 'Childrens MASH': 'Children and Families Front Door' } };
    const report = await svc.legacyImport.run(admin, {
      fileName: 'cases.csv',
      content: csv(GOOD),
      legacySystem: 'Contact Us',
      mapping,
      dryRun: false,
    });
    assert.equal(report.imported, 3);
    const cases = rowsOf<{
      reference: string;
      type: string;
      status: string;
      migrated: boolean;
      legacy_system: string;
      outcome: string | null;
      team: string;
    }>(
      await handle.db.execute(
        sql`select c.reference, c.type, c.status, c.migrated, c.legacy_system, c.outcome, (select name from org_unit_names n where n.org_unit_id = c.team_id and n.valid_from <= c.received_on order by valid_from desc limit 1) as team from feedback_cases c order by reference`,
      ),
    );
    assert.deepEqual(cases, [
      {
        reference: 'CU1001',
        type: 'complaint',
        status: 'closed',
        migrated: true,
        legacy_system: 'Contact Us',
        outcome: 'partially_upheld',
        team: 'Initial Response',
      },
      {
        reference: 'CU1002',
        type: 'complaint',
        status: 'closed',
        migrated: true,
        legacy_system: 'Contact Us',
        outcome: 'not_upheld',
        team: 'Initial Response',
      },
      {
        reference: 'CU1003',
        type: 'compliment',
        status: 'closed',
        migrated: true,
        legacy_system: 'Contact Us',
        outcome: null,
        team: 'Fostering Team',
      },
    ]);
    assert.equal(
      await count(
        sql`select count(distinct person_id)::int as n from case_parties where role = 'complainant' and case_id in (select id from feedback_cases where reference in ('CU1001', 'CU1002'))`,
      ),
      1,
      'one Sarah Jones across both cases',
    );
    assert.equal(
      await count(
        sql`select count(*)::int as n from stages where kind = 'stage2' and investigator_cost_pence = 350000`,
      ),
      1,
    );
    assert.equal(await count(sql`select count(*)::int as n from investigations`), 3);
    assert.equal(await count(sql`select count(*)::int as n from remedies`), 2);
    assert.equal(await count(sql`select count(*)::int as n from learning_points`), 1);
    assert.equal(await count(sql`select count(*)::int as n from audit_events where action = 'case.import'`), 3);
    // The import marks its cases for the report itself (its triggers are off for the load) and builds their documents.
    assert.equal(
      await count(
        sql`select count(*)::int as n from report_case_facts r join feedback_cases c on c.id = r.case_id where r.doc is not null and c.reference like 'CU100%'`,
      ),
      3,
    );
    // The switch ended with the import's transaction: a later change is marked by the triggers again.
    await handle.db.execute(sql`update stages set outcome = 'upheld' where kind = 'stage2'`);
    assert.equal(
      await count(
        sql`select count(*)::int as n from report_case_facts r join feedback_cases c on c.id = r.case_id where r.doc is null and c.reference = 'CU1002'`,
      ),
      1,
    );
    await handle.db.execute(sql`update stages set outcome = 'not_upheld' where kind = 'stage2'`);
    const again = await svc.legacyImport.run(admin, {
      fileName: 'cases.csv',
      content: csv(GOOD),
      legacySystem: 'Contact Us',
      mapping,
      dryRun: false,
    });
    assert.equal(again.imported, 0);
    assert.deepEqual(
      again.alreadyImported.map((a) => a.legacyReference),
      ['CU1001', 'CU1002', 'CU1003'],
    );
    assert.equal(await count(sql`select count(*)::int as n from feedback_cases`), 3);
  });

  it('reads Excel files too, and refuses unknown columns and files that are neither', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Cases');
    ws.addRow(['legacy_reference', 'type', 'received_on', 'channel', 'Favourite colour']);
    ws.addRow(['XL1', 'Comment', new Date(Date.UTC(2023, 6, 14)), 'Letter', 'blue']);
    const content = Buffer.from(await wb.xlsx.writeBuffer());
    const report = await svc.legacyImport.run(admin, {
      fileName: 'cases.xlsx',
      content,
      legacySystem: 'Spreadsheet',
      dryRun: true,
    });
    assert.deepEqual(
      report.problems.map((p) => [p.line, p.column, p.message]),
      [[1, 'Favourite colour', 'Unknown column "Favourite colour". See the import format for the column names.']],
    );
    ws.spliceColumns(5, 1);
    const fixed = await svc.legacyImport.run(admin, {
      fileName: 'cases.xlsx',
      content: Buffer.from(await wb.xlsx.writeBuffer()),
      legacySystem: 'Spreadsheet',
      dryRun: false,
    });
    assert.equal(fixed.imported, 1);
    assert.equal(
      rowsOf<{ received_on: string }>(
        await handle.db.execute(sql`select received_on::text from feedback_cases where reference = 'XL1'`),
      )[0]!.received_on,
      '2023-07-14',
    );
    await assert.rejects(
      svc.legacyImport.run(admin, {
        fileName: 'cases.pdf',
        content: Buffer.from('%PDF'),
        legacySystem: 'x',
        dryRun: true,
      }),
      /\.csv or \.xlsx/,
    );
  });

  it('keeps a relationship and a child’s details given without names, as people with no name', async () => {
    const row =
      'NN1,Complaint,03/04/2023,Email,Statutory,Fostering Team,,,,,Mother,,Child in need,yes,19/04/2023,Upheld,,,,,,';
    const dry = await svc.legacyImport.run(admin, {
      fileName: 'nameless.csv',
      content: csv([row]),
      legacySystem: 'Nameless',
      dryRun: true,
    });
    assert.deepEqual(dry.problems, []);
    const report = await svc.legacyImport.run(admin, {
      fileName: 'nameless.csv',
      content: csv([row]),
      legacySystem: 'Nameless',
      dryRun: false,
    });
    assert.equal(report.imported, 1);
    const parties = rowsOf<{
      role: string;
      name: string;
      relationship: string | null;
      grp: string | null;
      looked_after: boolean | null;
    }>(
      await handle.db.execute(
        sql`select p.role, pe.given_name || pe.family_name as name, r.label as relationship, g.label as grp, p.looked_after
            from case_parties p join people pe on pe.id = p.person_id
            left join reference_items r on r.id = p.relationship_id
            left join reference_items g on g.id = p.service_user_group_id
            where p.case_id = (select id from feedback_cases where reference = 'NN1') order by p.role`,
      ),
    );
    assert.deepEqual(parties, [
      { role: 'complainant', name: '', relationship: 'Mother', grp: null, looked_after: null },
      { role: 'child', name: '', relationship: null, grp: 'Child in need', looked_after: true },
    ]);
  });

  /** Imports rows under their own header, failing the test on any problem. */
  const importRows = async (header: string, lines: string[], legacySystem: string) => {
    const report = await svc.legacyImport.run(admin, {
      fileName: `${legacySystem}.csv`,
      content: Buffer.from([header, ...lines].join('\n')),
      legacySystem,
      dryRun: false,
    });
    assert.deepEqual(report.problems, []);
    assert.equal(report.imported, lines.length);
    return report;
  };
  const caseId = async (reference: string) =>
    rowsOf<{ id: string }>(
      await handle.db.execute(sql`select id from feedback_cases where reference = ${reference}`),
    )[0]!.id;

  it('stores Stage 3’s panel, chair’s report and the authority’s response, which stops the Stage 3 clock', async () => {
    await importRows(
      'legacy_reference,type,received_on,procedure,stage1_responded_on,stage2_requested_on,stage2_responded_on,stage3_requested_on,stage3_panel_held_on,stage3_chair_report_on,stage3_responded_on',
      [
        'S3A,complaint,03/04/2023,Statutory,20/04/2023,01/05/2023,10/07/2023,20/07/2023,10/08/2023,15/08/2023,01/09/2023',
      ],
      'Stage3',
    );
    const id = await caseId('S3A');
    const [stage] = rowsOf<Record<string, string>>(
      await handle.db.execute(
        sql`select panel_held_on::text, chair_report_received_on::text, authority_responded_on::text, responded_on::text from stages where case_id = ${id} and kind = 'stage3'`,
      ),
    );
    assert.deepEqual(stage, {
      panel_held_on: '2023-08-10',
      chair_report_received_on: '2023-08-15',
      authority_responded_on: '2023-09-01',
      responded_on: '2023-09-01',
    });
    const { clocks } = await svc.timescales.clocksForCase(id);
    const response = clocks.find((k) => k.clock === 'stage3_authority_response')!;
    assert.equal(
      response.result.completedOn,
      '2023-09-01',
      'the Stage 3 response clock stops on the authority’s response',
    );
  });

  it('stores a withdrawn stage as the casework’s withdraw does: closed on the date, outcome withdrawn, with the reason', async () => {
    await importRows(
      'legacy_reference,type,received_on,procedure,team,closed_on,stage1_responded_on,stage1_outcome,stage2_requested_on,stage2_withdrawn_on,withdrawal_reason',
      [
        'WD1,complaint,03/04/2023,Statutory,Fostering Team,14/06/2023,20/04/2023,Not upheld,01/05/2023,14/06/2023,Resolved informally',
      ],
      'Withdrawals',
    );
    const id = await caseId('WD1');
    assert.deepEqual(
      rowsOf<Record<string, string | null>>(
        await handle.db.execute(
          sql`select kind, responded_on::text, closed_on::text, outcome, outcome_override_reason from stages where case_id = ${id} order by kind`,
        ),
      ),
      [
        {
          kind: 'stage1',
          responded_on: '2023-04-20',
          closed_on: '2023-04-20',
          outcome: 'not_upheld',
          outcome_override_reason: null,
        },
        {
          kind: 'stage2',
          responded_on: '2023-06-14',
          closed_on: '2023-06-14',
          outcome: 'withdrawn',
          outcome_override_reason: 'Withdrawn: Resolved informally',
        },
      ],
    );
    assert.equal(
      await count(
        sql`select count(*)::int as n from investigations i join stages s on s.id = i.stage_id where s.case_id = ${id} and s.kind = 'stage2'`,
      ),
      0,
      'a withdrawn stage has no investigation answered',
    );
  });

  it('stores each stage’s extension and pauses as clock events on its response clock, so the clocks are rebuilt', async () => {
    await importRows(
      'legacy_reference,type,received_on,procedure,stage1_extended_on,stage1_extension_days,stage1_extension_agreed,stage1_pauses,stage1_responded_on,stage2_requested_on,stage2_statement_agreed_on,stage2_extended_on,stage2_extended_to',
      [
        'EX1,complaint,03/04/2023,Statutory,10/04/2023,10,yes,05/04/2023 to 07/04/2023: awaiting records,02/05/2023,10/05/2023,15/05/2023,20/05/2023,31/07/2023',
      ],
      'Extensions',
    );
    const id = await caseId('EX1');
    assert.deepEqual(
      rowsOf<Record<string, unknown>>(
        await handle.db.execute(
          sql`select s.kind as stage, e.clock, e.kind, e.occurred_on::text as on, e.extension_days as days, e.extended_to::text as to, e.reason, e.complainant_agreed as agreed
              from clock_events e join stages s on s.id = e.stage_id where e.case_id = ${id} order by s.kind, e.occurred_on`,
        ),
      ),
      [
        {
          stage: 'stage1',
          clock: 'stage1_response',
          kind: 'paused',
          on: '2023-04-05',
          days: null,
          to: null,
          reason: 'awaiting records',
          agreed: null,
        },
        {
          stage: 'stage1',
          clock: 'stage1_response',
          kind: 'resumed',
          on: '2023-04-07',
          days: null,
          to: null,
          reason: 'awaiting records',
          agreed: null,
        },
        {
          stage: 'stage1',
          clock: 'stage1_response',
          kind: 'extended',
          on: '2023-04-10',
          days: 10,
          to: null,
          reason: 'Imported from Extensions',
          agreed: true,
        },
        {
          stage: 'stage2',
          clock: 'stage2_investigation',
          kind: 'extended',
          on: '2023-05-20',
          days: null,
          to: '2023-07-31',
          reason: 'Imported from Extensions',
          agreed: null,
        },
      ],
    );
    const { clocks } = await svc.timescales.clocksForCase(id);
    const s1 = clocks.find((k) => k.clock === 'stage1_response')!.result;
    assert.equal(s1.extensions.length, 1, 'the Stage 1 clock reads the extension');
    assert.equal(s1.pauses.length, 1, 'and the pause');
  });

  it('names the physical line of the file, though a quoted description spans lines', async () => {
    const report = await svc.legacyImport.run(admin, {
      fileName: 'lines.csv',
      content: Buffer.from(
        'legacy_reference,type,received_on,description\nML1,complaint,03/04/2023,"First line\nsecond line\nthird line"\nML2,complaint,31/02/2023,\n',
      ),
      legacySystem: 'Lines',
      dryRun: true,
    });
    assert.deepEqual(
      report.problems.map((p) => [p.line, p.column]),
      [[5, 'received_on']],
    );
  });

  it('attaches remedies to the stage they were given at, with the amount and the date paid', async () => {
    await importRows(
      'legacy_reference,type,received_on,procedure,stage1_responded_on,stage1_remedies,stage2_requested_on,stage2_responded_on,stage3_requested_on,stage3_responded_on,stage3_remedies,remedies',
      [
        'RM1,complaint,03/04/2023,Statutory,20/04/2023,Apology given 19/04/2023; Financial remedy: 250 paid 12/05/2023,01/05/2023,10/07/2023,20/07/2023,01/09/2023,Financial remedy: £1000,Explanation',
      ],
      'Remedies',
    );
    const id = await caseId('RM1');
    assert.deepEqual(
      rowsOf<Record<string, unknown>>(
        await handle.db.execute(
          sql`select s.kind as stage, t.label as type, r.amount_pence as amount, r.completed_on::text as paid
              from remedies r join stages s on s.id = r.stage_id join reference_items t on t.id = r.remedy_type_id
              where s.case_id = ${id} order by s.kind, t.label`,
        ),
      ),
      [
        { stage: 'stage1', type: 'Apology', amount: null, paid: '2023-04-19' },
        { stage: 'stage1', type: 'Financial remedy', amount: 25000, paid: '2023-05-12' },
        { stage: 'stage3', type: 'Explanation', amount: null, paid: '2023-09-01' },
        // A payment without its date is not given the stage's: the report counts it by the case's receipt.
        { stage: 'stage3', type: 'Financial remedy', amount: 100000, paid: null },
      ],
    );
  });

  it('a case may belong to a directorate or service, by name or by path; a name that fits two units asks for the path', async () => {
    const [fostering] = rowsOf<{ id: string }>(
      await handle.db.execute(
        sql`select org_unit_id as id from org_unit_names where name = 'Service for Fostering Team'`,
      ),
    );
    await svc.organisation.create(admin, {
      kind: 'team',
      name: 'Duty',
      parentId: fostering!.id,
      openedOn: '2018-04-01',
    });
    await makeTeam(svc, admin, 'Duty', '2018-04-01');
    const header = 'legacy_reference,type,received_on,procedure,team,stage1_responded_on,stage1_outcome';
    const ambiguous = await svc.legacyImport.run(admin, {
      fileName: 'units.csv',
      content: Buffer.from([header, 'UN0,complaint,03/04/2023,Corporate,Duty,20/04/2023,Upheld'].join('\n')),
      legacySystem: 'Units',
      dryRun: true,
    });
    assert.deepEqual(
      ambiguous.problems.map((p) => [p.line, p.column, p.message]),
      [
        [
          2,
          'team',
          '"Duty" names more than one part of the organisation: write its path, like "Directorate > Service > Team"',
        ],
      ],
    );
    await importRows(
      header,
      [
        'UN1,complaint,03/04/2023,Corporate,Directorate for Fostering Team,20/04/2023,Upheld',
        'UN2,complaint,03/04/2023,Corporate,Service for Fostering Team,20/04/2023,Upheld',
        'UN3,complaint,03/04/2023,Corporate,Directorate for Fostering Team > Service for Fostering Team > Duty,20/04/2023,Upheld',
        'UN4,complaint,03/04/2023,Corporate,Service for Fostering Team > Fostering Team,20/04/2023,Upheld',
      ],
      'Units',
    );
    assert.deepEqual(
      rowsOf<Record<string, unknown>>(
        await handle.db.execute(
          sql`select c.reference, u.kind, (select name from org_unit_names n where n.org_unit_id = u.id limit 1) as unit,
                     (select count(*)::int from investigations i join stages s on s.id = i.stage_id where s.case_id = c.id) as investigations
              from feedback_cases c join org_units u on u.id = c.team_id where c.reference like 'UN%' order by c.reference`,
        ),
      ),
      [
        { reference: 'UN1', kind: 'directorate', unit: 'Directorate for Fostering Team', investigations: 0 },
        { reference: 'UN2', kind: 'service', unit: 'Service for Fostering Team', investigations: 0 },
        { reference: 'UN3', kind: 'team', unit: 'Duty', investigations: 1 },
        { reference: 'UN4', kind: 'team', unit: 'Fostering Team', investigations: 1 },
      ],
    );
  });

  it('stores a compliment’s origin, theme and member of staff on its compliment record; refuses them on other types', async () => {
    const header = 'legacy_reference,type,received_on,team,compliment_origin,compliment_theme,compliment_staff_name';
    const wrong = await svc.legacyImport.run(admin, {
      fileName: 'compliments.csv',
      content: Buffer.from([header, 'CP0,complaint,03/04/2023,,School,,'].join('\n')),
      legacySystem: 'Compliments',
      dryRun: true,
    });
    assert.deepEqual(
      wrong.problems.map((p) => [p.line, p.column, p.message]),
      [[2, 'compliment_origin', 'This is for compliments, and this row is a complaint']],
    );
    await importRows(
      header,
      ['CP1,compliment,03/04/2023,Fostering Team,Parent or carer,KINDNESS,Ann Smith', 'CP2,compliment,04/04/2023,,,,'],
      'Compliments',
    );
    assert.deepEqual(
      rowsOf<Record<string, unknown>>(
        await handle.db.execute(
          sql`select c.reference, o.label as origin, t.label as theme, m.staff_name, m.team_id is not null as has_team
              from compliments m join feedback_cases c on c.id = m.case_id
              left join reference_items o on o.id = m.origin_id left join reference_items t on t.id = m.theme_id
              where c.reference like 'CP%' order by c.reference`,
        ),
      ),
      [
        {
          reference: 'CP1',
          origin: 'Parent or carer',
          theme: 'Kindness and care',
          staff_name: 'Ann Smith',
          has_team: true,
        },
        { reference: 'CP2', origin: null, theme: null, staff_name: null, has_team: false },
      ],
    );
  });

  it('refuses an extension or pause the clock would set aside, as the casework would', async () => {
    const report = await svc.legacyImport.run(admin, {
      fileName: 'extensions.csv',
      content: Buffer.from(
        [
          'legacy_reference,type,received_on,procedure,stage1_extended_on,stage1_extension_days,stage1_extension_agreed,stage1_pauses,stage1_responded_on',
          'XX1,complaint,03/04/2023,Statutory,10/04/2023,60,yes,,02/05/2023',
        ].join('\n'),
      ),
      legacySystem: 'Extensions',
      dryRun: true,
    });
    assert.deepEqual(
      report.problems.map((p) => [p.line, p.column]),
      [[2, 'stage1_extended_on']],
    );
    assert.match(report.problems[0]!.message, /^This extension would not count: /);
    const early = await svc.legacyImport.run(admin, {
      fileName: 'extensions.csv',
      content: Buffer.from(
        [
          'legacy_reference,type,received_on,procedure,stage1_responded_on,stage2_requested_on,stage2_statement_agreed_on,stage2_extended_on,stage2_extension_days',
          'XX2,complaint,03/04/2023,Statutory,20/04/2023,01/05/2023,15/05/2023,10/05/2023,10',
        ].join('\n'),
      ),
      legacySystem: 'Extensions',
      dryRun: true,
    });
    assert.deepEqual(
      early.problems.map((p) => [p.line, p.column]),
      [[2, 'stage2_extended_on']],
      'an extension before the statement of complaint starts the Stage 2 clock',
    );
    assert.match(early.problems[0]!.message, /before the .* clock started \(2023-05-15\)/);
  });

  it('stores the council’s answer to the Ombudsman’s enquiry, which stops its clock, and the findings; a decision needs its date', async () => {
    const header =
      'legacy_reference,type,received_on,procedure,stage1_responded_on,lgsco_received_on,lgsco_enquiry_responded_on,lgsco_reference,lgsco_decision,lgsco_decision_on,lgsco_fault_found,lgsco_injustice_found';
    const undated = await svc.legacyImport.run(admin, {
      fileName: 'lgsco.csv',
      content: Buffer.from(
        [header, 'LG0,complaint,03/04/2023,Corporate,20/04/2023,01/06/2023,,23001234,Upheld,,,'].join('\n'),
      ),
      legacySystem: 'Ombudsman',
      dryRun: true,
    });
    assert.deepEqual(
      undated.problems.map((p) => [p.line, p.column, p.message]),
      [[2, 'lgsco_decision_on', 'Enter the date of the Ombudsman’s decision']],
    );
    await importRows(
      header,
      ['LG1,complaint,03/04/2023,Corporate,20/04/2023,01/06/2023,20/06/2023,23001234,Upheld,01/11/2023,yes,no'],
      'Ombudsman',
    );
    const id = await caseId('LG1');
    assert.deepEqual(
      rowsOf<Record<string, unknown>>(
        await handle.db.execute(
          sql`select lgsco_enquiry_received_on::text as received, lgsco_enquiry_responded_on::text as answered, lgsco_reference as ref,
                     lgsco_decision as decision, lgsco_decision_on::text as decided, lgsco_fault_found as fault, lgsco_injustice_found as injustice
              from stages where case_id = ${id} and kind = 'lgsco'`,
        ),
      ),
      [
        {
          received: '2023-06-01',
          answered: '2023-06-20',
          ref: '23001234',
          decision: 'upheld',
          decided: '2023-11-01',
          fault: true,
          injustice: false,
        },
      ],
    );
    const { clocks } = await svc.timescales.clocksForCase(id);
    assert.equal(clocks.find((k) => k.clock === 'lgsco_enquiry')!.result.completedOn, '2023-06-20');
  });

  it('stores when advocacy was offered to a child complaining, and their answer', async () => {
    await importRows(
      'legacy_reference,type,received_on,complainant_relationship,advocacy_offered_on,advocacy_response',
      ['AD1,complaint,03/04/2023,Child or young person,05/04/2023,Accepted: advocate appointed'],
      'Advocacy',
    );
    assert.deepEqual(
      rowsOf<Record<string, unknown>>(
        await handle.db.execute(
          sql`select advocacy_offered_on::text as offered, advocacy_response as response from feedback_cases where reference = 'AD1'`,
        ),
      ),
      [{ offered: '2023-04-05', response: 'Accepted: advocate appointed' }],
    );
  });

  it('stores Stage 2’s reports and adjudication dates and each cost the stage’s definition has', async () => {
    await importRows(
      'legacy_reference,type,received_on,procedure,stage1_responded_on,stage2_requested_on,stage2_statement_agreed_on,stage2_reports_received_on,stage2_adjudicated_on,stage2_responded_on,stage2_cost,stage2_independent_person_cost,stage2_other_cost,stage3_requested_on,stage3_cost,stage3_other_cost',
      [
        'CO1,complaint,03/04/2023,Statutory,20/04/2023,01/05/2023,05/05/2023,01/07/2023,05/07/2023,06/07/2023,3500,900,50.50,20/07/2023,1200,',
      ],
      'Costs',
    );
    assert.deepEqual(
      rowsOf<Record<string, unknown>>(
        await handle.db.execute(
          sql`select kind, reports_received_on::text as reports, adjudicated_on::text as adjudicated, investigator_cost_pence as investigator,
                     independent_person_cost_pence as independent, panel_cost_pence as panel, other_cost_pence as other
              from stages where case_id = (select id from feedback_cases where reference = 'CO1') and kind in ('stage2', 'stage3') order by kind`,
        ),
      ),
      [
        {
          kind: 'stage2',
          reports: '2023-07-01',
          adjudicated: '2023-07-05',
          investigator: 350000,
          independent: 90000,
          panel: null,
          other: 5050,
        },
        {
          kind: 'stage3',
          reports: null,
          adjudicated: null,
          investigator: null,
          independent: null,
          panel: 120000,
          other: null,
        },
      ],
    );
  });

  it('refuses a stage’s details it would otherwise drop: a Stage 2 cost alone, a Stage 1 response on a compliment', async () => {
    const report = await svc.legacyImport.run(admin, {
      fileName: 'dropped.csv',
      content: Buffer.from(
        [
          'legacy_reference,type,received_on,procedure,stage1_responded_on,stage2_cost',
          'DR1,complaint,03/04/2023,Corporate,20/04/2023,500',
          'DR2,compliment,03/04/2023,,20/04/2023,',
        ].join('\n'),
      ),
      legacySystem: 'Dropped',
      dryRun: true,
    });
    assert.deepEqual(
      report.problems.map((p) => [p.line, p.column, p.message]),
      [
        [2, 'stage2_requested_on', 'Stage 2 needs the date it was requested'],
        [
          3,
          'stage1_responded_on',
          'Stages are for complaints, and this row is a compliment: leave this empty, or make the row a complaint',
        ],
      ],
    );
  });

  it('refuses Stage 2, Stage 3 and Ombudsman details on a row that is not a complaint, once per column, by line', async () => {
    const report = await svc.legacyImport.run(admin, {
      fileName: 'not-complaints.csv',
      content: Buffer.from(
        [
          'legacy_reference,type,received_on,procedure,stage2_requested_on,stage2_outcome,stage3_requested_on,stage3_extended_on,lgsco_received_on,lgsco_reference,stage2_remedies,withdrawal_reason',
          'NC1,compliment,03/04/2023,,10/04/2023,,,,,,,',
          'NC2,MP enquiry,03/04/2023,,,Upheld,,,,,,',
          'NC3,comment,03/04/2023,,,,20/07/2023,21/07/2023,,,Apology,',
          'NC4,mp_enquiry,03/04/2023,,,,,,01/09/2023,LG-1,,',
          'NC5,complaint,03/04/2023,out_of_scope,01/05/2023,,,,01/09/2023,LG-2,,Resolved',
        ].join('\n'),
      ),
      legacySystem: 'Not complaints',
      dryRun: true,
    });
    const notComplaint = (type: string) =>
      `Stages are for complaints, and this row is a ${type}: leave this empty, or make the row a complaint`;
    const signposted = 'A complaint under this procedure is signposted, so it has no local stages: leave this empty';
    assert.deepEqual(
      report.problems.map((p) => [p.line, p.column, p.value, p.message]),
      [
        [2, 'stage2_requested_on', '10/04/2023', notComplaint('compliment')],
        [3, 'stage2_outcome', 'Upheld', notComplaint('mp enquiry')],
        [4, 'stage3_requested_on', '20/07/2023', notComplaint('comment')],
        [4, 'stage3_extended_on', '21/07/2023', notComplaint('comment')],
        [4, 'stage2_remedies', 'Apology', notComplaint('comment')],
        [5, 'lgsco_received_on', '01/09/2023', notComplaint('mp enquiry')],
        [5, 'lgsco_reference', 'LG-1', notComplaint('mp enquiry')],
        // A signposted complaint keeps its Ombudsman stage: only the local stages are refused.
        [6, 'stage2_requested_on', '01/05/2023', signposted],
        [6, 'withdrawal_reason', 'Resolved', signposted],
      ],
    );
    assert.equal(report.toImport, 0);
  });

  it('reads a file from disk as a stream, twice (check, then write), and the same file again imports nothing', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'heard-import-'));
    const file = path.join(dir, 'disk.csv');
    const rows = Array.from(
      { length: 2500 },
      (_, i) => `DS${i},complaint,03/04/2023,Corporate,Initial Response,20/04/2023,Upheld`,
    );
    await writeFile(
      file,
      ['legacy_reference,type,received_on,procedure,team,stage1_responded_on,stage1_outcome', ...rows].join('\n'),
    );
    try {
      const run = (dryRun: boolean) =>
        svc.legacyImport.run(admin, { fileName: 'disk.csv', path: file, legacySystem: 'Disk', dryRun });
      const dry = await run(true);
      assert.deepEqual([dry.rowsRead, dry.toImport, dry.problems.length], [2500, 2500, 0]);
      const done = await run(false);
      assert.deepEqual([done.imported, done.alreadyImported.length], [2500, 0]);
      assert.equal(await count(sql`select count(*)::int as n from feedback_cases where legacy_system = 'Disk'`), 2500);
      assert.equal(
        await count(
          sql`select count(*)::int as n from stages s join feedback_cases c on c.id = s.case_id where c.legacy_system = 'Disk'`,
        ),
        2500,
      );
      const again = await run(false);
      assert.deepEqual([again.imported, again.alreadyImported.length, again.batchId], [0, 2500, null]);
      assert.equal(await count(sql`select count(*)::int as n from import_batches where legacy_system = 'Disk'`), 1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a file that is not good CSV part way, or is not there, is refused whole with nothing written', async () => {
    const broken = Buffer.from(
      [
        'legacy_reference,type,received_on',
        ...Array.from({ length: 3000 }, (_, i) => `BR${i},complaint,03/04/2023`),
        'BR-last,"complaint,03/04/2023',
      ].join('\n'),
    );
    await assert.rejects(
      svc.legacyImport.run(admin, { fileName: 'broken.csv', content: broken, legacySystem: 'Broken', dryRun: false }),
      (err: { code?: string }) => err.code === 'IMPORT.BAD_FILE',
    );
    await assert.rejects(
      svc.legacyImport.run(admin, {
        fileName: 'missing.csv',
        path: path.join(tmpdir(), 'heard-no-such-file.csv'),
        legacySystem: 'Broken',
        dryRun: true,
      }),
      (err: { code?: string }) => err.code === 'IMPORT.BAD_FILE',
    );
    assert.equal(await count(sql`select count(*)::int as n from feedback_cases where legacy_system = 'Broken'`), 0);
  });

  it('names who handled each stage, in the roles its definition has, independent as it requires', async () => {
    const header =
      'legacy_reference,type,received_on,procedure,stage1_responded_on,stage1_investigating_manager,stage2_requested_on,stage2_investigating_officer,stage2_independent_person,stage3_requested_on,stage3_panel_chair';
    const refused = await svc.legacyImport.run(admin, {
      fileName: 'people.csv',
      content: Buffer.from(
        [
          header,
          'PP0,complaint,03/04/2023,Statutory,20/04/2023,Priya Shah,01/05/2023,priya  shah,Ruth Bell,20/07/2023,Ruth Bell',
        ].join('\n'),
      ),
      legacySystem: 'People',
      dryRun: true,
    });
    assert.deepEqual(
      refused.problems.map((p) => [p.line, p.column]),
      [
        [2, 'stage2_investigating_officer'],
        [2, 'stage3_panel_chair'],
      ],
    );
    await importRows(
      header,
      ['PP1,complaint,03/04/2023,Statutory,20/04/2023,Priya Shah,01/05/2023,Mark Olsen,Ruth Bell,20/07/2023,Sam Ode'],
      'People',
    );
    assert.deepEqual(
      rowsOf<Record<string, unknown>>(
        await handle.db.execute(
          sql`select s.kind as stage, p.role, p.name from stage_people p join stages s on s.id = p.stage_id
              where s.case_id = (select id from feedback_cases where reference = 'PP1') order by s.kind, p.role`,
        ),
      ),
      [
        { stage: 'stage1', role: 'investigating_manager', name: 'Priya Shah' },
        { stage: 'stage2', role: 'independent_investigating_officer', name: 'Mark Olsen' },
        { stage: 'stage2', role: 'independent_person', name: 'Ruth Bell' },
        { stage: 'stage3', role: 'panel_chair', name: 'Sam Ode' },
      ],
    );
  });
});
