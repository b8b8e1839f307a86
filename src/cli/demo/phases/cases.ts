import { formatCaseReference } from '../../../domain/cases/reference-number.ts';
import type * as s from '../../../db/schema/index.ts';
import { COMPLAINT_SUBJECTS } from '../organisation.ts';
import type { DemoArrival } from './arrivals.ts';
import type { DemoCase, DemoWorld } from './case.ts';
import { generateCompliment } from './compliments.ts';
import { describeFeedback, closeOtherFeedback } from './feedback.ts';
import type { DemoContext, Insert } from './context.ts';
import { decideProcedure } from './procedure.ts';
import { generateStage1 } from './stage1.ts';
import { generateEscalation } from './escalation.ts';
import { generateOmbudsman } from './ombudsman.ts';

/**
 * Phase 5, the cases, in order of arrival so references count up with time.
 * Each goes through the phases below as far as its type takes it. Returns the
 * last reference number used.
 */
export function generateCases(ctx: DemoContext, world: DemoWorld, arrivals: readonly DemoArrival[]): number {
  let seq = 0;
  for (const arrival of arrivals) {
    seq += 1;
    generateCase(ctx, world, arrival, seq);
  }
  return seq;
}

function generateCase(ctx: DemoContext, world: DemoWorld, arrival: DemoArrival, seq: number): void {
  const { r } = ctx;
  const c = recordCase(ctx, world, arrival, seq);
  if (ctx.opts.casesOnly) return casesOnlyDetail(ctx, world, c);
  const who = world.pickComplainant();
  const relationship = r.weighted([
    ['MOTHER', 45],
    ['FATHER', 21],
    ['GRANDPARENT', 8],
    ['FOSTER_CARER', 5],
    ['SPECIAL_GUARDIAN', 3],
    ['ADVOCATE', 3],
    ['CHILD', 2],
    ['SOLICITOR', 2],
    ['OTHER_RELATIVE', 4],
    ['MP', 2],
    ['OTHER', 5],
  ] as const);
  if (arrival.type === 'compliment') return generateCompliment(ctx, world, c, who, relationship);

  const described = describeFeedback(ctx, world, c, who, relationship);
  if (arrival.type !== 'complaint') return closeOtherFeedback(ctx, c, arrival.type);

  const complaint = decideProcedure(ctx, described);
  if (!complaint) return;
  const stage1 = generateStage1(ctx, world, complaint);
  const escalated = generateEscalation(ctx, world, complaint, stage1);
  const lastClosed = generateOmbudsman(ctx, complaint, escalated);

  const { base } = c;
  base.outcome = stage1.stage.outcome ?? null;
  if (lastClosed) {
    base.closedOn = lastClosed;
    base.status = 'closed';
  } else {
    base.status = base.acknowledgedOn ? 'open' : 'new';
    base.closedOn = null;
    if (base.status === 'new') base.investigatingManagerId = null;
  }
}

/** The case row as recorded on the day it arrived (closed until a later phase says otherwise), and its first type. */
function recordCase(ctx: DemoContext, world: DemoWorld, arrival: DemoArrival, seq: number): DemoCase {
  const { r, out, ref, opts, at, firstFy } = ctx;
  const migrationDate = `${firstFy + 1}-01-15`;
  const caseId = r.uuid();
  const receivedOn = arrival.date;
  const reference = formatCaseReference(opts.referencePrefix, receivedOn, seq);
  const migrated = receivedOn < migrationDate;
  const channelId = ref(
    'channel',
    migrated
      ? r.weighted([
          ['EMAIL', 50],
          ['WEB_FORM', 25],
          ['TELEPHONE', 15],
          ['LETTER', 8],
          ['IN_PERSON', 2],
        ] as const)
      : r.weighted([
          ['EMAIL', 40],
          ['WEB_FORM', 20],
          ['PORTAL', 18],
          ['TELEPHONE', 14],
          ['LETTER', 5],
          ['IN_PERSON', 3],
        ] as const),
  );
  const officer = r.pick(world.staff.officers);
  const type = arrival.type;
  const base: Insert<typeof s.feedbackCases> = {
    id: caseId,
    reference,
    type,
    status: 'closed',
    receivedOn,
    channelId,
    subject: '',
    description: '',
    migrated,
    legacySystem: migrated ? 'Contact Us' : null,
    legacyReference: migrated ? `CU${String(100000 + seq)}` : null,
    createdBy: officer.id,
    createdAt: at(receivedOn),
    updatedAt: at(receivedOn),
  };
  out.cases.push(base);
  out.typeChanges.push({
    caseId,
    fromType: null,
    toType: type,
    reason: migrated ? 'Migrated from Contact Us' : 'Recorded',
    changedBy: officer.id,
    changedAt: at(receivedOn),
  });
  return { id: caseId, base, receivedOn, officer };
}

/** For a quick bulk set (casesOnly): a team, a subject, a procedure and a closing date, nothing more. */
function casesOnlyDetail(ctx: DemoContext, world: DemoWorld, c: DemoCase): void {
  const { r, cal, today } = ctx;
  const { base, receivedOn } = c;
  const type = base.type;
  const team = r.weighted(world.org.teamsOpenOn(receivedOn, () => true).map((t) => [t, t.weight] as const));
  base.subject = r.pick(COMPLAINT_SUBJECTS.corporate!);
  base.teamId = world.org.teamIds.get(team.key)!;
  base.procedure = type === 'complaint' ? (team.statutory ? 'childrens_statutory' : 'corporate') : null;
  const done = cal.addWorkingDays(receivedOn, r.int(3, 40));
  if (done <= today) base.closedOn = done;
  else base.status = 'open';
}
