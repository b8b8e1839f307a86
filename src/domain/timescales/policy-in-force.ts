import type { Procedure } from '../cases/vocabulary.ts';
import { DEFAULT_PROCEDURE } from '../procedures/registry.ts';
import type { TimescalePolicy } from './rules.ts';

/** The policy version in force for a case received on a date: the latest that had started by then. */
export function policyInForce<T extends Pick<TimescalePolicy, 'procedure' | 'effectiveFrom'>>(
  policies: readonly T[],
  procedure: Procedure,
  receivedOn: string,
): T | null {
  let best: T | null = null;
  for (const p of policies)
    if (p.procedure === procedure && p.effectiveFrom <= receivedOn && (!best || p.effectiveFrom >= best.effectiveFrom))
      best = p;
  return best;
}

/**
 * The rules a case runs under: the version pinned on it; else the one in force
 * for its procedure when it arrived; for a complaint whose procedure is not
 * decided yet, the children's statutory rules (its acknowledgement is due all
 * the same).
 */
export function policyForCase(
  c: { timescalePolicyId: string | null; procedure: Procedure | null; receivedOn: string; type: string },
  policies: TimescalePolicy[],
): TimescalePolicy | null {
  return (
    (c.timescalePolicyId ? policies.find((p) => p.id === c.timescalePolicyId) : null) ??
    (c.procedure ? policyInForce(policies, c.procedure, c.receivedOn) : null) ??
    (c.type === 'complaint' ? policyInForce(policies, DEFAULT_PROCEDURE, c.receivedOn) : null)
  );
}
