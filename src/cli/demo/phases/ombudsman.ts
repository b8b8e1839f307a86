import { addCalendarDays, type IsoDate } from '../../../domain/calendar/iso-date.ts';
import { outcomeOfLgscoDecision, type LgscoDecision } from '../../../domain/cases/vocabulary.ts';
import type { DemoComplaint } from './case.ts';
import type { DemoContext } from './context.ts';
import type { DemoEscalation } from './escalation.ts';

/**
 * The Ombudsman: a few closed complaints come back as an enquiry months later, answered within
 * a month or so, then decided; an upheld decision brings an apology and a payment. Gives the
 * date the case closed (null while it is open).
 */
export function generateOmbudsman(ctx: DemoContext, c: DemoComplaint, after: DemoEscalation): IsoDate | null {
  const { r, out, ref, past } = ctx;
  const { id: caseId, procedure } = c;
  const { lastClosed, finalOutcome } = after;
  if (!(lastClosed && finalOutcome !== 'withdrawn' && r.chance(0.035))) return lastClosed;
  const enquiry = addCalendarDays(lastClosed, r.int(30, 150));
  if (!past(enquiry)) return lastClosed;
  const lgscoId = r.uuid();
  const responded = addCalendarDays(
    enquiry,
    r.weighted([
      [r.int(14, 28), 80],
      [r.int(29, 45), 20],
    ] as const),
  );
  const decisionOn = addCalendarDays(enquiry, r.int(60, 200));
  const decided = past(decisionOn);
  const decision: LgscoDecision = r.weighted([
    ['upheld', 45],
    ['closed_after_initial_enquiries', 30],
    ['premature_referred_back', 10],
    ['not_upheld', 10],
    ['not_investigated', 5],
  ] as const);
  out.stages.push({
    id: lgscoId,
    caseId,
    kind: 'lgsco',
    procedure,
    requestedOn: enquiry,
    startedOn: enquiry,
    lgscoReference: `${String(Number(enquiry.slice(2, 4)))}/${String(r.int(100, 19999)).padStart(5, '0')}`,
    lgscoEnquiryReceivedOn: enquiry,
    lgscoEnquiryRespondedOn: past(responded) ? responded : null,
    lgscoDecision: decided ? decision : null,
    lgscoDecisionOn: decided ? decisionOn : null,
    lgscoFaultFound: decided ? decision === 'upheld' : null,
    lgscoInjusticeFound: decided ? decision === 'upheld' && r.chance(0.8) : null,
    respondedOn: decided ? decisionOn : null,
    closedOn: decided ? decisionOn : null,
    outcome: decided ? outcomeOfLgscoDecision(decision) : null,
  });
  if (decided && decision === 'upheld') {
    const due = addCalendarDays(decisionOn, 30);
    out.remedies.push({
      stageId: lgscoId,
      remedyTypeId: ref('remedy_type', 'APOLOGY'),
      description: 'Written apology',
      dueOn: due,
      completedOn: past(addCalendarDays(decisionOn, 14)) ? addCalendarDays(decisionOn, 14) : null,
      complianceEvidence: 'Copy of apology letter sent to the Ombudsman',
    });
    out.remedies.push({
      stageId: lgscoId,
      remedyTypeId: ref('remedy_type', 'FINANCIAL'),
      amountPence: r.int(2, 15) * 10000,
      description: 'Payment for distress and time and trouble',
      dueOn: due,
      completedOn: past(addCalendarDays(decisionOn, 25)) ? addCalendarDays(decisionOn, 25) : null,
      complianceEvidence: 'Payment confirmation',
    });
  }
  return decided ? decisionOn : null;
}
