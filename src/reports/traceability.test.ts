import { reportRows } from '../../test/support/report-rows.ts';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { it } from 'node:test';
import { ROLES } from '../domain/access/roles.ts';
import { SYSTEM_ACTOR } from '../services/actor.ts';
import { shippedTestCalendar } from '../../test/support/calendar.ts';
import { reportModel } from './model.ts';
import type { ReportCase, ReportRows } from './rows.ts';
import { reportTables } from './sections.ts';
import { shapeModel, traceability } from './traceability.ts';

it('decides what each role may trace from the README’s roles table', () => {
  const levels = Object.fromEntries(ROLES.map((role) => [role, traceability({ userId: 'u1', role })]));
  assert.deepEqual(levels, {
    administrator: 'full',
    complaints_officer: 'full',
    investigating_manager: 'own cases',
    senior_manager: 'full',
    report_viewer: 'none',
  });
  assert.equal(traceability(SYSTEM_ACTOR), 'none', 'no one signed in: figures only');
});

const aCase = (id: string, reference: string, over: Partial<ReportCase> = {}): ReportCase => ({
  id,
  reference,
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
  themes: ['Delay'],
  complainantId: null,
  relationship: 'Mother',
  childComplainant: false,
  childGroup: 'SEND / EHCP',
  childEthnicity: 'Gypsy / Roma',
  lookedAfter: false,
  outcome: null,
  ...over,
});
const rows: ReportRows = reportRows({
  cases: [aCase('a', 'CS-2023-00001'), aCase('b', 'CS-2023-00002', { childEthnicity: 'White - British' })],
});
const built = () =>
  reportModel(
    rows,
    '2023-04-01',
    '2024-03-31',
    { teamNames: 'as_was', excludeMigratedFromTimescales: true },
    shippedTestCalendar(),
  );

it('shapes a copy: every list of references out for "none", cut to the reader’s own for "own cases", the model given unchanged', () => {
  const model = built();
  const before = structuredClone(model);
  const none = shapeModel(model, { traceability: 'none' });
  assert.equal(none.traceability, 'none');
  assert.doesNotMatch(JSON.stringify(none), /CS-2023|"refs/);
  assert.ok(
    reportTables(none).every((t) => t.refs === undefined),
    'no table carries references',
  );
  assert.deepEqual(
    none.periods[2]!.people.ethnicity.map((c) => [c.label, c.count]),
    [
      ['Gypsy / Roma', 1],
      ['White - British', 1],
    ],
    'the figures stay',
  );

  const own = shapeModel(model, { traceability: 'own cases', own: new Set(['CS-2023-00002']) });
  assert.equal(own.traceability, 'own cases');
  assert.deepEqual(own.periods[2]!.refsByType!.complaint, ['CS-2023-00002']);
  assert.deepEqual(
    own.periods[2]!.people.ethnicity.map((c) => [c.label, c.count, c.refs]),
    [
      ['Gypsy / Roma', 1, []],
      ['White - British', 1, ['CS-2023-00002']],
    ],
  );
  assert.doesNotMatch(JSON.stringify(own), /CS-2023-00001/);

  assert.deepEqual(model, before, 'the kept model is as it was');
  assert.equal(shapeModel(model, { traceability: 'full' }), model);
});

it('pages and downloads read the model shaped for their reader, never the full one', () => {
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory()
        ? files(path.join(dir, e.name))
        : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')
          ? [path.join(dir, e.name)]
          : [],
    );
  const offences = files('src/web').filter((f) => /reports\.model\(/.test(readFileSync(f, 'utf8')));
  assert.deepEqual(offences, [], 'use svc.reports.modelFor(request.actor, ...)');
});
