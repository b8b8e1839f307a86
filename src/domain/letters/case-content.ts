import { OUTCOME_LABELS, type Outcome } from '../cases/vocabulary.ts';

/**
 * The parts of a response letter that come from the investigation, so the
 * officer does not retype them: each head of complaint with its finding, and
 * the remedies agreed. A head without a finding is merged with an instruction
 * in square brackets, which stops the letter going out until it is written.
 */
export interface HeadForLetter {
  summary: string;
  finding: string | null;
  outcome: Outcome | null;
}

export interface RemedyForLetter {
  /** The kind of remedy (an apology, a payment…), as the council's list names it. */
  type: string | null;
  description: string | null;
  amountPence: number | null;
}

const oneLine = (s: string) => s.replace(/\s*\r?\n\s*/g, ' ').trim();

/** The heads of complaint, numbered, each with what was found and the decision on it; null when there are none. */
export function findingsText(heads: readonly HeadForLetter[]): string | null {
  if (heads.length === 0) return null;
  return heads
    .map((h, i) => {
      const n = i + 1;
      const lines = [`${n}. ${oneLine(h.summary)}`];
      const finding = h.finding?.trim();
      lines.push(finding ? `What we found: ${finding}` : `What we found: [Write what we found about point ${n}]`);
      if (h.outcome) lines.push(`Our decision on this point: ${OUTCOME_LABELS[h.outcome].toLowerCase()}.`);
      return lines.join('\n');
    })
    .join('\n\n');
}

/** "£1,250.00". */
export function poundsText(pence: number): string {
  return `£${(pence / 100).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** The remedies agreed, one a line; null when none are recorded. */
export function remediesText(remedies: readonly RemedyForLetter[]): string | null {
  if (remedies.length === 0) return null;
  return remedies
    .map((r) => {
      // A list's label may carry a hint for staff ("Financial remedy (amount in pounds)"): not for the letter.
      const type = r.type?.replace(/\s*\([^)]*\)$/, '') || null;
      const what = [type, r.description?.trim()].filter(Boolean).join(': ');
      const amount = r.amountPence ? ` (${poundsText(r.amountPence)})` : '';
      return `- ${oneLine(what) || 'A remedy'}${amount}`;
    })
    .join('\n');
}
