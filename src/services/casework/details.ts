import { and, eq } from 'drizzle-orm';
import { normalisePostcode } from '../cases/creating.ts';
import { PARTY_ROLES, type PartyRole } from '../../domain/cases/vocabulary.ts';
import type { Clock } from '../../domain/clock.ts';
import type { Tx } from '../../db/database.ts';
import type { CaseRow } from '../case-change.ts';
import { caseParties, caseThemes, feedbackCases, people } from '../../db/schema/index.ts';
import type { Actor } from '../actor.ts';
import { recordAudit } from '../audit-trail.ts';
import { parseCommand } from '../commands.ts';
import { DomainError, NotFoundError } from '../errors.ts';
import { referenceLabel, referenceLabels } from '../reference-check.ts';
import { DetailsCommand, personCommand, type DetailsInput, type PersonInput } from './commands.ts';
import type { CaseworkContext } from './guard.ts';

/**
 * The case's subject and classification, and the people on it: what the
 * annual report's category, theme, relationship, ethnicity and service user
 * group tables count, so each can be recorded and corrected, audited, on any
 * case (a closed one too: correcting a count does not reopen a case).
 * The audit keeps labels, not ids, so the history reads as it was.
 */
export function detailsOperations(ctx: CaseworkContext) {
  return {
    async updateDetails(actor: Actor, caseId: string, raw: DetailsInput): Promise<void> {
      const input = parseCommand(DetailsCommand, raw);
      await ctx.change(actor, caseId, 'update_details', (tx, row) =>
        writeCaseDetails(tx, ctx.clock, actor, row, input),
      );
    },

    /** Changes a person's details and their part in this case. */
    async updatePerson(actor: Actor, caseId: string, partyId: string, raw: PersonInput): Promise<void> {
      const input = parseCommand(personCommand(ctx.today()), raw);
      await ctx.change(actor, caseId, 'update_people', async (tx) => {
        const [found] = await tx
          .select({ party: caseParties, person: people })
          .from(caseParties)
          .innerJoin(people, eq(people.id, caseParties.personId))
          .where(and(eq(caseParties.id, partyId), eq(caseParties.caseId, caseId)));
        if (!found) throw new NotFoundError('That person on this case');
        if (found.person.anonymisedAt)
          throw new DomainError(
            'PERSON.ANONYMISED',
            'This person’s details have been anonymised and cannot be changed',
          );
        const before = await describe(tx, found.party, found.person);
        await writePerson(tx, ctx, found.person.id, input, found.person.ethnicityId);
        await writeParty(tx, found.party.id, found.party.role, input, found.party);
        const [person] = await tx.select().from(people).where(eq(people.id, found.person.id));
        const [party] = await tx.select().from(caseParties).where(eq(caseParties.id, partyId));
        await recordAudit(tx, ctx.clock, actor, {
          action: 'person.update',
          entity: 'case_party',
          entityId: partyId,
          caseId,
          before,
          after: await describe(tx, party!, person!),
        });
      });
    },

    /** Adds a person to the case: the child a web complaint did not name, an advocate who joined later. */
    async addPerson(actor: Actor, caseId: string, role: PartyRole, raw: PersonInput): Promise<{ partyId: string }> {
      if (!PARTY_ROLES.includes(role)) throw new DomainError('PERSON.ROLE', 'Choose who this person is', 'role');
      const input = parseCommand(personCommand(ctx.today()), raw);
      if (!input.givenName && !input.familyName && !input.dateOfBirth)
        throw new DomainError('PERSON.EMPTY', 'Enter their name or date of birth', 'givenName');
      return ctx.change(actor, caseId, 'update_people', async (tx) => {
        const [person] = await tx
          .insert(people)
          .values({
            givenName: input.givenName,
            familyName: input.familyName,
            createdBy: actor.userId,
            createdAt: ctx.clock.now(),
            updatedAt: ctx.clock.now(),
          })
          .returning();
        await writePerson(tx, ctx, person!.id, input, null);
        const [party] = await tx.insert(caseParties).values({ caseId, personId: person!.id, role }).returning();
        await writeParty(tx, party!.id, role, input, null);
        const [after] = await tx.select().from(people).where(eq(people.id, person!.id));
        const [partyAfter] = await tx.select().from(caseParties).where(eq(caseParties.id, party!.id));
        await recordAudit(tx, ctx.clock, actor, {
          action: 'person.add',
          entity: 'case_party',
          entityId: party!.id,
          caseId,
          after: await describe(tx, partyAfter!, after!),
        });
        return { partyId: party!.id };
      });
    },
  };
}

/**
 * Writes the subject and classification of a case the caller has locked, with
 * its audit entry: the case page's change and triage both come here.
 */
export async function writeCaseDetails(
  tx: Tx,
  clock: Clock,
  actor: Actor,
  row: CaseRow,
  input: { subject?: string; mainCategoryId?: string | null; themeIds: string[]; outcomeWanted?: string | null },
): Promise<void> {
  const caseId = row.id;
  const heldThemes = (
    await tx.select({ id: caseThemes.themeId }).from(caseThemes).where(eq(caseThemes.caseId, caseId))
  ).map((t) => t.id);
  const held = { field: 'mainCategoryId', alreadyHeld: row.mainCategoryId };
  const category = await referenceLabel(tx, 'category', input.mainCategoryId, held);
  const themes = await referenceLabels(tx, 'theme', input.themeIds, { field: 'themeIds', alreadyHeld: heldThemes });
  const subject = input.subject ?? row.subject;
  const outcomeWanted = input.outcomeWanted === undefined ? row.outcomeWanted : input.outcomeWanted || null;
  const before = {
    subject: row.subject,
    mainCategory: await referenceLabel(tx, 'category', row.mainCategoryId, held),
    themes: [
      ...(await referenceLabels(tx, 'theme', heldThemes, { field: 'themeIds', alreadyHeld: heldThemes })).values(),
    ].sort(),
    outcomeWanted: row.outcomeWanted,
  };
  await tx
    .update(feedbackCases)
    .set({ subject, mainCategoryId: input.mainCategoryId || null, outcomeWanted })
    .where(eq(feedbackCases.id, caseId));
  await tx.delete(caseThemes).where(eq(caseThemes.caseId, caseId));
  if (themes.size) await tx.insert(caseThemes).values([...themes.keys()].map((themeId) => ({ caseId, themeId })));
  await recordAudit(tx, clock, actor, {
    action: 'case.update_details',
    entity: 'feedback_case',
    entityId: caseId,
    caseId,
    before,
    after: { subject, mainCategory: category, themes: [...themes.values()].sort(), outcomeWanted },
  });
}

type PersonRow = typeof people.$inferSelect;
type PartyRow = typeof caseParties.$inferSelect;
type Person = ReturnType<ReturnType<typeof personCommand>['parse']>;

async function writePerson(
  tx: Tx,
  ctx: CaseworkContext,
  personId: string,
  input: Person,
  heldEthnicity: string | null,
) {
  await referenceLabel(tx, 'ethnicity', input.ethnicityId, { field: 'ethnicityId', alreadyHeld: heldEthnicity });
  await tx
    .update(people)
    .set({
      givenName: input.givenName,
      familyName: input.familyName,
      email: input.email || null,
      phone: input.phone || null,
      addressLine1: input.addressLine1 || null,
      town: input.town || null,
      postcode: input.postcode ? normalisePostcode(input.postcode) : null,
      dateOfBirth: input.dateOfBirth || null,
      ethnicityId: input.ethnicityId || null,
      updatedAt: ctx.clock.now(),
    })
    .where(eq(people.id, personId));
}

/** What this case records of the person's part: a complainant's relationship, a child's group and care status. */
async function writeParty(tx: Tx, partyId: string, role: PartyRole, input: Person, held: PartyRow | null) {
  const isComplainant = role === 'complainant';
  const isChild = role === 'child';
  const relationshipId = isComplainant ? input.relationshipId || null : null;
  const serviceUserGroupId = isChild ? input.serviceUserGroupId || null : null;
  await referenceLabel(tx, 'complainant_relationship', relationshipId, {
    field: 'relationshipId',
    alreadyHeld: held?.relationshipId,
  });
  await referenceLabel(tx, 'service_user_group', serviceUserGroupId, {
    field: 'serviceUserGroupId',
    alreadyHeld: held?.serviceUserGroupId,
  });
  await tx
    .update(caseParties)
    .set({ relationshipId, serviceUserGroupId, lookedAfter: isChild ? (input.lookedAfter ?? null) : null })
    .where(eq(caseParties.id, partyId));
}

/** A person as the audit trail keeps them: labels, not ids. */
async function describe(tx: Tx, party: PartyRow, person: PersonRow) {
  const labelOf = async (kind: Parameters<typeof referenceLabel>[1], id: string | null) =>
    referenceLabel(tx, kind, id, { field: 'x', alreadyHeld: id });
  return {
    role: party.role,
    givenName: person.givenName,
    familyName: person.familyName,
    email: person.email,
    phone: person.phone,
    addressLine1: person.addressLine1,
    town: person.town,
    postcode: person.postcode,
    dateOfBirth: person.dateOfBirth,
    ethnicity: await labelOf('ethnicity', person.ethnicityId),
    relationship: await labelOf('complainant_relationship', party.relationshipId),
    serviceUserGroup: await labelOf('service_user_group', party.serviceUserGroupId),
    lookedAfter: party.lookedAfter,
  };
}
