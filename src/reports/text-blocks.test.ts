import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { shippedTestCalendar } from '../../test/support/calendar.ts';
import { reportRows } from '../../test/support/report-rows.ts';
import { reportModel } from './model.ts';
import { reportSections } from './sections.ts';
import { COMMENTARY_SECTIONS, NO_TEXTS, paragraphsOf, withTexts, type ReportTexts } from './text-blocks.ts';

const model = (texts?: ReportTexts) => ({
  ...reportModel(
    reportRows(),
    '2025-04-01',
    '2026-03-31',
    { teamNames: 'as_was', excludeMigratedFromTimescales: false },
    shippedTestCalendar(),
  ),
  texts,
});

describe('the council’s own words in the report', () => {
  it('offers commentary on exactly the sections the report has', () => {
    assert.deepEqual(
      reportSections(model(), 'Council').map((s) => ({ id: s.id, heading: s.heading })),
      COMMENTARY_SECTIONS.map((s) => ({ id: s.id, heading: s.heading })),
    );
  });

  it('splits a block into paragraphs at blank lines, joining the lines of each', () => {
    assert.deepEqual(paragraphsOf('First line\r\nstill first.\r\n\r\n  \nSecond.\n\n\n'), [
      'First line still first.',
      'Second.',
    ]);
    assert.deepEqual(paragraphsOf('   \n\n '), []);
    assert.deepEqual(paragraphsOf(undefined), []);
  });

  it('puts the foreword first, commentary after Heard’s sentences, and the closing blocks last', () => {
    const sections = reportSections(
      model({
        ...NO_TEXTS,
        status: 'draft',
        blocks: {
          foreword: 'A year of listening.',
          'commentary:outcomes': 'Fewer upheld than last year.\n\nWe think because of early resolution.',
          priorities: 'Answer sooner.',
        },
        youSaidWeDid: [
          { learning: 'Calls were not returned', actions: ['Call-back rota', 'Team briefing'] },
          { learning: 'Letters were late', actions: [] },
        ],
      }),
      'Council',
    );
    const ids = sections.map((s) => s.id);
    assert.deepEqual(ids, ['foreword', ...COMMENTARY_SECTIONS.map((s) => s.id), 'learning-text', 'priorities']);
    assert.deepEqual(sections[0]!.paragraphs, ['A year of listening.']);
    const outcomes = sections.find((s) => s.id === 'outcomes')!;
    assert.deepEqual(outcomes.paragraphs.slice(-2), [
      'Fewer upheld than last year.',
      'We think because of early resolution.',
    ]);
    const learning = sections.find((s) => s.id === 'learning-text')!;
    assert.equal(learning.heading, 'What we learned');
    assert.deepEqual(learning.tables[0]!.rows, [
      ['Calls were not returned', 'Call-back rota; Team briefing'],
      ['Letters were late', 'Action agreed, not yet completed'],
    ]);
  });

  it('adds no heading for a block with no text, and nothing at all without texts', () => {
    const plain = reportSections(model(), 'Council').map((s) => s.id);
    assert.deepEqual(
      withTexts(reportSections(model(), 'Council'), { ...NO_TEXTS, blocks: { foreword: '  \n\n ', advocacy: '' } }).map(
        (s) => s.id,
      ),
      plain,
    );
  });
});
