import { and, eq, ne } from 'drizzle-orm';
import { normalisePostcode } from '../cases/creating.ts';
import { PARTY_ROLES, type PartyRole } from '../../domain/cases/vocabulary.ts';
import type { Clock } from '../../domain/clock.ts';
import type { Tx } from '../../db/database.ts';
import type { CaseRow } from '../case-change.ts';
import { caseParties, caseThemes, feedbackCases, people } from '../../db/schema/index.ts';
import type { Actor } from '../actor.ts';
import { recordAudit } from '../audit-trail.ts';
import { assertCaseAccess } from '../case-access.ts';
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
        // A person's name and contact details are kept once for all their cases: changing them here
        // changes every one, so the actor must be able to change every one, and each one's history says so.
        const others = (
          await tx
            .select({ caseId: caseParties.caseId, reference: feedbackCases.reference })
            .from(caseParties)
            .innerJoin(feedbackCases, eq(feedbackCases.id, caseParties.caseId))
            .where(and(eq(caseParties.personId, found.person.id), ne(caseParties.caseId, caseId)))
        ).filter((o, i, all) => all.findIndex((x) => x.caseId === o.caseId) === i);
        const before = await describe(tx, found.party, found.person);
        const personChanges = sharedFieldsChanged(found.person, input);
        if (personChanges && !actor.system)
          for (const o of others)
            if (!(await mayWrite(tx, actor, o.caseId)))
              throw new DomainError(
                'PERSON.ON_OTHER_CASES',
                `This person is also on ${o.reference}, which you cannot change. Their name and contact details are kept once for all their cases: ask the complaints team to change them.`,
                'givenName',
              );
        await writePerson(tx, ctx, found.person.id, input, found.person.ethnicityId);
        await writeParty(tx, found.party.id, found.party.role, input, found.party);
        const [person] = await tx.select().from(people).where(eq(people.id, found.person.id));
        const [party] = await tx.select().from(caseParties).where(eq(caseParties.id, partyId));
        const after = await describe(tx, party!, person!);
        await recordAudit(tx, ctx.clock, actor, {
          action: 'person.update',
          entity: 'case_party',
          entityId: partyId,
          caseId,
          before,
          after,
          about: { partyRole: party!.role, personName: fullName(person!) },
        });
        if (personChanges) {
          const [here] = await tx
            .select({ reference: feedbackCases.reference })
            .from(feedbackCases)
            .where(eq(feedbackCases.id, caseId));
          const shared = (d: typeof before) =>
            Object.fromEntries(SHARED_FIELDS.map((k) => [k, d[k] ?? null])) as Record<string, string | null>;
          for (const o of others)
            await recordAudit(tx, ctx.clock, actor, {
              action: 'person.update_elsewhere',
              entity: 'person',
              entityId: found.person.id,
              caseId: o.caseId,
              before: shared(before),
              after: { changedOn: here!.reference, ...shared(after) },
              about: { personName: fullName(person!) },
            });
        }
      });
    },

    /** Adds a person to the case: the child a web complaint did not name, an advocate who joined later. */
    async addPerson(actor: Actor, caseId: string, role: PartyRole, raw: PersonInput): Promise<{ partyId: string }> {
      if (!PARTY_ROLES.includes(role)) throw new DomainError('PERSON.ROLE', 'Choose who this person is', 'role');
      const input = parseCommand(personCommand(ctx.today()), raw);
      if (!input.givenName && !input.familyName && !input.dateOfBirth)
        throw new DomainError('PERSON.EMPTY', 'Enter their name or date of birth', 'givenName');
      return ctx.change(actor, caseId, 'update_people', async (tx) => {
        // One complainant per case: the letters, tracking codes and report read the complainant.
        if (role === 'complainant') {
          const [already] = await tx
            .select({ id: caseParties.id })
            .from(caseParties)
            .where(and(eq(caseParties.caseId, caseId), eq(caseParties.role, 'complainant')));
          if (already)
            throw new DomainError(
              'PERSON.ONE_COMPLAINANT',
              'This case already has a complainant: change their details instead',
              'givenName',
            );
        }
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

/** What is kept once for a person across all their cases (the rest belongs to their part in one case). */
const SHARED_FIELDS = [
  'givenName',
  'familyName',
  'email',
  'phone',
  'addressLine1',
  'town',
  'postcode',
  'dateOfBirth',
  'ethnicity',
] as const;

function sharedFieldsChanged(p: PersonRow, input: Person): boolean {
  const norm = (v: string | null | undefined) => (v ?? '').trim();
  return (
    norm(p.givenName) !== norm(input.givenName) ||
    norm(p.familyName) !== norm(input.familyName) ||
    norm(p.email) !== norm(input.email) ||
    norm(p.phone) !== norm(input.phone) ||
    norm(p.addressLine1) !== norm(input.addressLine1) ||
    norm(p.town) !== norm(input.town) ||
    norm(p.postcode).replace(/\s/g, '').toUpperCase() !== norm(input.postcode).replace(/\s/g, '').toUpperCase() ||
    norm(p.dateOfBirth) !== norm(input.dateOfBirth) ||
    norm(p.ethnicityId) !== norm(input.ethnicityId)
  );
}

async function mayWrite(tx: Tx, actor: Actor, caseId: string): Promise<boolean> {
  try {
    await assertCaseAccess(tx, actor, caseId, 'write');
    return true;
  } catch {
    return false;
  }
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
/** A person's name as the history shows it; empty for someone recorded without one. */
function fullName(person: PersonRow): string {
  return [person.givenName, person.familyName].filter((n) => n && n.trim()).join(' ');
}

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
