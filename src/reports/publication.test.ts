import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { recoverHidden } from '../../test/support/publication-check.ts';
import { FEEDBACK_TYPES } from '../domain/cases/vocabulary.ts';
import {
  fewerThan,
  NARROWED_WITHHELD,
  NOT_SHOWN,
  publishSections,
  WITHHELD,
  type PublishedTable,
} from './publication.ts';
import type { Cell, ReportSection, ReportTable } from './sections.ts';

/** A label, number, % table as sections.ts draws it (countTable). */
function countTable(name: string, counts: [string, number][], refs = true): ReportTable {
  const total = counts.reduce((a, [, n]) => a + n, 0);
  return {
    name,
    caption: name,
    head: ['Label', 'Number', '%'],
    formats: ['text', 'number', 'percent'],
    rows: counts.map(([l, n]) => [l, n, Math.round((n / total) * 1000) / 10]),
    refs: refs ? counts.map(([l, n]) => Array.from({ length: n }, (_, i) => `CS-${l}-${i}`)) : undefined,
    tracedColumn: 1,
    chart: name,
  };
}

/** By service area and type, with a total column (by-service-area). */
function serviceAreaTable(rows: [string, number[]][]): ReportTable {
  return {
    name: 'by-service-area',
    caption: 'by service area',
    head: ['Service area', ...FEEDBACK_TYPES, 'Total'],
    formats: ['text', ...FEEDBACK_TYPES.map(() => 'number' as const), 'number'],
    rows: rows.map(([l, xs]) => [l, ...xs, xs.reduce((a, b) => a + b, 0)]),
  };
}

const section = (id: string, tables: ReportTable[], paragraphs: string[] = []): ReportSection => ({
  id,
  heading: id,
  paragraphs,
  tables,
});

function publish(tables: ReportTable[], threshold = 5, id = 'people') {
  const out = publishSections([section(id, tables, ['3 complaints were made by children.', 'No figures here.'])], {
    threshold,
  });
  return { section: out[0]!, tables: out[0]!.tables as PublishedTable[] };
}

/** A seeded pseudo-random source, so a failure can be replayed. */
function random(seed: number) {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

describe('the published edition', () => {
  it('shows a count under the threshold as "fewer than 5", and hides the next smallest so it cannot be subtracted', () => {
    const exact = countTable('ethnicity', [
      ['White British', 40],
      ['Mixed', 12],
      ['Asian', 7],
      ['Black', 3],
    ]);
    const { tables } = publish([exact]);
    const t = tables[0]!;
    assert.deepEqual(
      t.rows.map((r) => r.slice(0, 3)),
      [
        ['White British', 40, 64.5],
        ['Mixed', 12, 19.4],
        ['Asian', NOT_SHOWN, NOT_SHOWN],
        ['Black', fewerThan(5), NOT_SHOWN],
      ],
    );
    assert.deepEqual(recoverHidden([exact], tables, 5), []);
  });

  it('hides a percentage of a hidden count, the drill-down to its cases and the chart', () => {
    const exact = countTable('relationship', [
      ['Parent', 30],
      ['Child', 2],
      ['Grandparent', 9],
    ]);
    const t = publish([exact]).tables[0]!;
    assert.deepEqual(
      t.refs!.map((r) => r.length),
      [30, 0, 0],
    );
    assert.equal(t.chart, undefined);
    assert.deepEqual(t.hidden[1], [null, 'primary', 'derived']);
  });

  it('leaves a table with nothing small as it is, chart and cases included', () => {
    const exact = countTable('ethnicity', [
      ['A', 10],
      ['B', 0 + 5],
    ]);
    const t = publish([exact]).tables[0]!;
    assert.deepEqual(t.rows, exact.rows);
    assert.equal(t.chart, 'ethnicity');
    assert.deepEqual(t.refs, exact.refs);
  });

  it('withholds a table whose only figure is its known total, rather than let it be read off', () => {
    const exact = countTable('ethnicity', [['White British', 3]]);
    const t = publish([exact]).tables[0]!;
    assert.equal(t.withheld, true);
    assert.deepEqual(t.rows, [[WITHHELD, NOT_SHOWN, NOT_SHOWN]]);
    assert.equal(t.refs, undefined);
    assert.deepEqual(recoverHidden([exact], [t], 5), []);
  });

  it('hides a second cell when a "fewer than 5" and a 5 would pin each other (1 + 5 = 6, each at its bound)', () => {
    const exact = countTable('service-user-group', [
      ['Disabled children', 50],
      ['Care leavers', 20],
      ['Fostering', 5],
      ['Adoption', 1],
    ]);
    const { tables } = publish([exact]);
    assert.deepEqual(recoverHidden([exact], tables, 5), []);
    assert.equal(tables[0]!.rows[2]![1], NOT_SHOWN);
    // 1 + 5 = 6 with "fewer than 5" at least 1 and "not shown" at least 5: a third hidden count is needed.
    assert.equal(tables[0]!.rows[1]![1], NOT_SHOWN);
  });

  it('protects rows and columns together in a table with a total column', () => {
    const exact = serviceAreaTable([
      ['Early help', [20, 6, 2, 8, 0, 0]],
      ['Social care', [30, 10, 9, 7, 1, 6]],
      ['Education', [12, 3, 0, 6, 0, 9]],
    ]);
    const { tables } = publish([exact]);
    assert.deepEqual(recoverHidden([exact], tables, 5), []);
  });

  it('hides a figure in every table that repeats it (a directorate this year, and in the three-year table)', () => {
    const unit: ReportTable = {
      name: 'by-directorate',
      caption: 'by directorate',
      head: ['Directorate', 'Complaints', 'Stage 1 responses', 'Within', '% within', 'Average'],
      formats: ['text', 'number', 'number', 'number', 'percent', 'number'],
      rows: [
        ['Children', 40, 30, 25, 83.3, 9],
        ['Education', 12, 10, 8, 80, 11],
        ['Resources', 3, 3, 3, 100, 7],
      ],
    };
    const years: ReportTable = {
      name: 'by-directorate-years',
      caption: 'by directorate over three years',
      head: ['Directorate', 'C1', 'C2', 'C3', 'P1', 'P2', 'P3'],
      formats: ['text', 'number', 'number', 'number', 'percent', 'percent', 'percent'],
      rows: [
        ['Children', 38, 41, 40, 80, 82, 83.3],
        ['Education', 15, 14, 12, 70, 75, 80],
        ['Resources', 9, 8, 3, 90, 100, 100],
      ],
    };
    const { tables } = publish([unit, years]);
    assert.deepEqual(recoverHidden([unit, years], tables, 5), []);
    // Education's 12 is hidden in the unit table to protect Resources' 3; the years table must not show it.
    assert.equal(tables[0]!.rows[1]![1], NOT_SHOWN);
    assert.equal(tables[1]!.rows[1]![3], NOT_SHOWN);
    assert.equal(tables[1]!.rows[2]![6], NOT_SHOWN);
  });

  it('keeps "no data" and gaps as they are', () => {
    const people: ReportTable = {
      name: 'people',
      caption: 'people',
      head: ['Measure', '2021/22', '2022/23', '2023/24'],
      formats: ['text', 'number', 'number', 'number'],
      rows: [
        ['Complaints made by children', 'no data', 2, 12],
        ['About looked after children', 'no data', null, 0],
      ],
    };
    const t = publish([people]).tables[0]!;
    assert.deepEqual(t.rows, [
      ['Complaints made by children', 'no data', fewerThan(5), 12],
      ['About looked after children', 'no data', null, 0],
    ]);
  });

  it('leaves out sentences that quote figures from a section with hidden numbers, and says what the marks mean', () => {
    const { section } = publish([
      countTable('ethnicity', [
        ['A', 20],
        ['B', 2],
        ['C', 9],
      ]),
    ]);
    assert.equal(section.paragraphs[0], 'No figures here.');
    assert.match(section.paragraphs[1]!, /from 1 to 4 are shown as “fewer than 5”/);
    assert.equal(section.paragraphs.length, 2);
  });

  it('follows the threshold set: 10 hides up to 9, 3 hides only 1s and 2s', () => {
    const exact = countTable('ethnicity', [
      ['A', 40],
      ['B', 9],
      ['C', 1],
      ['D', 12],
    ]);
    const ten = publish([exact], 10).tables[0]!;
    assert.equal(ten.rows[1]![1], fewerThan(10));
    assert.equal(ten.rows[2]![1], fewerThan(10));
    assert.deepEqual(recoverHidden([exact], [ten], 10), []);
    const three = publish([exact], 3).tables[0]!;
    assert.deepEqual(
      three.rows.map((r) => r[1]),
      [40, NOT_SHOWN, fewerThan(3), 12],
    );
    assert.deepEqual(recoverHidden([exact], [three], 3), []);
  });

  it('never lets a hidden count be recovered, over 400 random tables', () => {
    const next = random(20261130);
    const n = (max: number) => Math.floor(next() * max);
    for (let i = 0; i < 400; i++) {
      const threshold = 3 + n(6);
      const labels = Array.from({ length: 1 + n(8) }, (_, j) => `L${j}`);
      // Mostly small numbers, so that most tables need hiding.
      const value = () => (next() < 0.5 ? n(threshold) : n(threshold * 4));
      const counts = countTable(
        'ethnicity',
        labels.map((l) => [l, 1 + value()] as [string, number]),
      );
      const area = serviceAreaTable(labels.map((l) => [l, FEEDBACK_TYPES.map(() => value())]));
      const exact = [counts, area];
      const out = publishSections([section('people', exact)], { threshold })[0]!.tables;
      assert.deepEqual(
        recoverHidden(exact, out, threshold),
        [],
        `table set ${i}: ${JSON.stringify(exact.map((t) => t.rows))}`,
      );
    }
  });

  it('the checker catches a small count left showing, and one that can be subtracted', () => {
    const exact = countTable('ethnicity', [
      ['A', 40],
      ['B', 3],
    ]);
    const shown = (rows: Cell[][]) => [{ ...exact, rows }];
    assert.equal(recoverHidden([exact], shown(exact.rows), 5).length, 1);
    const onlyPrimary = shown([
      ['A', 40, 93],
      ['B', fewerThan(5), NOT_SHOWN],
    ]);
    assert.match(recoverHidden([exact], onlyPrimary, 5)[0]!, /can only be 3/);
  });
});

describe('a published report narrowed to a part of the organisation', () => {
  // Tables shown as they are for the whole service: by-type (a count by type) and outcomes.
  const summary = (complaints: number) =>
    section(
      'summary',
      [
        countTable('by-type', [
          ['Complaint', complaints],
          ['Compliment', 12],
        ]),
        countTable('ethnicity', [
          ['A', 9],
          ['B', 7],
        ]),
      ],
      [`There were ${complaints} complaints.`, 'Figures are for the part of the organisation chosen.'],
    );

  it('is withheld whole: every table, every sentence with a number', () => {
    for (const complaints of [1, 20]) {
      // Even with no small count: two published units, one inside the other, would give the difference away.
      const [first] = publishSections([summary(complaints)], { threshold: 5 }, { narrowed: true });
      assert.equal(first!.paragraphs[0], NARROWED_WITHHELD);
      assert.deepEqual(first!.paragraphs.slice(1), ['Figures are for the part of the organisation chosen.']);
      for (const t of first!.tables as PublishedTable[]) {
        assert.equal(t.withheld, true, t.name);
        assert.deepEqual(t.rows, [[WITHHELD, NOT_SHOWN, NOT_SHOWN]]);
        assert.equal(t.refs, undefined, 'no cases behind a withheld figure');
      }
    }
  });

  it('the whole service is never withheld this way: its counts by type are shown as they are', () => {
    const whole = publishSections([summary(1)], { threshold: 5 });
    assert.notEqual(whole[0]!.paragraphs[0], NARROWED_WITHHELD);
    assert.equal(whole[0]!.tables[0]!.rows[0]![1], 1);
  });
});
