/**
 * Case references are short enough to read over the phone and say the year the
 * feedback arrived: PREFIX-YYYY-NNNNN. The number comes from one database
 * sequence, so it never repeats even across years.
 */
export function formatCaseReference(prefix: string, receivedOn: string, sequence: number): string {
  const year = receivedOn.slice(0, 4);
  return `${prefix}-${year}-${String(sequence).padStart(5, '0')}`;
}

export const CASE_REFERENCE_PATTERN = /^[A-Z]{2,6}-\d{4}-\d{5,}$/;
