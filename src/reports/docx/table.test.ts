import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { ReportTable } from '../sections.ts';
import { widestWordTwips, textWidthTwips } from '../text-width.ts';
import { layoutTable } from './table.ts';
import { textWidth } from './page.ts';

const table = (head: string[], rows: (string | number)[][]): ReportTable => ({
  name: 't',
  caption: 't',
  head,
  formats: head.map((_, i) => (i === 0 ? 'text' : 'number')),
  rows,
});

it('a narrow table stays portrait at 10 point, each label on one line, filling the page', () => {
  const t = table(
    ['Type', '2023/24', '2024/25', '2025/26'],
    [
      ['Compliment', 31, 26, 29],
      ['Concern (informal)', 5, 4, 8],
    ],
  );
  const layout = layoutTable(t);
  assert.deepEqual([layout.orientation, layout.sizePt], ['portrait', 10]);
  assert.ok(layout.widths[0]! > textWidthTwips('Concern (informal)', 10), 'the longest label fits on one line');
  assert.ok(layout.widths.reduce((a, b) => a + b, 0) <= textWidth('portrait'));
});

it('a table of eleven columns turns landscape rather than break "Children\'s statutory"', () => {
  const head = [
    'Procedure',
    'Stage',
    'Responses',
    'Within timescale',
    'Within extension',
    'Missed',
    'Average working days',
    'Median working days',
    'Migrated, left out',
    'Dates missing, left out',
    'Withdrawn, left out',
  ];
  const layout = layoutTable(
    table(head, [["Children's statutory", 'Ombudsman (LGSCO)', 93, 49, 14, 30, 16.6, 10, 0, 0, 7]]),
  );
  assert.equal(layout.orientation, 'landscape');
  assert.ok(layout.widths[0]! > textWidthTwips("Children's statutory", layout.sizePt));
  head.forEach((h, i) =>
    assert.ok(layout.widths[i]! > widestWordTwips(h, layout.sizePt, true), `"${h}" has room for its longest word`),
  );
  assert.ok(layout.widths.reduce((a, b) => a + b, 0) <= textWidth('landscape'));
});
