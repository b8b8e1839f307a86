import { z } from 'zod';
import { isIsoDate } from '../../domain/calendar/iso-date.ts';
import { STAGE_COST_FIELDS, STAGE_DATE_FIELDS } from '../../domain/procedures/types.ts';
import {
  CASE_LINK_KINDS,
  isOneOf,
  LGSCO_DECISIONS,
  OUTCOMES,
  STAGE_ROLES,
  type StageKind,
  type StageRole,
} from '../../domain/cases/vocabulary.ts';
import { FIELD_LIMITS, tooLong } from '../../domain/cases/field-limits.ts';
import { anyNumber, oneOf, optionalIsoDate, requiredIsoDate, requiredText } from '../command-fields.ts';

/**
 * What each casework command must be before it touches a case (ADR 0001):
 * one schema per command, read through parseCommand, whose issues are the
 * page's field errors. What needs the database or the case as it stands (a
 * team that exists, a financial remedy's amount, dates against the stage's
 * own) is checked inside the change, and the order of a stage's dates is the
 * procedure's rule (domain/cases/stage-rules.ts).
 */

const FUTURE = 'The date cannot be in the future';

// ── Investigations ─────────────────────────────────────────────────────────

const InvestigationFields = z.object({
  teamId: z.string().min(1, 'Choose the team being investigated'),
  investigatorId: z.string().nullish(),
  investigatorName: z.string().nullish(),
  startedOn: optionalIsoDate(),
  respondedOn: optionalIsoDate(),
  outcome: oneOf(OUTCOMES, 'Choose an outcome').nullish(),
  /** Why the outcome differs from what its heads of complaint give. */
  outcomeOverrideReason: z.string().trim().max(2000).nullish(),
  summary: z.string().nullish(),
});

/**
 * Adding or updating an investigation, judged against today and the day the
 * complaint arrived (so it is read inside the change, where the case is).
 */
export const investigationCommand = (on: { today: string; receivedOn: string }) =>
  InvestigationFields.superRefine((i, ctx) => {
    const problem = (field: string, message: string) => ctx.addIssue({ code: 'custom', path: [field], message });
    if (i.startedOn && i.startedOn < on.receivedOn)
      problem('startedOn', `The investigation cannot start before the complaint was received (${on.receivedOn})`);
    if (i.startedOn && i.startedOn > on.today) problem('startedOn', FUTURE);
    if (i.respondedOn && i.respondedOn > on.today) problem('respondedOn', FUTURE);
    // An outcome needs an investigation that has started, and a response on or after its start.
    if ((i.outcome || i.respondedOn) && !i.startedOn)
      problem('startedOn', 'An investigation must have started before its outcome or response is recorded');
    if (i.respondedOn && i.startedOn && i.respondedOn < i.startedOn)
      problem('respondedOn', `The response cannot be before the investigation started (${i.startedOn})`);
  });
export type InvestigationInput = z.input<typeof InvestigationFields>;

const HeadFields = z.object({
  summary: z.string(),
  finding: z.string().nullish(),
  outcome: z.string().nullish(),
});
export type HeadInput = z.input<typeof HeadFields>;

/** An investigation's heads of complaint, as a whole list; each error names its numbered field (head-2-outcome). */
export const HeadsCommand = z
  .array(HeadFields)
  .superRefine((heads, ctx) =>
    heads.forEach((h, i) => {
      if (!h.summary.trim())
        ctx.addIssue({
          code: 'custom',
          path: [`head-${i + 1}-summary`],
          message: `Head ${i + 1}: say what the complaint is`,
        });
      // An outcome given must be one of the list; "no finding yet" is null, not "" (as for an investigation).
      if (h.outcome != null && !isOneOf(OUTCOMES, h.outcome))
        ctx.addIssue({ code: 'custom', path: [`head-${i + 1}-outcome`], message: `Head ${i + 1}: choose an outcome` });
    }),
  )
  .transform((heads) =>
    heads.map((h) => ({
      summary: h.summary.trim(),
      finding: h.finding?.trim() || null,
      outcome: isOneOf(OUTCOMES, h.outcome) ? h.outcome : null,
    })),
  );

// ── Learning and actions ───────────────────────────────────────────────────

export const LearningCommand = z.object({
  learningTypeId: z.string().min(1, 'Choose the kind of learning'),
  text: requiredText('Say what was learned'),
  investigationId: z.string().nullish(),
});

/** An action; its text's field on the page is "actionText" (the learning form beside it has its own "text"). */
export const ActionCommand = z
  .object({
    actionTypeId: z.string().min(1, 'Choose the kind of action'),
    text: z.string().trim(),
    learningPointId: z.string().nullish(),
    ownerId: z.string().nullish(),
    ownerName: z.string().trim().nullish(),
    dueOn: z.string().nullish(),
  })
  .superRefine((a, ctx) => {
    if (!a.text) ctx.addIssue({ code: 'custom', path: ['actionText'], message: 'Say what will be done' });
    if (!a.ownerId && !a.ownerName)
      ctx.addIssue({ code: 'custom', path: ['ownerId'], message: 'Choose who will do it' });
  })
  .refine((a): a is typeof a & { dueOn: string } => !!a.dueOn && isIsoDate(a.dueOn), {
    path: ['dueOn'],
    message: 'Enter when it is due, as a real date',
  });

/** The day something was done: a real date, not after today. */
const doneOn = (today: string) =>
  requiredIsoDate('Enter the date it was done', { abort: true }).refine((d): d is string => d <= today, FUTURE);

export const completeActionCommand = (today: string) => z.object({ completedOn: doneOn(today) });
export type CompleteActionInput = z.input<ReturnType<typeof completeActionCommand>>;

// ── Closing, withdrawing, reopening, linking; compliments ─────────────────

export const CloseCommand = z.object({
  closedOn: requiredIsoDate('Enter the date it closed'),
  /** The officer has seen that remedies or actions are still open, and closes it anyway. */
  confirmOpenItems: z.boolean().optional(),
});

/** Withdrawal: its date first, then why (the page's fields are withdrawnOn and withdrawReason). */
export const WithdrawCommand = z
  .object({ on: z.string().nullish(), reason: z.string() })
  .refine((w): w is typeof w & { on: string } => !!w.on && isIsoDate(w.on), {
    path: ['withdrawnOn'],
    message: 'Enter the date it was withdrawn',
    abort: true,
  })
  .refine((w) => !!w.reason.trim(), { path: ['withdrawReason'], message: 'Say why, or how the complainant withdrew' });

export const ReopenCommand = z
  .object({ reason: z.string() })
  .refine((r) => !!r.reason.trim(), { path: ['reopenReason'], message: 'Give the reason for reopening' });

export const LinkCommand = z.object({
  otherReference: z.string(),
  kind: oneOf(CASE_LINK_KINDS, 'Choose how the cases are linked'),
  note: z.string().nullish(),
});

export const complimentCommand = (today: string) =>
  z.object({
    teamId: z.string().nullish(),
    staffName: z.string().nullish(),
    staffRole: z.string().nullish(),
    originId: z.string().nullish(),
    themeId: z.string().nullish(),
    valuesShown: z.string().nullish(),
    sharedOn: z
      .string()
      .nullish()
      .refine((d) => !d || (isIsoDate(d) && d <= today), 'Enter the date it was shared, not in the future'),
  });
export type ComplimentInput = z.input<ReturnType<typeof complimentCommand>>;

// ── Stages ─────────────────────────────────────────────────────────────────

/**
 * Escalation to the next stage. Which stage may come next, and whether the
 * request is in time, are the procedure's rules (checkEscalation), judged in
 * the change; the stage asked for is not checked here.
 */
export const EscalateCommand = z
  .object({
    to: z.custom<StageKind>(),
    requestedOn: z.string().nullish(),
    lateReason: z.string().nullish(),
    lgscoReference: z.string().nullish(),
  })
  .refine((e): e is typeof e & { requestedOn: string } => !!e.requestedOn && isIsoDate(e.requestedOn), {
    path: ['requestedOn'],
    error: (issue) =>
      (issue.input as { to?: unknown }).to === 'lgsco'
        ? 'Enter the date the Ombudsman’s enquiry arrived'
        : 'Enter the date the complainant asked',
  });

/** The same schema for each of these fields. */
const eachOf = <K extends string, S extends z.ZodType>(names: readonly K[], schema: () => S) =>
  Object.fromEntries(names.map((n) => [n, schema()])) as Record<K, S>;

/** A cost in pence: a whole number, not below nothing. */
const pence = () =>
  anyNumber()
    .refine((n) => Number.isInteger(n) && n >= 0, 'Enter an amount in pounds, like 1250 or 1,250.50')
    .nullish();

/**
 * A stage's details: what is sent is changed, what is left out stays. The
 * order of its dates, and which it has, is the procedure's (checkStageDates).
 */
export const StageUpdateCommand = z
  .object({
    ...eachOf(STAGE_DATE_FIELDS, () => optionalIsoDate()),
    panelRecommendations: z.string().nullish(),
    /** Set to override the outcome rolled up from investigations; needs a reason. */
    outcome: oneOf(OUTCOMES, 'Choose an outcome').nullish(),
    outcomeOverrideReason: z.string().nullish(),
    lgscoReference: z.string().nullish(),
    lgscoDecision: oneOf(LGSCO_DECISIONS, 'Choose the Ombudsman’s decision').nullish(),
    lgscoFaultFound: z.boolean().nullish(),
    lgscoInjusticeFound: z.boolean().nullish(),
    ...eachOf(STAGE_COST_FIELDS, pence),
  })
  .superRefine((s, ctx) => {
    if (s.outcome && !s.outcomeOverrideReason?.trim())
      ctx.addIssue({
        code: 'custom',
        path: ['outcomeOverrideReason'],
        message: 'Give the reason for setting the outcome yourself rather than from the investigations',
      });
  });
export type StageUpdate = z.input<typeof StageUpdateCommand>;

/** Someone named on a stage: their role first, then who they are (a member of staff, or a name). */
export const StagePersonCommand = z
  .object({
    role: z
      .string()
      .refine((r): r is StageRole => isOneOf(STAGE_ROLES, r), { message: 'Choose their role', abort: true }),
    userId: z.string().nullish(),
    name: z.string().max(200, 'Keep the name to 200 characters or fewer').nullish(),
    organisation: z.string().max(200, 'Keep the organisation to 200 characters or fewer').nullish(),
    appointedOn: optionalIsoDate(),
  })
  .refine((p) => !!p.userId || !!p.name?.trim(), {
    path: ['name'],
    message: 'Enter their name, or choose a member of staff',
  });

/** A remedy; its amount's field on the page is "amount" (in pounds there, in pence here). */
export const remedyCommand = (today: string) =>
  z
    .object({
      remedyTypeId: z.string().min(1, 'Choose the remedy'),
      amountPence: anyNumber().nullish(),
      /** A financial remedy: to whom it was paid, in words. */
      paidTo: z.string().max(200, 'Who it was paid to must be 200 characters or fewer').nullish(),
      description: z.string().nullish(),
      dueOn: optionalIsoDate(),
      completedOn: optionalIsoDate(),
      complianceEvidence: z.string().nullish(),
    })
    .superRefine((r, ctx) => {
      if (
        r.amountPence !== null &&
        r.amountPence !== undefined &&
        (!Number.isInteger(r.amountPence) || r.amountPence < 0)
      )
        ctx.addIssue({ code: 'custom', path: ['amount'], message: 'Enter an amount in pounds, like 250 or 1,250.50' });
      if (r.completedOn && r.completedOn > today)
        ctx.addIssue({ code: 'custom', path: ['completedOn'], message: FUTURE });
    });
export type RemedyInput = z.input<ReturnType<typeof remedyCommand>>;

export const completeRemedyCommand = (today: string) =>
  z.object({ completedOn: doneOn(today), complianceEvidence: z.string().nullish() });
export type CompleteRemedyInput = z.input<ReturnType<typeof completeRemedyCommand>>;

// ── The case's details and its people ──────────────────────────────────────

const L = FIELD_LIMITS;
const limited = (label: string, max: number) => z.string().trim().max(max, tooLong(label, max));

/** The subject and classification: what the report's category and theme tables count. */
export const DetailsCommand = z.object({
  subject: z.string().trim().min(1, 'Enter a short subject').max(L.subject, tooLong('The subject', L.subject)),
  mainCategoryId: z.string().nullish(),
  themeIds: z.array(z.string()).max(30, 'Choose 30 themes or fewer').default([]),
  outcomeWanted: limited('The outcome they want', L.outcomeWanted).nullish(),
});
export type DetailsInput = z.input<typeof DetailsCommand>;

/**
 * A person on a case: who they are and how to reach them (kept on the person,
 * shared by all their cases), and what the report counts of them on this case.
 */
export const personCommand = (today: string) =>
  z.object({
    givenName: limited('First name', L.givenName).default(''),
    familyName: limited('Last name', L.familyName).default(''),
    email: limited('Email address', L.email)
      .refine((v) => v === '' || z.email().safeParse(v).success, 'Enter an email address like name@example.com')
      .nullish(),
    phone: limited('Phone number', L.phone).nullish(),
    addressLine1: limited('Address line 1', L.addressLine).nullish(),
    town: limited('Town', L.town).nullish(),
    postcode: limited('Postcode', L.postcode).nullish(),
    dateOfBirth: z
      .string()
      .nullish()
      .refine((d) => !d || (isIsoDate(d) && d <= today), {
        message: 'The date of birth must be a real date in the past',
      }),
    ethnicityId: z.string().nullish(),
    relationshipId: z.string().nullish(),
    serviceUserGroupId: z.string().nullish(),
    lookedAfter: z.boolean().nullish(),
  });
export type PersonInput = z.input<ReturnType<typeof personCommand>>;
