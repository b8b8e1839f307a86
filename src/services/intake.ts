import { DEFAULT_PROCEDURE } from '../domain/procedures/registry.ts';
import { eq } from 'drizzle-orm';
import type { Clock } from '../domain/clock.ts';
import { londonDate } from '../domain/calendar/iso-date.ts';
import { subjectFrom } from '../domain/intake/subject.ts';
import { FEEDBACK_TYPE_LABELS, type FeedbackType } from '../domain/cases/vocabulary.ts';
import { whatHappensNext } from '../domain/intake/what-happens-next.ts';
import { policyInForce } from '../domain/timescales/policy-in-force.ts';
import type { Database } from '../db/database.ts';
import { feedbackCases, publicSubmissions } from '../db/schema/index.ts';
import type { Actor } from './actor.ts';
import type { AttachmentsService } from './attachments.ts';
import type { CalendarService } from './calendar.ts';
import type { CasesService, NewCaseInput } from './cases/index.ts';
import type { CouncilContact, CouncilSettingsService } from './council-settings.ts';
import type { StagedUploadsService } from './intake-uploads.ts';
import { ACKNOWLEDGEMENT_TEMPLATE, type NotificationsService } from './notifications/notifications.ts';
import { publicEmailFooter, waysToContact } from './notifications/public-footer.ts';
import type { ReferenceDataService } from './reference-data.ts';
import type { TimescalesService } from './timescales.ts';

/** The public form acts as itself in the audit trail. */
export const PUBLIC_ACTOR: Actor = { userId: null, role: null, label: 'Public form' };

export interface PublicAnswers {
  route: 'adult' | 'young_person';
  type: 'complaint' | 'compliment' | 'comment';
  /** Complainant relationship code (CHILD for a young person writing for themself). */
  relationship: string;
  givenName: string;
  familyName: string;
  contactBy: 'email' | 'phone' | 'post' | 'through_adult';
  email?: string;
  phone?: string;
  addressLine1?: string;
  town?: string;
  postcode?: string;
  child?: { givenName: string; familyName: string; dateOfBirth?: string | null };
  consent?: 'agrees' | 'too_young' | 'not_asked' | null;
  consentDetails?: string;
  teamId?: string | null;
  whatHappened: string;
  eventsOn?: string | null;
  outcomeWanted?: string;
  wantsAdvocate?: 'yes' | 'no' | 'not_sure' | null;
  trustedAdult?: { name: string; contact: string } | null;
}

const CONSENT_TEXT = {
  agrees: 'The child knows about the complaint and agrees to it.',
  too_young: 'The child is too young or not able to agree.',
  not_asked: 'The child has not been asked, or does not agree.',
};

export function intakeService(
  db: Database,
  clock: Clock,
  deps: {
    cases: CasesService;
    attachments: AttachmentsService;
    uploads: StagedUploadsService;
    notifications: NotificationsService;
    referenceData: ReferenceDataService;
    timescales: TimescalesService;
    calendar: CalendarService;
    /** The council's contact details, as an administrator set them: in every email to the public. */
    council: Pick<CouncilSettingsService, 'contact'>;
  },
) {
  async function nextSteps(type: FeedbackType, receivedOn: string, forChild: boolean): Promise<string[]> {
    const policy = policyInForce(await deps.timescales.all(), DEFAULT_PROCEDURE, receivedOn);
    return whatHappensNext(type, receivedOn, policy, await deps.calendar.calendar(), forChild);
  }

  return {
    nextSteps,

    /** A file chosen on the form: checked as it arrives and held (for an hour at most) until the form is sent. */
    stageUpload: deps.uploads.stage,
    stagedUploads: deps.uploads.list,
    removeUpload: deps.uploads.remove,
    purgeStaleUploads: deps.uploads.purgeStale,

    /**
     * Makes the case from a public form, once per submission id: a second send
     * of the same form (back button, double click, retry) gets the case the
     * first one made. The case, its files and the acknowledgement email are
     * saved together; the email is sent afterwards and retried if it fails.
     */
    async submitPublic(
      submissionId: string,
      a: PublicAnswers,
    ): Promise<{ caseId: string; reference: string; created: boolean }> {
      const receivedOn = londonDate(clock.now());
      const relationships = await deps.referenceData.byCode('complainant_relationship');
      const channels = await deps.referenceData.byCode('channel');
      const isChild = a.relationship === 'CHILD';
      const typeLabel = FEEDBACK_TYPE_LABELS[a.type].toLowerCase();
      const firstWords = subjectFrom(a.whatHappened);
      const details = [
        a.whatHappened.trim(),
        '',
        `Contact by: ${a.contactBy === 'through_adult' ? 'through the trusted adult named' : a.contactBy}.`,
        a.consent ? `Consent: ${CONSENT_TEXT[a.consent]}${a.consentDetails ? ` ${a.consentDetails}` : ''}` : '',
        a.wantsAdvocate
          ? `Advocate: ${a.wantsAdvocate === 'yes' ? 'asked for an advocate' : a.wantsAdvocate === 'not_sure' ? 'not sure about an advocate' : 'does not want an advocate'}.`
          : '',
        a.trustedAdult ? `Trusted adult to act for them: ${a.trustedAdult.name} (${a.trustedAdult.contact}).` : '',
      ]
        .filter((l, i) => i < 2 || l)
        .join('\n');
      const person = {
        givenName: a.givenName,
        familyName: a.familyName,
        email: a.contactBy === 'email' ? a.email : undefined,
        phone: a.contactBy === 'phone' ? a.phone : undefined,
        addressLine1: a.addressLine1,
        town: a.town,
        postcode: a.postcode,
      };
      const input: NewCaseInput = {
        type: a.type,
        receivedOn,
        channelId: channels.get('WEB_FORM')?.id,
        subject:
          (firstWords && `${isChild ? 'From a young person: ' : ''}${firstWords}`) ||
          `${FEEDBACK_TYPE_LABELS[a.type]} from the web form`,
        description: details,
        teamId: a.teamId || undefined,
        eventsOn: a.eventsOn || undefined,
        outcomeWanted: a.outcomeWanted || undefined,
        source: isChild ? 'young person’s web form' : 'web form',
        complainant: { ...person, relationshipId: relationships.get(a.relationship)?.id },
        child: isChild
          ? undefined
          : a.child
            ? {
                givenName: a.child.givenName,
                familyName: a.child.familyName,
                dateOfBirth: a.child.dateOfBirth || undefined,
              }
            : undefined,
        // The form takes a phone number or an email for the trusted adult: each is kept where (and as long as) the store keeps it.
        representative: a.trustedAdult
          ? {
              givenName: a.trustedAdult.name,
              familyName: '',
              ...(a.trustedAdult.contact.includes('@')
                ? { email: a.trustedAdult.contact }
                : { phone: a.trustedAdult.contact }),
              role: 'representative',
            }
          : undefined,
        advocacyResponse:
          a.wantsAdvocate === 'yes'
            ? 'Asked for an advocate on the web form'
            : a.wantsAdvocate === 'not_sure'
              ? 'Not sure about an advocate: offer one'
              : undefined,
        consentNote: a.consent
          ? `${CONSENT_TEXT[a.consent]}${a.consentDetails ? ` ${a.consentDetails}` : ''}`
          : undefined,
      };
      const lines = await nextSteps(a.type, receivedOn, isChild);
      return db
        .transaction(async (tx) => {
          const [existing] = await tx
            .select({ caseId: publicSubmissions.caseId, reference: feedbackCases.reference })
            .from(publicSubmissions)
            .innerJoin(feedbackCases, eq(feedbackCases.id, publicSubmissions.caseId))
            .where(eq(publicSubmissions.id, submissionId));
          if (existing) return { ...existing, created: false };
          const made = await deps.cases.createInTx(tx, PUBLIC_ACTOR, input);
          // Claim the submission id at once: a second request racing this one fails here and finds the case.
          await tx.insert(publicSubmissions).values({ id: submissionId, caseId: made.id, createdAt: clock.now() });
          await deps.attachments.recordInTx(tx, PUBLIC_ACTOR, made.id, await deps.uploads.claimInTx(tx, submissionId));
          if (a.contactBy === 'email' && a.email) {
            await deps.notifications.enqueue(tx, {
              caseId: made.id,
              dedupeKey: `acknowledgement:${made.id}`,
              template: ACKNOWLEDGEMENT_TEMPLATE,
              to: a.email,
              subject: `We have received your ${typeLabel}: ${made.reference}`,
              body: acknowledgementBody({
                typeLabel,
                reference: made.reference,
                lines,
                contact: await deps.council.contact(tx),
              }),
            });
          }
          return { caseId: made.id, reference: made.reference, created: true };
        })
        .catch(async (err: unknown) => {
          // Two sends of the same form at the same moment: the second lost the race for the submission id, so show it the first one's case.
          const cause = (err as { cause?: { code?: string }; code?: string }).cause ?? (err as { code?: string });
          if (cause.code !== '23505') throw err;
          const [row] = await db
            .select({ caseId: publicSubmissions.caseId, reference: feedbackCases.reference })
            .from(publicSubmissions)
            .innerJoin(feedbackCases, eq(feedbackCases.id, publicSubmissions.caseId))
            .where(eq(publicSubmissions.id, submissionId));
          if (!row) throw err;
          return { ...row, created: false };
        });
    },
  };
}
export type IntakeService = ReturnType<typeof intakeService>;

/**
 * The acknowledgement email. Anyone can type any address into the form, so
 * the email says only what the council says: the reference, what happens next
 * with its dates, and how to reach the complaints team. Nothing the sender
 * typed (not even their name) is in it, so the form cannot be used to send
 * someone else words of the sender's choosing from the council's address.
 */
export function acknowledgementBody(m: {
  typeLabel: string;
  reference: string;
  lines: string[];
  contact: CouncilContact;
}): string {
  const ways = waysToContact(m.contact);
  const councilName = m.contact.councilName;
  return [
    'Hello,',
    '',
    `Thank you for your ${m.typeLabel}. Your reference is ${m.reference}.`,
    '',
    'What happens next',
    ...m.lines.map((l) => `- ${l}`),
    '',
    ways
      ? `To contact us about it, ${ways}, and quote your reference ${m.reference}.`
      : `To contact us about it, contact ${councilName}'s complaints team and quote your reference ${m.reference}.`,
    `You can check where it has got to at any time: choose "Track your feedback" on ${councilName}'s feedback pages and give your reference.`,
    '',
    `You are getting this email because this address was given on ${councilName}'s feedback form. If you did not contact us, you do not need to do anything${ways ? `, but you can tell us: ${ways}` : ''}.`,
    '',
    ...publicEmailFooter(m.contact),
  ].join('\n');
}
