import type { PeriodFigures } from './figures.ts';

/**
 * Sentences of the report written from its figures, one place for each, so
 * that the summary and the section that gives the detail say the same thing
 * in the same words, and no sentence counts what it has not got ("Of the 0
 * remedies…") or leaves out what a table shows (a Stage 3 review).
 */
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** "1 complaint", "2 complaints": a count with its noun, singular or plural. */
export const count = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/** How many cases became how many investigations; the reason they differ only when they do. */
export function investigationsSentence(p: PeriodFigures): string {
  const more = p.investigations > p.complaints;
  return `There were ${count(p.complaints, 'complaint')} and ${count(p.investigations, 'Stage 1 investigation')}${more ? ' (a complaint about several teams has an investigation for each)' : ''}.`;
}

/** Complaints that went beyond Stage 1 in the period, with the Stage 3 reviews requested (from Stage 2s of any year). */
export function progressionSentence(p: PeriodFigures): string {
  const { beyondStage1, stage2, stage3, lgsco } = p.progression;
  const stage3Part = stage3
    ? ` ${count(stage3, 'Stage 3 review was', 'Stage 3 reviews were')} requested after a Stage 2 response.`
    : ' No Stage 3 review was requested.';
  if (!beyondStage1) return `No complaint progressed beyond Stage 1 in the period.${stage3Part}`;
  return `${count(beyondStage1, 'complaint')} progressed beyond Stage 1 in the period: ${stage2} to Stage 2 and ${lgsco} to the Ombudsman.${stage3Part}`;
}

/** The Ombudsman's decisions, and the remedies it asked for only when it asked for some. */
export function ombudsmanSentence(p: PeriodFigures): string {
  const o = p.ombudsman;
  const decisions = sum(o.decisions.map((d) => d.count));
  if (!decisions) return 'The Ombudsman made no decisions about the council’s complaints in the period.';
  const found = `The Ombudsman made ${count(decisions, 'decision')} in the period, finding fault in ${o.faultFound} and injustice in ${o.injusticeFound}.`;
  if (!o.remedies) return `${found} It asked for no remedies.`;
  return `${found} It asked for ${count(o.remedies, 'remedy', 'remedies')}: ${o.remediesCompletedOnTime} ${o.remediesCompletedOnTime === 1 ? 'was' : 'were'} completed by the due date and ${o.remediesOutstanding} ${o.remediesOutstanding === 1 ? 'is' : 'are'} not yet completed.`;
}

/** Stage 1 outcomes, as the outcomes table counts them: of the investigations answered in the period. */
export function outcomesSentence(p: PeriodFigures): string {
  const closed = p.outcomes.closed;
  if (!closed) return '';
  const percent = (o: string) => p.outcomes.byOutcome.find((x) => x.outcome === o)?.percentOfClosed ?? 0;
  return `Of the ${count(closed, 'Stage 1 investigation')} answered in the period, ${percent('upheld')}% were upheld and ${percent('partially_upheld')}% partially upheld.`;
}
