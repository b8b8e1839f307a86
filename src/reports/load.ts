import { and, eq, gte, isNull, lte, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { IsoDate } from '../domain/calendar/iso-date.ts';
import type { Database } from '../db/database.ts';
import * as s from '../db/schema/index.ts';
import { toPolicy } from '../services/timescales.ts';
import type { ReportRows } from './rows.ts';

/**
 * The query layer: every row the report needs for cases received between two
 * dates (merged duplicates left out), with labels resolved. Stages, outcomes
 * and actions come with their cases, whenever they happened.
 */
export async function loadReportRows(db: Database, from: IsoDate, to: IsoDate): Promise<ReportRows> {
  const channel = alias(s.referenceItems, 'channel');
  const category = alias(s.referenceItems, 'category');
  const fc = s.feedbackCases;
  // Only the columns the figures use: descriptions and the like are large and not needed.
  const caseRows = await db
    .select({
      c: { id: fc.id, reference: fc.reference, type: fc.type, procedure: fc.procedure, receivedOn: fc.receivedOn, acknowledgedOn: fc.acknowledgedOn, closedOn: fc.closedOn, migrated: fc.migrated, teamId: fc.teamId, timescalePolicyId: fc.timescalePolicyId, outcome: fc.outcome },
      channel: channel.label,
      category: category.label,
    })
    .from(s.feedbackCases)
    .leftJoin(channel, eq(channel.id, s.feedbackCases.channelId))
    .leftJoin(category, eq(category.id, s.feedbackCases.mainCategoryId))
    .where(and(gte(s.feedbackCases.receivedOn, from), lte(s.feedbackCases.receivedOn, to), isNull(s.feedbackCases.mergedIntoId)));
  const ids = new Set(caseRows.map((r) => r.c.id));
  const inScope = <T extends { caseId: string }>(rows: T[]) => rows.filter((r) => ids.has(r.caseId));
  // Child rows are fetched for the same cases, chosen in SQL rather than after loading every row.
  const casesInRange = sql`(select id from feedback_cases where received_on between ${from} and ${to} and merged_into_id is null)`;
  const labels = new Map((await db.select({ id: s.referenceItems.id, label: s.referenceItems.label, isChild: s.referenceItems.isChild }).from(s.referenceItems)).map((r) => [r.id, r]));
  const label = (id: string | null) => (id ? (labels.get(id)?.label ?? null) : null);

  const themes = await db.select().from(s.caseThemes).where(sql`${s.caseThemes.caseId} in ${casesInRange}`);
  const parties = await db.select({ caseId: s.caseParties.caseId, personId: s.caseParties.personId, role: s.caseParties.role, relationshipId: s.caseParties.relationshipId, groupId: s.caseParties.serviceUserGroupId, lookedAfter: s.caseParties.lookedAfter, ethnicityId: s.people.ethnicityId }).from(s.caseParties).innerJoin(s.people, eq(s.people.id, s.caseParties.personId)).where(sql`${s.caseParties.caseId} in ${casesInRange}`);
  const stageRows = await db.select().from(s.stages).where(sql`${s.stages.caseId} in ${casesInRange}`);
  const stageById = new Map(stageRows.map((st) => [st.id, st]));
  const investigations = (await db.select({ stageId: s.investigations.stageId, teamId: s.investigations.teamId, outcome: s.investigations.outcome, respondedOn: s.investigations.respondedOn }).from(s.investigations).where(sql`${s.investigations.stageId} in (select id from stages where case_id in ${casesInRange})`)).filter((i) => stageById.has(i.stageId));
  const remedies = (await db.select({ stageId: s.remedies.stageId, remedyTypeId: s.remedies.remedyTypeId, amountPence: s.remedies.amountPence }).from(s.remedies).where(sql`${s.remedies.stageId} in (select id from stages where case_id in ${casesInRange})`)).filter((r) => stageById.has(r.stageId));
  const learning = await db.select({ caseId: s.learningPoints.caseId, learningTypeId: s.learningPoints.learningTypeId }).from(s.learningPoints).where(sql`${s.learningPoints.caseId} in ${casesInRange}`);
  const actions = await db.select({ caseId: s.actions.caseId, actionTypeId: s.actions.actionTypeId, dueOn: s.actions.dueOn, completedOn: s.actions.completedOn }).from(s.actions).where(sql`${s.actions.caseId} in ${casesInRange}`);
  const compliments = await db.select().from(s.compliments).where(sql`${s.compliments.caseId} in ${casesInRange}`);
  const events = inScope(await db.select().from(s.clockEvents).where(sql`${s.clockEvents.caseId} in ${casesInRange}`));
  const units = await db.select().from(s.orgUnits);
  const names = await db.select().from(s.orgUnitNames);

  // Grouped once by case: looking them up per case would be quadratic.
  const partiesByCase = groupBy(parties, (p) => p.caseId);
  const themesByCase = groupBy(themes, (t) => t.caseId);
  const namesByUnit = groupBy(names, (n) => n.orgUnitId);
  return {
    cases: caseRows.map(({ c, channel: ch, category: cat }) => {
      const mine = partiesByCase.get(c.id) ?? [];
      const complainant = mine.find((p) => p.role === 'complainant');
      const child = mine.find((p) => p.role === 'child');
      return {
        id: c.id,
        reference: c.reference,
        type: c.type,
        procedure: c.procedure,
        receivedOn: c.receivedOn,
        acknowledgedOn: c.acknowledgedOn,
        closedOn: c.closedOn,
        migrated: c.migrated,
        teamId: c.teamId,
        timescalePolicyId: c.timescalePolicyId,
        channel: ch,
        category: cat,
        themes: (themesByCase.get(c.id) ?? []).map((t) => label(t.themeId)).filter((x): x is string => !!x),
        complainantId: complainant?.personId ?? null,
        relationship: label(complainant?.relationshipId ?? null),
        childComplainant: !!(complainant?.relationshipId && labels.get(complainant.relationshipId)?.isChild),
        childGroup: label(child?.groupId ?? null),
        childEthnicity: label(child?.ethnicityId ?? null),
        lookedAfter: !!child?.lookedAfter,
        outcome: c.outcome,
      };
    }),
    stages: stageRows.map((st) => ({ caseId: st.caseId, kind: st.kind, requestedOn: st.requestedOn, startedOn: st.startedOn, statementAgreedOn: st.statementAgreedOn, respondedOn: st.respondedOn, panelHeldOn: st.panelHeldOn, chairReportReceivedOn: st.chairReportReceivedOn, authorityRespondedOn: st.authorityRespondedOn, lgscoEnquiryReceivedOn: st.lgscoEnquiryReceivedOn, lgscoEnquiryRespondedOn: st.lgscoEnquiryRespondedOn, lgscoDecision: st.lgscoDecision, outcome: st.outcome, costPence: (st.investigatorCostPence ?? 0) + (st.independentPersonCostPence ?? 0) + (st.panelCostPence ?? 0) + (st.otherCostPence ?? 0) })),
    investigations: investigations.map((i) => ({ caseId: stageById.get(i.stageId)!.caseId, stage: stageById.get(i.stageId)!.kind, teamId: i.teamId, outcome: i.outcome, respondedOn: i.respondedOn })),
    remedies: remedies.map((r) => ({ caseId: stageById.get(r.stageId)!.caseId, stage: stageById.get(r.stageId)!.kind, type: label(r.remedyTypeId) ?? 'Other', amountPence: r.amountPence })),
    learning: learning.map((l) => ({ caseId: l.caseId, type: label(l.learningTypeId) ?? 'Other' })),
    actions: actions.map((a) => ({ caseId: a.caseId, type: label(a.actionTypeId) ?? 'Other', dueOn: a.dueOn, completedOn: a.completedOn })),
    compliments: compliments.map((m) => ({ caseId: m.caseId, teamId: m.teamId, origin: label(m.originId), theme: label(m.themeId) })),
    clockEvents: events.map((e) => ({ caseId: e.caseId, clock: e.clock, kind: e.kind, on: e.occurredOn, days: e.extensionDays, to: e.extendedTo, reason: e.reason, complainantAgreed: e.complainantAgreed, agreedOn: e.agreedOn })),
    teams: units.map((u) => ({ id: u.id, parentId: u.parentId, successorId: u.successorId, names: (namesByUnit.get(u.id) ?? []).map((n) => ({ name: n.name, validFrom: n.validFrom, validTo: n.validTo })) })),
    policies: (await db.select().from(s.timescalePolicies)).map(toPolicy),
    context: (await db.select().from(s.contextFigures)).filter((x) => x.orgUnitId === null).map((x) => ({ financialYearStart: x.financialYearStart, measure: x.measure, value: Number(x.value) })),
  };
}

function groupBy<T>(rows: T[], key: (r: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}
