import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setupYaml } from './export.ts';
import { checkSetup, type CurrentSetup, type PlanOptions } from './plan.ts';

const opts: PlanOptions = { today: '2024-06-01', procedureKeys: ['childrens_statutory', 'corporate'] };
const empty: CurrentSetup = { units: [], items: [] };

const FILE = `
organisation:
  - directorate: Children's Services
    opened: 2015-04-01
    defaultProcedure: childrens_statutory
    services:
      - name: Early Help
        teams:
          - Family Support North
          - name: Family Support South
            opened: 2019-09-01
referenceData:
  theme:
    - Communication
    - { label: Delay, code: DELAY_IN_SERVICE }
  remedy_type:
    - { label: Time and trouble payment, financial: true }
`;

/** The current set-up once a plan is carried out, as the service would (ids made up). */
function apply(current: CurrentSetup, text: string): CurrentSetup {
  const { plan, problems } = checkSetup(text, current, opts);
  assert.deepEqual(problems, []);
  const units = [...current.units];
  const idOf = (path: string[]) => {
    const walk = (p: string[]): string | null => {
      if (!p.length) return null;
      const parent = walk(p.slice(0, -1));
      return units.find((u) => u.parentId === parent && u.name === p[p.length - 1])!.id;
    };
    return walk(path);
  };
  for (const u of plan.units)
    units.push({
      id: `u${units.length}`,
      kind: u.kind,
      parentId: idOf(u.path.slice(0, -1)),
      name: u.name,
      openedOn: u.openedOn,
      closedOn: u.closedOn,
      defaultProcedure: u.defaultProcedure,
    });
  const items = [
    ...current.items,
    ...plan.items.map((i) => ({
      kind: i.kind,
      code: i.code,
      label: i.label,
      financial: i.financial,
      isChild: i.child,
      active: !i.retired,
    })),
  ];
  return { units, items };
}

describe('planning a set-up file', () => {
  it('lists what an empty Heard would gain, each unit after the one it sits under, dates inherited', () => {
    const { plan, problems } = checkSetup(FILE, empty, opts);
    assert.deepEqual(problems, []);
    assert.deepEqual(
      plan.units.map((u) => [u.kind, u.path.join(' > '), u.openedOn, u.defaultProcedure]),
      [
        ['directorate', "Children's Services", '2015-04-01', 'childrens_statutory'],
        ['service', "Children's Services > Early Help", '2015-04-01', null],
        ['team', "Children's Services > Early Help > Family Support North", '2015-04-01', null],
        ['team', "Children's Services > Early Help > Family Support South", '2019-09-01', null],
      ],
    );
    assert.deepEqual(
      plan.items.map((i) => [i.kind, i.label, i.code, i.financial]),
      [
        ['theme', 'Communication', 'COMMUNICATION', false],
        ['theme', 'Delay', 'DELAY_IN_SERVICE', false],
        ['remedy_type', 'Time and trouble payment', 'TIME_AND_TROUBLE_PAYMENT', true],
      ],
    );
  });

  it('is idempotent: once carried out, the same file adds nothing', () => {
    const after = apply(empty, FILE);
    const again = checkSetup(FILE, after, opts);
    assert.deepEqual(again.problems, []);
    assert.deepEqual(again.plan.units, []);
    assert.deepEqual(again.plan.items, []);
    assert.deepEqual(again.plan.alreadyThere, { units: 4, items: 3 });
  });

  it('matches units by name path and items by label or code, ignoring case', () => {
    const after = apply(empty, FILE);
    const more = `
organisation:
  - directorate: children's services
    opened: 2015-04-01
    services:
      - name: EARLY HELP
        teams: [Family Support North, Youth Justice]
referenceData:
  theme: [communication, { label: Delays, code: delay_in_service }, New theme]
`;
    const { plan, problems } = checkSetup(more, after, opts);
    assert.deepEqual(
      problems.map((p) => p.message),
      ['The code DELAY_IN_SERVICE is already used by "Delay"'],
    );
    assert.deepEqual(
      plan.units.map((u) => u.path.join(' > ')),
      ["children's services > EARLY HELP > Youth Justice"],
    );
    assert.deepEqual(
      plan.items.map((i) => i.label),
      ['New theme'],
    );
  });

  it('lists every problem with where it is, by line and in words', () => {
    const bad = `organisation:
  - directorate: Children's Services
    opened: 2015-02-30
    teams:
      - Lost Team
    services:
      - name: Early Help
        opened: 2030-01-01
      - name: Early Help
  - directorate: Adults
    services:
      - name: Care
referenceData:
  theme: [Communication, communication]
  flavour: [Salty]
  channel:
    - { label: Email, code: "e-mail" }
`;
    const { plan, problems } = checkSetup(bad, empty, opts);
    assert.deepEqual(
      problems.map((p) => [p.line, p.where, p.message]),
      [
        [
          3,
          "organisation › Children's Services › opened",
          '"2015-02-30" is not a real date: give it as YYYY-MM-DD, for example 2015-04-01',
        ],
        [
          5,
          "organisation › Children's Services › Lost Team",
          'A team must sit under a service: move it into one of the services\' "teams:" lists',
        ],
        [
          8,
          "organisation › Children's Services › Early Help › opened",
          'It opens in the future (2030-01-01): give the date it opened, on or before today',
        ],
        [
          9,
          "organisation › Children's Services › Early Help",
          '"Early Help" is named twice under Children\'s Services: give each service once',
        ],
        [10, 'organisation › Adults', 'Give the date the directorate opened ("opened: 2015-04-01")'],
        [12, 'organisation › Adults › Care', 'Give the date the service opened ("opened: 2015-04-01")'],
        [
          14,
          'referenceData › theme › communication',
          '"communication" is listed twice in theme (also item 1): give it once',
        ],
        [
          15,
          'referenceData › flavour',
          '"flavour" is not a list Heard has: use one of category, theme, service_user_group, complainant_relationship, ethnicity, channel, remedy_type, learning_type, action_type, compliment_origin, compliment_theme',
        ],
        [
          17,
          'referenceData › channel › Email › code',
          'The code "E-MAIL" must be capital letters, numbers and underscores, up to 40 characters',
        ],
      ],
    );
    assert.deepEqual(
      plan.items.map((i) => i.label),
      ['Communication'],
    );
  });

  it('says where the file is not the right shape, or not YAML', () => {
    const shape = checkSetup(
      'organisation:\n  - directorate: X\n    servces: []\nreferenceData:\n  theme: Communication\n',
      empty,
      opts,
    );
    assert.deepEqual(
      shape.problems.map((p) => [p.line, p.where, p.message]),
      [
        [2, 'organisation › X', '"servces" is not a field here'],
        [5, 'referenceData › theme', 'List the items, one per line starting "- "'],
      ],
    );
    const notYaml = checkSetup('organisation: [\n', empty, opts);
    assert.equal(notYaml.problems.length > 0, true);
    assert.match(notYaml.problems[0]!.message, /not valid YAML/);
  });

  it('a bad default procedure and a close before opening are problems; a unit Heard has needs no date', () => {
    const current: CurrentSetup = {
      units: [
        {
          id: 'd',
          kind: 'directorate',
          parentId: null,
          name: 'D',
          openedOn: '2010-01-01',
          closedOn: null,
          defaultProcedure: null,
        },
      ],
      items: [],
    };
    const { problems } = checkSetup(
      'organisation:\n  - directorate: D\n    services:\n      - name: S\n        defaultProcedure: nonsense\n        closed: 2009-01-01\n',
      current,
      opts,
    );
    assert.deepEqual(
      problems.map((p) => p.message),
      [
        'It cannot close (2009-01-01) before it opened (2010-01-01)',
        '"nonsense" is not a procedure: use one of childrens_statutory, corporate',
      ],
    );
  });
});

describe('exporting a set-up', () => {
  it('writes a file that, planned against an empty Heard, gives the same set-up back', () => {
    const current = apply(empty, FILE);
    current.items.push({
      kind: 'channel',
      code: 'POST',
      label: 'Letter',
      financial: false,
      isChild: false,
      active: false,
    });
    const text = setupYaml(current);
    const rebuilt = apply(empty, text);
    assert.equal(setupYaml(rebuilt), text);
    assert.match(text, /- label: Letter\n\s+code: POST\n\s+retired: true/);
  });
});
