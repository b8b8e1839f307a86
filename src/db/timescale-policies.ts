import type { TimescalePolicy } from '../domain/timescales/rules.ts';
import type { timescalePolicies } from './schema/index.ts';

type PolicyRow = typeof timescalePolicies.$inferSelect;

/** A timescale_policies row as the domain's policy. */
export function toPolicy(row: PolicyRow): TimescalePolicy {
  return {
    id: row.id,
    procedure: row.procedure,
    name: row.name,
    effectiveFrom: row.effectiveFrom,
    dueSoonDays: row.dueSoonDays,
    rules: row.rules,
    complaintTimeLimitMonths: row.complaintTimeLimitMonths,
  };
}
