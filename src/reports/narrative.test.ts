import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { PeriodFigures } from './figures.ts';
import { investigationsSentence, ombudsmanSentence, outcomesSentence, progressionSentence } from './narrative.ts';

/** Only the figures each sentence reads; the rest of a period is not needed to write it. */
const period = (p: Partial<PeriodFigures>) => p as PeriodFigures;
const ombudsman = (o: Partial<PeriodFigures['ombudsman']>) =>
  period({
    ombudsman: {
      enquiries: 0,
      decisions: [],
      faultFound: 0,
      injusticeFound: 0,
      remedies: 0,
      remediesDue: 0,
      remediesCompletedOnTime: 0,
      remediesOutstanding: 0,
      ...o,
    },
  });

it('the Ombudsman sentence never counts remedies it did not ask for', () => {
  assert.equal(
    ombudsmanSentence(ombudsman({})),
    'The Ombudsman made no decisions about the council’s complaints in the period.',
  );
  const none = ombudsmanSentence(
    ombudsman({ decisions: [{ label: 'Upheld', count: 2, percent: 100 }], faultFound: 1, injusticeFound: 1 }),
  );
  assert.equal(
    none,
    'The Ombudsman made 2 decisions in the period, finding fault in 1 and injustice in 1. It asked for no remedies.',
  );
  assert.doesNotMatch(none, /Of the 0/);
  assert.match(
    ombudsmanSentence(
      ombudsman({
        decisions: [{ label: 'Upheld', count: 1, percent: 100 }],
        faultFound: 1,
        remedies: 1,
        remediesCompletedOnTime: 1,
      }),
    ),
    /made 1 decision in .* It asked for 1 remedy: 1 was completed by the due date and 0 are not yet completed\./,
  );
});

it('the progression sentence names the Stage 3 reviews the table shows', () => {
  const p = (beyondStage1: number, stage2: number, stage3: number, lgsco: number) =>
    progressionSentence(
      period({ progression: { beyondStage1, stage2, stage3, lgsco, withdrawn: { stage2: 0, stage3: 0 } } }),
    );
  assert.equal(
    p(13, 9, 1, 4),
    '13 complaints progressed beyond Stage 1 in the period: 9 to Stage 2 and 4 to the Ombudsman. 1 Stage 3 review was requested after a Stage 2 response.',
  );
  assert.equal(
    p(1, 1, 0, 0),
    '1 complaint progressed beyond Stage 1 in the period: 1 to Stage 2 and 0 to the Ombudsman. No Stage 3 review was requested.',
  );
  assert.match(
    p(0, 0, 2, 0),
    /^No complaint progressed beyond Stage 1 in the period\. 2 Stage 3 reviews were requested/,
  );
});

it('the investigations sentence explains a difference only when there is one', () => {
  assert.equal(
    investigationsSentence(period({ complaints: 3, investigations: 3 })),
    'There were 3 complaints and 3 Stage 1 investigations.',
  );
  assert.match(investigationsSentence(period({ complaints: 3, investigations: 4 })), /an investigation for each\)\.$/);
});

it('the outcomes sentence counts what the outcomes table counts, and says nothing of none', () => {
  assert.equal(outcomesSentence(period({ outcomes: { closed: 0, byOutcome: [] } as never })), '');
  assert.equal(
    outcomesSentence(
      period({
        outcomes: {
          closed: 4,
          byOutcome: [
            { outcome: 'upheld', count: 1, percentOfClosed: 25, percentOfFindings: 25 },
            { outcome: 'partially_upheld', count: 2, percentOfClosed: 50, percentOfFindings: 50 },
          ],
        } as never,
      }),
    ),
    'Of the 4 Stage 1 investigations answered in the period, 25% were upheld and 50% partially upheld.',
  );
});
