import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Clock } from '../../domain/clock.ts';
import { isIsoDate, londonDate } from '../../domain/calendar/iso-date.ts';
import { FIELD_LIMITS, tooLong } from '../../domain/cases/field-limits.ts';
import { formatCaseReference } from '../../domain/cases/reference-number.ts';
import { FEEDBACK_TYPES } from '../../domain/cases/vocabulary.ts';
import { isProcedureKey } from '../../domain/procedures/registry.ts';
import type { Database, DbOrTx } from '../../db/database.ts';
import {
  caseParties,
  caseProcedureChanges,
  caseThemes,
  caseTypeChanges,
  feedbackCases,
  people,
} from '../../db/schema/index.ts';
import type { Actor } from '../actor.ts';
import { recordAudit } from '../audit-trail.ts';
import { parseCommand } from '../commands.ts';
import { referenceLabel, referenceLabels } from '../reference-check.ts';
import type { TimescalesService } from '../timescales.ts';

/** Recording a new case: from the staff form, the public form, or an import. */

const isoDate = z.string().refine(isIsoDate, 'Enter a real date');
const L = FIELD_LIMITS;
/** Optional text up to its limit (from the one definition the forms use too), with a message a person can act on. */
const text = (label: string, max: number) => z.string().trim().max(max, tooLong(label, max));
/** A person's details; `whose` names them in errors ("The child’s first name must be..."), or nothing for the complainant. */
const personInput = (whose?: string) => {
  const label = (field: string) => (whose ? `${whose}’s ${field}` : field.charAt(0).toUpperCase() + field.slice(1));
  return z.object({
    givenName: text(label('first name'), L.givenName).default(''),
    familyName: text(label('last name'), L.familyName).default(''),
    email: text(label('email address'), L.email).optional(),
    phone: text(label('phone number'), L.phone).optional(),
    dateOfBirth: isoDate.optional(),
    addressLine1: text(label('address line 1'), L.addressLine).optional(),
    addressLine2: text(label('address line 2'), L.addressLine).optional(),
    town: text(label('town'), L.town).optional(),
    postcode: text(label('postcode'), L.postcode).optional(),
    ethnicityId: z.uuid().optional(),
  });
};

export const NewCaseInput = z.object({
  type: z.enum(FEEDBACK_TYPES, { error: 'Select the type of feedback' }),
  receivedOn: isoDate,
  channelId: z.uuid().optional(),
  subject: z.string().trim().min(1, 'Enter a short subject').max(L.subject, tooLong('The subject', L.subject)),
  description: text('What they told us', L.description).default(''),
  procedure: z.string().refine(isProcedureKey, 'Choose the procedure this complaint follows').optional(),
  procedureReason: text('The reason for the procedure', L.procedureReason).optional(),
  teamId: z.uuid().optional(),
  mainCategoryId: z.uuid().optional(),
  themeIds: z.array(z.uuid()).default([]),
  eventsOn: isoDate.optional(),
  outcomeWanted: text('The outcome they want', L.outcomeWanted).optional(),
  /** Who is recorded as creating it, in the audit trail's "how": "public form", "telephone"... */
  source: z.string().max(50).optional(),
  complainant: personInput()
    .extend({ existingPersonId: z.uuid().optional(), relationshipId: z.uuid().optional() })
    .optional(),
  child: personInput('The child')
    .extend({
      existingPersonId: z.uuid().optional(),
      serviceUserGroupId: z.uuid().optional(),
      lookedAfter: z.boolean().optional(),
    })
    .optional(),
  /** Someone (an advocate, a trusted adult) acting for the complainant. */
  representative: personInput('The representative')
    .extend({
      existingPersonId: z.uuid().optional(),
      role: z.enum(['advocate', 'representative']).default('representative'),
    })
    .optional(),
  advocacyResponse: text('The advocacy response', L.advocacyResponse).optional(),
  consentNote: text('The consent note', L.consentNote).optional(),
});
export type NewCaseInput = z.input<typeof NewCaseInput>;

/** The rules between fields, and against today: a new case's dates run forwards and a decided procedure has its reason. */
const newCaseCommand = (today: string) =>
  NewCaseInput.superRefine((c, ctx) => {
    if (c.receivedOn > today)
      ctx.addIssue({ code: 'custom', path: ['receivedOn'], message: 'The date received must be today or in the past' });
    if (c.eventsOn && c.eventsOn > c.receivedOn)
      ctx.addIssue({
        code: 'custom',
        path: ['eventsOn'],
        message: 'When it happened must be on or before the date received',
      });
    for (const [who, p] of [
      ['complainant', c.complainant],
      ['child', c.child],
      ['representative', c.representative],
    ] as const)
      if (p?.dateOfBirth && p.dateOfBirth > today)
        ctx.addIssue({ code: 'custom', path: [who, 'dateOfBirth'], message: 'The date of birth must be in the past' });
    if (c.procedure && !c.procedureReason)
      ctx.addIssue({ code: 'custom', path: ['procedureReason'], message: 'Give the reason for the procedure' });
  });

/** Each chosen item is one of its own list (the foreign key alone would take a channel as a theme). */
async function checkReferenceItems(tx: DbOrTx, c: z.output<typeof NewCaseInput>): Promise<void> {
  await referenceLabel(tx, 'channel', c.channelId, { field: 'channelId' });
  await referenceLabel(tx, 'category', c.mainCategoryId, { field: 'mainCategoryId' });
  await referenceLabels(tx, 'theme', c.themeIds, { field: 'themeIds' });
  await referenceLabel(tx, 'complainant_relationship', c.complainant?.relationshipId, {
    field: 'complainant.relationshipId',
  });
  await referenceLabel(tx, 'service_user_group', c.child?.serviceUserGroupId, { field: 'child.serviceUserGroupId' });
  for (const [who, p] of [
    ['complainant', c.complainant],
    ['child', c.child],
    ['representative', c.representative],
  ] as const)
    await referenceLabel(tx, 'ethnicity', p?.ethnicityId, { field: `${who}.ethnicityId` });
}

/** "sy1 1ab" and "SY11AB" are the same postcode: stored as "SY1 1AB". */
export function normalisePostcode(postcode: string): string {
  const compact = postcode.toUpperCase().replace(/\s+/g, '');
  return compact.length > 3 ? `${compact.slice(0, -3)} ${compact.slice(-3)}` : compact;
}

export function caseCreation(
  db: Database,
  clock: Clock,
  opts: { referencePrefix: string },
  timescales: Pick<TimescalesService, 'policyIdFor'>,
) {
  async function nextReference(tx: DbOrTx, receivedOn: string): Promise<string> {
    const result = await tx.execute<{ n: string | number }>(sql`select nextval('case_reference_seq') as n`);
    const n = Number((result as unknown as { rows: { n: string | number }[] }).rows[0]!.n);
    return formatCaseReference(opts.referencePrefix, receivedOn, n);
  }

  /** Creates a case inside the caller's transaction, so intake can add files and messages atomically. */
  async function createInTx(tx: DbOrTx, actor: Actor, raw: NewCaseInput): Promise<{ id: string; reference: string }> {
    const input = parseCommand(newCaseCommand(londonDate(clock.now())), raw);
    await checkReferenceItems(tx, input);
    const reference = await nextReference(tx, input.receivedOn);
    const [row] = await tx
      .insert(feedbackCases)
      .values({
        reference,
        type: input.type,
        status: 'new',
        procedure: input.procedure ?? null,
        timescalePolicyId: input.procedure ? await timescales.policyIdFor(tx, input.procedure, input.receivedOn) : null,
        channelId: input.channelId ?? null,
        receivedOn: input.receivedOn,
        eventsOn: input.eventsOn ?? null,
        subject: input.subject,
        description: input.description,
        outcomeWanted: input.outcomeWanted || null,
        teamId: input.teamId ?? null,
        mainCategoryId: input.mainCategoryId ?? null,
        advocacyResponse: input.advocacyResponse || null,
        consentNote: input.consentNote || null,
        createdBy: actor.userId,
        createdAt: clock.now(),
        updatedAt: clock.now(),
      })
      .returning();
    const caseId = row!.id;
    await tx.insert(caseTypeChanges).values({
      caseId,
      fromType: null,
      toType: input.type,
      reason: input.source ? `Recorded (${input.source})` : 'Recorded',
      changedBy: actor.userId,
      changedAt: clock.now(),
    });
    if (input.procedure) {
      await tx.insert(caseProcedureChanges).values({
        caseId,
        fromProcedure: null,
        toProcedure: input.procedure,
        reason: input.procedureReason!,
        changedBy: actor.userId,
        changedAt: clock.now(),
      });
    }
    if (input.themeIds.length)
      await tx.insert(caseThemes).values([...new Set(input.themeIds)].map((themeId) => ({ caseId, themeId })));
    const personIds: Partial<Record<'complainant' | 'child' | 'representative', string>> = {};
    for (const [role, p] of [
      ['complainant', input.complainant],
      ['child', input.child],
      ['representative', input.representative],
    ] as const) {
      if (!p) continue;
      let personId = p.existingPersonId;
      if (!personId) {
        const [person] = await tx
          .insert(people)
          .values({
            givenName: p.givenName,
            familyName: p.familyName,
            email: p.email || null,
            phone: p.phone || null,
            dateOfBirth: p.dateOfBirth ?? null,
            addressLine1: p.addressLine1 || null,
            addressLine2: p.addressLine2 || null,
            town: p.town || null,
            postcode: p.postcode ? normalisePostcode(p.postcode) : null,
            ethnicityId: p.ethnicityId ?? null,
            createdBy: actor.userId,
            createdAt: clock.now(),
            updatedAt: clock.now(),
          })
          .returning({ id: people.id });
        personId = person!.id;
      }
      personIds[role] = personId;
      await tx
        .insert(caseParties)
        .values({
          caseId,
          personId,
          role: role === 'representative' ? (input.representative?.role ?? 'representative') : role,
          relationshipId: role === 'complainant' ? (input.complainant?.relationshipId ?? null) : null,
          serviceUserGroupId: role === 'child' ? (input.child?.serviceUserGroupId ?? null) : null,
          lookedAfter: role === 'child' ? (input.child?.lookedAfter ?? null) : null,
        })
        .onConflictDoNothing();
    }
    await recordAudit(tx, clock, actor, {
      action: 'case.create',
      entity: 'feedback_case',
      entityId: caseId,
      caseId,
      after: {
        reference,
        type: input.type,
        receivedOn: input.receivedOn,
        subject: input.subject,
        procedure: input.procedure ?? null,
        teamId: input.teamId ?? null,
        source: input.source ?? null,
      },
    });
    return { id: caseId, reference };
  }

  return {
    createInTx,

    async create(actor: Actor, raw: NewCaseInput): Promise<{ id: string; reference: string }> {
      return db.transaction((tx) => createInTx(tx, actor, raw));
    },
  };
}
