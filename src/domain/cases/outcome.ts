import { FINDING_OUTCOMES, isUpheld, type Outcome } from './vocabulary.ts';

/**
 * A complaint's outcome rolls up from its investigations: any upheld part makes
 * the complaint at least partially upheld (docs/product.md, "Investigations and outcomes").
 * Withdrawn or no-finding investigations only decide the outcome when nothing
 * else does. Returns null while any investigation has no outcome yet.
 */
export function rollUpOutcome(investigationOutcomes: ReadonlyArray<Outcome | null>): Outcome | null {
  if (investigationOutcomes.length === 0) return null;
  if (investigationOutcomes.some((o) => o === null)) return null;
  const outcomes = investigationOutcomes as Outcome[];
  const findings = outcomes.filter((o) => FINDING_OUTCOMES.includes(o));
  if (findings.length > 0) {
    if (findings.every((o) => o === 'upheld')) return 'upheld';
    if (findings.some(isUpheld)) return 'partially_upheld';
    return 'not_upheld';
  }
  if (outcomes.every((o) => o === 'withdrawn')) return 'withdrawn';
  if (
    outcomes.includes('outside_jurisdiction') &&
    outcomes.every((o) => o === 'outside_jurisdiction' || o === 'withdrawn')
  ) {
    return 'outside_jurisdiction';
  }
  return 'no_finding';
}
