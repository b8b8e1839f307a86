import { asc, eq, inArray, or } from 'drizzle-orm';
import { caseAuditTrail } from './audit-trail.ts';
import type { DbOrTx } from '../db/database.ts';
import {
  actions,
  attachments,
  caseLinks,
  caseParties,
  caseProcedureChanges,
  caseThemes,
  caseTypeChanges,
  clockEvents,
  complaintHeads,
  compliments,
  feedbackCases,
  investigations,
  learningPoints,
  orgUnitNames,
  people,
  referenceItems,
  remedies,
  stagePeople,
  stages,
  users,
} from '../db/schema/index.ts';
import { auditSentence, type AuditNames } from '../domain/audit/sentences.ts';
import { nameOn, type UnitName } from '../domain/organisation/org-units.ts';
import { STAGE_KINDS } from '../domain/cases/vocabulary.ts';
import { NotFoundError } from './errors.ts';

/**
 * Everything Heard holds on one case, with names resolved: reference items to
 * labels, teams to the name they had when the case arrived, users to names.
 */
export async function caseRecord(db: DbOrTx, caseId: string) {
  const [c] = await db.select().from(feedbackCases).where(eq(feedbackCases.id, caseId));
  if (!c) throw new NotFoundError('That case');

  const refs = new Map(
    (
      await db
        .select({ id: referenceItems.id, label: referenceItems.label, code: referenceItems.code })
        .from(referenceItems)
    ).map((r) => [r.id, r]),
  );
  const label = (id: string | null | undefined) => (id ? (refs.get(id)?.label ?? null) : null);
  const unitNames = new Map<string, UnitName[]>();
  for (const n of await db.select().from(orgUnitNames))
    unitNames.set(n.orgUnitId, [
      ...(unitNames.get(n.orgUnitId) ?? []),
      { name: n.name, validFrom: n.validFrom, validTo: n.validTo },
    ]);
  const teamName = (id: string | null | undefined) => (id ? nameOn(unitNames.get(id) ?? [], c.receivedOn) : null);
  const userRows = await db.select({ id: users.id, displayName: users.displayName }).from(users);
  const userName = (id: string | null | undefined) =>
    id ? (userRows.find((u) => u.id === id)?.displayName ?? null) : null;

  const parties = await db
    .select({ party: caseParties, person: people })
    .from(caseParties)
    .innerJoin(people, eq(people.id, caseParties.personId))
    .where(eq(caseParties.caseId, caseId))
    .orderBy(asc(caseParties.createdAt));
  const themes = await db.select({ id: caseThemes.themeId }).from(caseThemes).where(eq(caseThemes.caseId, caseId));
  const stageRows = (await db.select().from(stages).where(eq(stages.caseId, caseId))).sort(
    (a, b) => STAGE_KINDS.indexOf(a.kind) - STAGE_KINDS.indexOf(b.kind),
  );
  const stageIds = stageRows.map((s) => s.id);
  const none = ['00000000-0000-0000-0000-000000000000'];
  const ids = stageIds.length ? stageIds : none;
  const stagePeopleRows = await db.select().from(stagePeople).where(inArray(stagePeople.stageId, ids));
  const investigationRows = await db
    .select()
    .from(investigations)
    .where(inArray(investigations.stageId, ids))
    .orderBy(asc(investigations.createdAt));
  const invIds = investigationRows.length ? investigationRows.map((i) => i.id) : none;
  const headRows = await db
    .select()
    .from(complaintHeads)
    .where(inArray(complaintHeads.investigationId, invIds))
    .orderBy(asc(complaintHeads.position));
  const remedyRows = await db
    .select()
    .from(remedies)
    .where(inArray(remedies.stageId, ids))
    .orderBy(asc(remedies.createdAt));
  const learningRows = await db
    .select()
    .from(learningPoints)
    .where(eq(learningPoints.caseId, caseId))
    .orderBy(asc(learningPoints.recordedOn));
  const actionRows = await db.select().from(actions).where(eq(actions.caseId, caseId)).orderBy(asc(actions.createdAt));
  const clockRows = await db
    .select()
    .from(clockEvents)
    .where(eq(clockEvents.caseId, caseId))
    .orderBy(asc(clockEvents.occurredOn), asc(clockEvents.recordedAt));
  const typeHistory = await db
    .select()
    .from(caseTypeChanges)
    .where(eq(caseTypeChanges.caseId, caseId))
    .orderBy(asc(caseTypeChanges.changedAt));
  const procedureHistory = await db
    .select()
    .from(caseProcedureChanges)
    .where(eq(caseProcedureChanges.caseId, caseId))
    .orderBy(asc(caseProcedureChanges.changedAt));
  const [compliment] = await db.select().from(compliments).where(eq(compliments.caseId, caseId));
  const links = await db
    .select()
    .from(caseLinks)
    .where(or(eq(caseLinks.caseId, caseId), eq(caseLinks.linkedCaseId, caseId)));
  const linkedIds = links.map((l) => (l.caseId === caseId ? l.linkedCaseId : l.caseId));
  const linkedRefs = linkedIds.length
    ? await db
        .select({ id: feedbackCases.id, reference: feedbackCases.reference })
        .from(feedbackCases)
        .where(inArray(feedbackCases.id, linkedIds))
    : [];
  const files = await db
    .select()
    .from(attachments)
    .where(eq(attachments.caseId, caseId))
    .orderBy(asc(attachments.uploadedAt));
  const names: AuditNames = {
    user: userName,
    unit: (id) => teamName(id),
    item: (id) => label(id),
  };
  const audit = (await caseAuditTrail(db, caseId, 'oldest')).map((a) => ({ ...a, ...auditSentence(a, names) }));

  return {
    case: {
      ...c,
      channel: label(c.channelId),
      mainCategory: label(c.mainCategoryId),
      teamName: teamName(c.teamId),
      investigatingManager: userName(c.investigatingManagerId),
      themes: themes.map((t) => label(t.id)).filter((x): x is string => !!x),
      themeIds: themes.map((t) => t.id),
    },
    parties: parties.map(({ party, person }) => ({
      id: party.id,
      personId: person.id,
      role: party.role,
      name: [person.givenName, person.familyName].filter(Boolean).join(' ') || '(name not given)',
      givenName: person.givenName,
      familyName: person.familyName,
      email: person.email,
      phone: person.phone,
      addressLine1: person.addressLine1,
      town: person.town,
      postcode: person.postcode,
      ethnicityId: person.ethnicityId,
      relationshipId: party.relationshipId,
      serviceUserGroupId: party.serviceUserGroupId,
      dateOfBirth: person.dateOfBirth,
      ethnicity: label(person.ethnicityId),
      relationship: label(party.relationshipId),
      serviceUserGroup: label(party.serviceUserGroupId),
      lookedAfter: party.lookedAfter,
      persistentFlag: person.persistentFlag,
      persistentReviewOn: person.persistentReviewOn,
    })),
    stages: stageRows.map((s) => ({
      ...s,
      people: stagePeopleRows.filter((p) => p.stageId === s.id),
      investigations: investigationRows
        .filter((i) => i.stageId === s.id)
        .map((i) => ({
          ...i,
          teamName: teamName(i.teamId),
          investigator: i.investigatorName ?? userName(i.investigatorId),
          heads: headRows.filter((h) => h.investigationId === i.id),
        })),
      remedies: remedyRows.filter((r) => r.stageId === s.id).map((r) => ({ ...r, type: label(r.remedyTypeId) })),
    })),
    learning: learningRows.map((l) => ({
      ...l,
      type: label(l.learningTypeId),
      actions: actionRows.filter((a) => a.learningPointId === l.id),
    })),
    actions: actionRows.map((a) => ({ ...a, type: label(a.actionTypeId), owner: a.ownerName ?? userName(a.ownerId) })),
    clockEvents: clockRows.map((e) => ({ ...e, recordedByName: userName(e.recordedBy) })),
    typeHistory: typeHistory.map((t) => ({ ...t, changedByName: userName(t.changedBy) })),
    procedureHistory: procedureHistory.map((p) => ({ ...p, changedByName: userName(p.changedBy) })),
    compliment: compliment
      ? {
          ...compliment,
          teamName: teamName(compliment.teamId),
          origin: label(compliment.originId),
          theme: label(compliment.themeId),
          staff: compliment.staffName ?? userName(compliment.staffUserId),
        }
      : null,
    links: links.map((l) => ({
      kind: l.kind,
      direction: l.caseId === caseId ? 'to' : 'from',
      reference: linkedRefs.find((r) => r.id === (l.caseId === caseId ? l.linkedCaseId : l.caseId))?.reference ?? '?',
      note: l.note,
    })),
    attachments: files,
    audit,
  };
}
export type CaseRecord = Awaited<ReturnType<typeof caseRecord>>;
