import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { and, asc, count, eq, gt, isNotNull, or, sql } from 'drizzle-orm';
import { formatLongDate, londonDate } from '../domain/calendar/iso-date.ts';
import type { Clock } from '../domain/clock.ts';
import { FEEDBACK_TYPE_LABELS, STAGE_KINDS, type FeedbackType, type StageKind } from '../domain/cases/vocabulary.ts';
import { nextClock, type CaseClock } from '../domain/timescales/case-clocks.ts';
import type { Database } from '../db/database.ts';
import { caseParties, feedbackCases, people, stages, trackingCodes } from '../db/schema/index.ts';
import type { Actor } from './actor.ts';
import { recordAudit } from './audit-trail.ts';
import type { CouncilContact, CouncilSettingsService } from './council-settings.ts';
import { DomainError } from './errors.ts';
import type { NotificationsService } from './notifications/notifications.ts';
import { publicEmailFooter, waysToContact } from './notifications/public-footer.ts';
import type { TimescalesService } from './timescales.ts';

/** How long a code works, how many wrong tries it allows, and how many codes are sent. */
export const TRACKING_LIMITS = {
  codeMinutes: 15,
  wrongTries: 5,
  /** Codes emailed for one case in an hour: more asks are answered the same, but send nothing. */
  codesPerCasePerHour: 3,
  /** Codes asked for from one address in an hour, whatever the reference. */
  asksPerAddressPerHour: 10,
} as const;

/** The complainant, in the audit trail: not a member of staff, and not Heard itself. */
const COMPLAINANT: Actor = { userId: null, role: null, label: 'Complainant (track your feedback)' };

export const TRACKING_ERRORS = {
  wrong: 'The code is not right. Check the code in the email we sent you and try again.',
  expired: 'That code can no longer be used. Ask for a new code.',
  tooMany: 'You have asked for too many codes. Wait an hour, then try again.',
} as const;

/** What a complainant is shown: where it has got to, the next date and how to take it further. Nothing else. */
export interface PublicProgress {
  reference: string;
  what: string;
  receivedOn: string;
  stage: string;
  next: { text: string; date: string } | null;
  escalation: string[];
}

const hash = (salt: string, code: string) => createHash('sha256').update(`${salt}:${code}`).digest('hex');

/** Six digits, as typed: spaces and dashes people add are dropped. */
export function normaliseCode(typed: string): string {
  return typed.replace(/[\s-]/g, '');
}

/**
 * "Track your feedback": a reference and a one-time code sent to the email
 * address (or by text to the phone number) given with it; then where the case
 * has got to, in words meant for the public. Asking with a reference that
 * matches no case, or a case with no way to send the code, answers exactly as
 * a real one does (a code row is made, with
 * a code nobody is sent), so the page cannot be used to find out which
 * references exist.
 */
export function trackingService(
  db: Database,
  clock: Clock,
  deps: {
    notifications: NotificationsService;
    timescales: TimescalesService;
    council: Pick<CouncilSettingsService, 'contact'>;
  },
) {
  const minutesAgo = (n: number) => new Date(clock.now().getTime() - n * 60_000);

  /**
   * Where a code for this reference should go: the complainant's email
   * address, or else their phone number by text message where the sender can
   * send one (the outbox, or Notify with a text template).
   */
  async function findCase(
    reference: string,
  ): Promise<{ id: string; reference: string; to: { channel: 'email' | 'sms'; address: string } | null } | null> {
    const ref = reference.trim().toLowerCase();
    if (!ref || ref.length > 60) return null;
    const [c] = await db
      .select({ id: feedbackCases.id, reference: feedbackCases.reference })
      .from(feedbackCases)
      .where(sql`lower(${feedbackCases.reference}) = ${ref}`)
      .limit(1);
    if (!c) return null;
    const [who] = await db
      .select({ email: people.email, phone: people.phone })
      .from(caseParties)
      .innerJoin(people, eq(people.id, caseParties.personId))
      .where(
        and(
          eq(caseParties.caseId, c.id),
          eq(caseParties.role, 'complainant'),
          or(isNotNull(people.email), isNotNull(people.phone)),
        ),
      )
      .orderBy(asc(caseParties.createdAt))
      .limit(1);
    const to = who?.email
      ? { channel: 'email' as const, address: who.email }
      : who?.phone && deps.notifications.canText
        ? { channel: 'sms' as const, address: who.phone }
        : null;
    return { ...c, to };
  }

  return {
    /**
     * A code asked for: returns the id the code page needs, whatever the
     * reference. Only too many asks from one address is refused, which says
     * nothing about any reference.
     */
    async requestCode(reference: string, clientAddress: string | null): Promise<{ challengeId: string }> {
      if (clientAddress) {
        const [asked] = await db
          .select({ n: count() })
          .from(trackingCodes)
          .where(and(eq(trackingCodes.clientAddress, clientAddress), gt(trackingCodes.createdAt, minutesAgo(60))));
        if ((asked?.n ?? 0) >= TRACKING_LIMITS.asksPerAddressPerHour)
          throw new DomainError('TRACK.TOO_MANY', TRACKING_ERRORS.tooMany);
      }
      const found = await findCase(reference);
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const salt = randomBytes(16).toString('hex');
      const now = clock.now();
      return db.transaction(async (tx) => {
        let send = false;
        if (found?.to) {
          // Serialise asks for one case, so the per-case count is exact however many arrive at once.
          await tx
            .select({ id: feedbackCases.id })
            .from(feedbackCases)
            .where(eq(feedbackCases.id, found.id))
            .for('update');
          const [sent] = await tx
            .select({ n: count() })
            .from(trackingCodes)
            .where(and(eq(trackingCodes.caseId, found.id), gt(trackingCodes.createdAt, minutesAgo(60))));
          send = (sent?.n ?? 0) < TRACKING_LIMITS.codesPerCasePerHour;
        }
        const [row] = await tx
          .insert(trackingCodes)
          .values({
            caseId: send ? found!.id : null,
            codeHash: hash(salt, code),
            salt,
            clientAddress,
            createdAt: now,
            expiresAt: new Date(now.getTime() + TRACKING_LIMITS.codeMinutes * 60_000),
          })
          .returning({ id: trackingCodes.id });
        if (send) {
          const contact = await deps.council.contact(tx);
          const to = found!.to!;
          await deps.notifications.enqueue(tx, {
            caseId: found!.id,
            dedupeKey: `tracking-code:${row!.id}`,
            template: 'tracking_code',
            channel: to.channel,
            to: to.address,
            subject: `Your code to check your feedback: ${code}`,
            body:
              to.channel === 'email'
                ? trackingCodeBody(code, found!.reference, contact)
                : trackingCodeText(code, contact.councilName),
          });
        }
        return { challengeId: row!.id };
      });
    },

    /**
     * The code typed: right, in time and not used before, it is used up and
     * the check is in the case's audit trail; the case's id comes back.
     * Otherwise a DomainError whose message the page shows.
     */
    async checkCode(challengeId: string, typed: string): Promise<{ caseId: string }> {
      const code = normaliseCode(typed);
      if (!/^[0-9a-f-]{36}$/i.test(challengeId)) throw new DomainError('TRACK.CODE_EXPIRED', TRACKING_ERRORS.expired);
      return db
        .transaction(async (tx) => {
          const [row] = await tx.select().from(trackingCodes).where(eq(trackingCodes.id, challengeId)).for('update');
          const now = clock.now();
          if (!row || row.usedAt || row.expiresAt <= now || row.wrongTries >= TRACKING_LIMITS.wrongTries)
            throw new DomainError('TRACK.CODE_EXPIRED', TRACKING_ERRORS.expired);
          const right =
            /^[0-9]{6}$/.test(code) &&
            timingSafeEqual(Buffer.from(hash(row.salt, code), 'hex'), Buffer.from(row.codeHash, 'hex'));
          if (!right || !row.caseId) {
            // A wrong try is counted even when it fails: it is saved before the error goes back.
            await tx
              .update(trackingCodes)
              .set({ wrongTries: row.wrongTries + 1 })
              .where(eq(trackingCodes.id, row.id));
            return { caseId: null };
          }
          await tx.update(trackingCodes).set({ usedAt: now }).where(eq(trackingCodes.id, row.id));
          await recordAudit(tx, clock, COMPLAINANT, {
            action: 'case.progress_checked',
            entity: 'case',
            entityId: row.caseId,
            caseId: row.caseId,
            after: { note: 'Complainant checked progress' },
          });
          return { caseId: row.caseId };
        })
        .then((r) => {
          if (!r.caseId) throw new DomainError('TRACK.CODE_WRONG', TRACKING_ERRORS.wrong);
          return { caseId: r.caseId };
        });
    },

    /** Where the case has got to, for the complainant: no names, no case content, nothing about the child. */
    async progress(caseId: string): Promise<PublicProgress> {
      const [c] = await db
        .select({
          reference: feedbackCases.reference,
          type: feedbackCases.type,
          status: feedbackCases.status,
          receivedOn: feedbackCases.receivedOn,
          closedOn: feedbackCases.closedOn,
        })
        .from(feedbackCases)
        .where(eq(feedbackCases.id, caseId));
      if (!c) throw new DomainError('TRACK.CODE_EXPIRED', TRACKING_ERRORS.expired);
      const reached = await db
        .select({ kind: stages.kind, respondedOn: stages.respondedOn })
        .from(stages)
        .where(eq(stages.caseId, caseId));
      let clocks: CaseClock[] = [];
      try {
        clocks = c.status === 'closed' ? [] : (await deps.timescales.clocksForCase(caseId)).clocks;
      } catch {
        clocks = []; // a date outside the calendar's years: shown without a next date rather than failing
      }
      return publicProgress(
        { ...c, type: c.type as FeedbackType },
        reached,
        clocks,
        await deps.council.contact(),
        londonDate(clock.now()),
      );
    },
  };
}
export type TrackingService = ReturnType<typeof trackingService>;

/** The email with the code: the code, how long it works, and nothing about the case. */
export function trackingCodeBody(code: string, reference: string, contact: CouncilContact): string {
  return [
    'Hello,',
    '',
    `Your code to check where your feedback has got to (reference ${reference}) is:`,
    '',
    code,
    '',
    `The code works once, for ${TRACKING_LIMITS.codeMinutes} minutes.`,
    '',
    'If you did not ask for this code, you do not need to do anything: nobody can see your feedback without it.',
    '',
    ...publicEmailFooter(contact),
  ].join('\n');
}

/** The text message with the code: short, and nothing about the case. */
export function trackingCodeText(code: string, councilName: string): string {
  return `${code} is your code to check your feedback with ${councilName}. It works once, for ${TRACKING_LIMITS.codeMinutes} minutes. If you did not ask for it, ignore this message.`;
}

const STAGE_ORDER = (k: StageKind) => STAGE_KINDS.indexOf(k);

/** What each running clock means to the person waiting. */
const NEXT_DATE_TEXT: Partial<Record<CaseClock['clock'], string>> = {
  acknowledgement: 'We will contact you to say how we will look into it by',
  concern_resolution: 'We aim to sort out your concern by',
  stage1_response: 'You should get our reply by',
  stage2_investigation: 'You should get the Stage 2 outcome by',
  stage3_panel: 'The review panel should meet by',
  stage3_chair_report: 'The panel’s report should be ready by',
  stage3_authority_response: 'You should get our response to the panel by',
};

const OMBUDSMAN =
  'If you are still not happy once we have finished, you can ask the Local Government and Social Care Ombudsman to look at it: www.lgo.org.uk or 0300 061 0614.';

/** The progress page's words, from the case's status, stages and clocks (pure: today is given). */
export function publicProgress(
  c: { reference: string; type: FeedbackType; status: string; receivedOn: string; closedOn: string | null },
  reached: { kind: StageKind; respondedOn: string | null }[],
  clocks: readonly CaseClock[],
  contact: CouncilContact,
  today: string,
): PublicProgress {
  const latest = [...reached].sort((a, b) => STAGE_ORDER(b.kind) - STAGE_ORDER(a.kind))[0];
  const stageName = (k: StageKind) => (k === 'lgsco' ? 'With the Ombudsman' : `Stage ${k.slice(-1)}`);
  const stage =
    c.status === 'closed'
      ? `Finished${c.closedOn ? ` on ${formatLongDate(c.closedOn)}` : ''}`
      : c.status === 'new' || !latest
        ? c.status === 'new'
          ? 'Received: our complaints team is deciding how to look into it'
          : 'Being looked into'
        : latest.kind === 'lgsco'
          ? 'With the Local Government and Social Care Ombudsman'
          : latest.respondedOn
            ? `${stageName(latest.kind)}: we have sent our reply`
            : `${stageName(latest.kind)}: being looked into`;
  const due = nextClock(clocks.filter((k) => NEXT_DATE_TEXT[k.clock]));
  const next =
    due && due.result.dueOn ? { text: NEXT_DATE_TEXT[due.clock]!, date: formatLongDate(due.result.dueOn) } : null;
  const ways = waysToContact(contact) || `contact ${contact.councilName}'s complaints team`;
  const escalation: string[] = [];
  if (c.type === 'complaint' || c.type === 'concern') {
    const window = clocks.find(
      (k) =>
        k.rule.kind === 'window' &&
        !k.result.completedOn &&
        k.result.dueOn &&
        k.result.dueOn >= today &&
        (k.clock === 'stage2_request' || k.clock === 'stage3_request'),
    );
    if (window)
      escalation.push(
        window.clock === 'stage2_request'
          ? `If you are not happy with our reply, you can ask for your complaint to go to Stage 2 (an independent investigation) by ${formatLongDate(window.result.dueOn!)}: ${ways}, and quote your reference ${c.reference}.`
          : `If you are not happy with the Stage 2 outcome, you can ask for a review panel (Stage 3) by ${formatLongDate(window.result.dueOn!)}: ${ways}, and quote your reference ${c.reference}.`,
      );
    else
      escalation.push(
        `If you are not happy with how we are handling it, ${ways}, and quote your reference ${c.reference}.`,
      );
    escalation.push(OMBUDSMAN);
  } else {
    escalation.push(`To tell us anything more, ${ways}, and quote your reference ${c.reference}.`);
  }
  return {
    reference: c.reference,
    what: FEEDBACK_TYPE_LABELS[c.type],
    receivedOn: formatLongDate(c.receivedOn),
    stage,
    next,
    escalation,
  };
}
