import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { it } from 'node:test';
import { REFERENCE_DEFAULTS } from '../../domain/reference-data/defaults.ts';
import type { ReferenceKind } from '../../domain/reference-data/kinds.ts';
import { shippedTestCalendar } from '../../../test/support/calendar.ts';
import { generateDemoData, type DemoData, type DemoOptions } from './generate.ts';

/** Reference ids as a database would give them, made from the codes so they are the same every run. */
const refs = Object.fromEntries(
  Object.entries(REFERENCE_DEFAULTS).map(([kind, items]) => [
    kind,
    new Map(items.map((item) => [item.code, `${kind}/${item.code}`])),
  ]),
) as Record<ReferenceKind, Map<string, string>>;

/** How many rows of each kind, and one hash over every row, in order. */
function fingerprint(data: DemoData) {
  const counts = Object.fromEntries(
    Object.entries(data).map(([key, value]) => [key, Array.isArray(value) ? value.length : value]),
  );
  const hash = createHash('sha256').update(JSON.stringify(data)).digest('hex');
  return { counts, hash };
}

const generate = (opts: Partial<DemoOptions>) =>
  fingerprint(
    generateDemoData({ today: '2026-11-21', calendar: shippedTestCalendar(), refs, referencePrefix: 'CS', ...opts }),
  );

// The demo council is the same for the same seed and day on every machine, and a change to how it is
// generated (such as splitting it into phases) must not change what it generates: these were recorded
// from the generator before it was split, and the hash covers every row, field and field order.
it('generates the same demo council for the same seed and day', () => {
  assert.deepEqual(generate({}), {
    counts: {
      orgUnits: 24,
      orgUnitNames: 25,
      users: 15,
      people: 1168,
      cases: 752,
      typeChanges: 757,
      procedureChanges: 607,
      themes: 1185,
      parties: 1431,
      compliments: 93,
      stages: 651,
      stagePeople: 695,
      investigations: 658,
      heads: 1265,
      remedies: 881,
      learning: 356,
      actions: 210,
      clockEvents: 174,
      contextFigures: 8,
      lastReferenceNumber: 752,
    },
    hash: '798e58a8cca061b2cf7336b38ffabde2dec1fe667298521bfaebb142e85d33fb',
  });
});

it('generates the same council for another seed, size and number of years', () => {
  assert.deepEqual(generate({ seed: 7, years: 2, casesPerYear: 90 }), {
    counts: {
      orgUnits: 24,
      orgUnitNames: 25,
      users: 15,
      people: 386,
      cases: 243,
      typeChanges: 247,
      procedureChanges: 203,
      themes: 369,
      parties: 466,
      compliments: 28,
      stages: 220,
      stagePeople: 232,
      investigations: 219,
      heads: 428,
      remedies: 267,
      learning: 126,
      actions: 73,
      clockEvents: 44,
      contextFigures: 6,
      lastReferenceNumber: 243,
    },
    hash: '4de3874f20c581d5d483d746160514d2da6d72a6a93e2ccb81fa038be240d5bc',
  });
});

it('generates the same cases-only set (for benchmarks)', () => {
  assert.deepEqual(generate({ seed: 7, years: 9, casesPerYear: 300, casesOnly: true }), {
    counts: {
      orgUnits: 24,
      orgUnitNames: 25,
      users: 15,
      people: 80,
      cases: 2885,
      typeChanges: 2885,
      procedureChanges: 0,
      themes: 0,
      parties: 0,
      compliments: 0,
      stages: 0,
      stagePeople: 0,
      investigations: 0,
      heads: 0,
      remedies: 0,
      learning: 0,
      actions: 0,
      clockEvents: 0,
      contextFigures: 20,
      lastReferenceNumber: 2885,
    },
    hash: '95ca60b73ddd5868094cc6c5936e19a7b92ea6015a61c14f18ce2e98029dd1cf',
  });
});
