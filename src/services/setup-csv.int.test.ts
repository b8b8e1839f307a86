import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fixedClock } from '../domain/clock.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { orgUnits, referenceItems } from '../db/schema/index.ts';
import { testDatabase } from '../../test/support/database.ts';
import { makeUser, testServices } from '../../test/support/factories.ts';
import type { Actor } from './actor.ts';
import type { Services } from './index.ts';

const EXAMPLE = readFileSync('docs/examples/setup.yaml', 'utf8');
const clock = fixedClock('2024-06-01T09:00:00Z');
const csv = (fileName: string, ...lines: string[]) => ({ fileName, content: `${lines.join('\n')}\n` });

describe('setting Heard up from CSV files, one per list', () => {
  let from: DatabaseHandle;
  let to: DatabaseHandle;
  let svcFrom: Services;
  let svc: Services;
  let admin: Actor;
  before(async () => {
    from = await testDatabase();
    to = await testDatabase();
    svcFrom = await testServices(from, clock);
    svc = await testServices(to, clock);
    const loaded = await svcFrom.setup.load((await makeUser(svcFrom, 'administrator')).actor, EXAMPLE);
    assert.equal(loaded.loaded, true);
    admin = (await makeUser(svc, 'administrator')).actor;
  });
  after(async () => {
    await from.close();
    await to.close();
  });

  const count = async () => ({
    units: (await to.db.select().from(orgUnits)).length,
    items: (await to.db.select().from(referenceItems)).length,
  });
  const withoutHeading = (yaml: string) => yaml.split('\n').slice(1).join('\n');

  it('exports one file per list, and loading them into an empty Heard gives the same set-up; loading them again adds nothing', async () => {
    const files = await svcFrom.setup.exportCsv();
    const organisation = files.find((f) => f.fileName === 'organisation.csv')!;
    assert.deepEqual(organisation.text.split('\n').slice(0, 4), [
      'path,opened,closed,default_procedure',
      "Children's Services,2015-04-01,,childrens_statutory",
      "Children's Services > Children's Social Care,2015-04-01,,",
      "Children's Services > Children's Social Care > Assessment Team,2015-04-01,,",
    ]);
    const remedies = files.find((f) => f.fileName === 'remedy_type.csv')!;
    assert.ok(remedies.text.includes('Reimbursement,REIMBURSE,yes,,\n'), remedies.text);

    const content = files.map((f) => ({ fileName: f.fileName, content: f.text }));
    const before = await count();
    const dry = await svc.setup.check(content);
    assert.deepEqual(dry.problems, []);
    assert.equal(dry.plan.units.length, 2 + 4 + 11);
    assert.deepEqual(await count(), before, 'the dry run writes nothing');

    const loaded = await svc.setup.load(admin, content);
    assert.deepEqual([loaded.problems, loaded.loaded], [[], true]);
    assert.equal(withoutHeading(await svc.setup.export()), withoutHeading(await svcFrom.setup.export()));

    const after = await count();
    const again = await svc.setup.load(admin, content);
    assert.deepEqual([again.loaded, again.plan.units.length, again.plan.items.length], [false, 0, 0]);
    assert.deepEqual(await count(), after);
  });

  it('loads the example CSV files (docs/examples/setup-csv) into a new Heard with no problems', async () => {
    const fresh = await testDatabase();
    try {
      const svcFresh = await testServices(fresh, clock);
      const folder = 'docs/examples/setup-csv';
      const files = readdirSync(folder).map((f) => ({ fileName: f, content: readFileSync(path.join(folder, f)) }));
      const result = await svcFresh.setup.load((await makeUser(svcFresh, 'administrator')).actor, files);
      assert.deepEqual(result.problems, []);
      assert.deepEqual(
        result.plan.units
          .map((u) => [u.path.join(' > '), u.openedOn, u.closedOn])
          .sort((a, b) => a[0]!.localeCompare(b[0]!)),
        [
          ["Children's Services", '2015-04-01', null],
          ["Children's Services > Early Help", '2015-04-01', null],
          ["Children's Services > Early Help > Family Support North", '2015-04-01', null],
          ["Children's Services > Early Help > Youth Justice", '2018-09-01', null],
          ["Children's Services > Fostering and Adoption", '2017-04-01', null],
          ["Children's Services > Fostering and Adoption > Adoption Support", '2017-04-01', '2023-03-31'],
          ['Education and Skills', '2015-04-01', null],
          ['Education and Skills > Special Educational Needs', '2015-04-01', null],
          ['Education and Skills > Special Educational Needs > SEND Assessment', '2015-04-01', null],
        ],
      );
      assert.deepEqual(
        result.plan.items.map((i) => [i.kind, i.label, i.code, i.financial, i.child, i.retired]).sort(),
        [
          ['channel', 'Fax', 'FAX', false, false, true],
          ['complainant_relationship', 'Young person (care leaver)', 'CARE_LEAVER', false, true, false],
          ['remedy_type', 'Reimbursement', 'REIMBURSE', true, false, false],
          ['remedy_type', 'Time and trouble payment', 'TIME_AND_TROUBLE_PAYMENT', true, false, false],
          ['theme', 'Contact with family', 'FAMILY_CONTACT', false, false, false],
          ['theme', 'Record keeping', 'RECORD_KEEPING', false, false, false],
        ],
      );
    } finally {
      await fresh.close();
    }
  });

  it('adds a team under units Heard has, from a row naming only the team’s path', async () => {
    const result = await svc.setup.load(admin, [
      csv('organisation.csv', 'path,opened', "Children's Services > Early Help > Family Support East,2024-05-01"),
      csv('theme.csv', 'label,code', 'Transport,'),
    ]);
    assert.deepEqual(result.problems, []);
    assert.deepEqual(
      result.plan.units.map((u) => [u.path.join(' > '), u.openedOn]),
      [["Children's Services > Early Help > Family Support East", '2024-05-01']],
    );
    assert.deepEqual(
      result.plan.items.map((i) => [i.kind, i.label]),
      [['theme', 'Transport']],
    );
  });

  it('a bad file loads nothing: each problem names its file and line', async () => {
    const before = await count();
    const result = await svc.setup.load(admin, [
      csv(
        'organisation.csv',
        'path,opened,closed,default_procedure',
        'Housing,2016-04-01,,',
        'Housing > Tenancy,31/12/2016,,',
        'Housing,2016-04-01,,',
        'A > B > C > D,2016-04-01,,',
      ),
      csv('remedy_type.csv', 'label,code,financial', 'Rent refund,,maybe'),
      csv('teams.csv', 'label', 'X'),
    ]);
    assert.equal(result.loaded, false);
    assert.deepEqual(await count(), before);
    assert.deepEqual(
      result.problems.map((p) => [p.where, p.line ?? null]),
      [
        ['organisation.csv', 4],
        ['organisation.csv', 5],
        ['remedy_type.csv', 2],
        ['teams.csv', null],
      ],
    );
    const dates = await svc.setup.check([csv('organisation.csv', 'path,opened', 'Housing > Tenancy,31/12/2016')]);
    assert.deepEqual(
      dates.problems.map((p) => [p.where, p.line, p.message]),
      [
        // A directorate Heard does not have needs its own row, with its opening date.
        ['organisation.csv: organisation › Housing', 2, 'Give the date the directorate opened ("opened: 2015-04-01")'],
        [
          'organisation.csv: organisation › Housing › Tenancy › opened',
          2,
          '"31/12/2016" is not a real date: give it as YYYY-MM-DD, for example 2015-04-01',
        ],
      ],
    );
  });
});
