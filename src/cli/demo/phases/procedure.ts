import type { Procedure } from '../../../domain/cases/vocabulary.ts';
import type { DemoComplaint } from './case.ts';
import type { DemoContext } from './context.ts';

/**
 * A complaint's procedure, from its team: usually the children's statutory procedure for social
 * care, the corporate one otherwise. Out-of-scope complaints are signposted and closed, and a few
 * corporate ones turn out to be questions; for those there is nothing more to generate (null).
 */
export function decideProcedure(
  ctx: DemoContext,
  c: Omit<DemoComplaint, 'procedure' | 'statutory'>,
): DemoComplaint | null {
  const { r, cal, out, past, at } = ctx;
  const { base, receivedOn, id: caseId, team, officer } = c;
  const procedure: Procedure = team.statutory
    ? r.chance(0.85)
      ? 'childrens_statutory'
      : 'corporate'
    : r.chance(0.97)
      ? 'corporate'
      : 'out_of_scope';
  base.procedure = procedure;
  out.procedureChanges.push({
    caseId,
    fromProcedure: null,
    toProcedure: procedure,
    reason:
      procedure === 'childrens_statutory'
        ? 'About social care for a child'
        : procedure === 'out_of_scope'
          ? 'About a school-run matter: signposted to the school'
          : 'About a non-social-care service',
    changedBy: officer.id,
    changedAt: at(receivedOn),
  });
  if (procedure === 'out_of_scope') {
    base.signposting =
      'This is a matter for the school governing body. We have passed on the school complaints procedure.';
    base.closedOn = past(base.acknowledgedOn) ? base.acknowledgedOn : null;
    if (!base.closedOn) base.status = 'open';
    return null;
  }
  if (r.chance(0.02) && procedure === 'corporate') {
    // Recorded as a complaint, really a question: the correction is kept and reports use "question".
    base.type = 'question';
    out.typeChanges.push({
      caseId,
      fromType: 'complaint',
      toType: 'question',
      reason: 'Asked for information only; no dissatisfaction expressed',
      changedBy: officer.id,
      changedAt: at(cal.addWorkingDays(receivedOn, 1)),
    });
    const done = cal.addWorkingDays(receivedOn, r.int(3, 10));
    if (past(done)) base.closedOn = done;
    else base.status = 'open';
    return null;
  }
  return { ...c, procedure, statutory: procedure === 'childrens_statutory' };
}
