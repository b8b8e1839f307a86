import assert from 'node:assert/strict';
import { it } from 'node:test';
import { shippedTestCalendar } from '../../test/support/calendar.ts';
import { reportRows } from '../../test/support/report-rows.ts';
import { reportCharts } from './charts.ts';
import { reportModel } from './model.ts';
import type { ReportRows } from './rows.ts';

it('draws each chart as SVG with no inline style attributes or style elements (the page’s CSP forbids both)', () => {
  const rows: ReportRows = reportRows({
    cases: [
      {
        id: 'a',
        reference: 'CS-2023-00001',
        type: 'complaint',
        procedure: 'corporate',
        receivedOn: '2023-05-02',
        acknowledgedOn: null,
        closedOn: null,
        migrated: false,
        teamId: null,
        timescalePolicyId: null,
        channel: 'Email',
        category: null,
        themes: [],
        complainantId: null,
        relationship: null,
        childComplainant: false,
        childGroup: null,
        childEthnicity: null,
        lookedAfter: false,
        outcome: null,
      },
    ],
  });
  const charts = reportCharts(
    reportModel(
      rows,
      '2023-04-01',
      '2024-03-31',
      { teamNames: 'as_was', excludeMigratedFromTimescales: true },
      shippedTestCalendar(),
    ),
  );
  assert.deepEqual(
    charts.map((c) => c.name),
    ['by-month', 'by-type', 'by-team', 'by-service-area', 'outcomes'],
    'no timescale chart: no procedure has a response to chart',
  );
  for (const c of charts) {
    assert.match(c.svg, /^<svg /);
    assert.doesNotMatch(c.svg, / style="/);
    assert.doesNotMatch(c.svg, /<style/, `${c.name}: no <style> element (ECharts' hover rules)`);
    assert.doesNotMatch(c.svg, / class="/, `${c.name}: no classes left pointing at hover rules`);
  }
  assert.match(charts[0]!.svg, />May 2023</, 'the month with a case is labelled');
  for (const c of charts) {
    assert.ok(c.title.length > 10, `${c.name} has a title`);
    assert.match(c.description, /chart of .*\./, `${c.name} says what it shows, for its alt text`);
  }
  assert.match(charts[0]!.description, /May 2023 1;/, 'the alt text gives the figures');
  assert.match(charts[1]!.svg, /<pattern/, 'a chart of several series patterns them, so colour is not the only cue');
});

it('the stand-alone HTML report has every section, chart and table, with text escaped', async () => {
  const { reportHtml } = await import('./html.ts');
  const rows: ReportRows = {
    cases: [
      {
        id: 'a',
        reference: 'CS-2023-00001',
        type: 'complaint',
        procedure: 'corporate',
        receivedOn: '2023-05-02',
        acknowledgedOn: null,
        closedOn: null,
        migrated: false,
        teamId: null,
        timescalePolicyId: null,
        channel: 'Email <web>',
        category: null,
        themes: [],
        complainantId: null,
        relationship: null,
        childComplainant: false,
        childGroup: null,
        childEthnicity: null,
        lookedAfter: false,
        outcome: null,
      },
    ],
    stages: [],
    investigations: [],
    remedies: [],
    learning: [],
    actions: [],
    compliments: [],
    clockEvents: [],
    teams: [],
    policies: [],
    context: [],
  };
  const html = reportHtml(
    reportModel(
      rows,
      '2023-04-01',
      '2024-03-31',
      { teamNames: 'as_was', excludeMigratedFromTimescales: true },
      shippedTestCalendar(),
    ),
    'Test & Council',
  );
  assert.match(html, /^<!DOCTYPE html>/);
  assert.equal(html.match(/<svg /g)?.length, 5);
  assert.match(html, /<caption>Feedback by type \(corrected types\)<\/caption>/);
  assert.match(html, /<td>Email &lt;web&gt;<\/td><td class="num">1<\/td><td class="num">100%<\/td>/);
  assert.match(html, /Test &amp; Council/);
  assert.match(html, /<h2 id="definitions">Definitions<\/h2>/);
});
