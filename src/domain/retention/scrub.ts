import { REMOVED_MARKER } from './schedule.ts';

/**
 * Values in an audit entry that are facts about the case, never about a
 * person: kept when the entry's personal values are removed, so the history
 * still shows what happened and when. Every other text is replaced.
 */
const FACT_KEYS = new Set([
  'type',
  'status',
  'procedure',
  'outcome',
  'role',
  'kind',
  'stage',
  'clock',
  'delivery',
  'template',
  'channel',
  'reference',
  'decision',
  'lgscoDecision',
]);
const ISO_DATE_OR_TIME = /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}(:?\d{2})?)?)?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * An audit entry's before or after with every personal value replaced by the
 * marker: texts other than dates, ids and the case facts above. Numbers,
 * booleans and nulls stay; keys stay, so the entry still says what changed.
 */
export function scrubAuditValue(value: unknown, key = ''): unknown {
  if (typeof value === 'string') {
    if (value === '' || FACT_KEYS.has(key) || ISO_DATE_OR_TIME.test(value) || UUID.test(value)) return value;
    return REMOVED_MARKER;
  }
  if (Array.isArray(value)) return value.map((v) => scrubAuditValue(v, key));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubAuditValue(v, k)]));
  return value;
}
