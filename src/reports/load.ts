import { and, eq, gte, isNull, lte } from 'drizzle-orm';
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
  const caseRows = await db
    .select({ c: s.feedbackCases, channel: channel.label, category: category.label })
    .from(s.feedbackCases)
    .leftJoin(channel, eq(channel.id, s.feedbackCases.channelId))
    .leftJoin(category, eq(category.id, s.feedbackCases.mainCategoryId))
    .where(and(gte(s.feedbackCases.receivedOn, from), lte(s.feedbackCases.receivedOn, to), isNull(s.feedbackCases.mergedIntoId)));
  const ids = new Set(caseRows.map((r) => r.c.id));
  const inScope = <T extends { caseId: string }>(rows: T[]) => rows.filter((r) => ids.has(r.caseId));
  const labels = new Map((await db.select({ id: s.referenceItems.id, label: s.referenceItems.label, isChild: s.referenceItems.isChild }).from(s.referenceItems)).map((r) => [r.id, r]));
  const label = (id: string | null) => (id ? (labels.get(id)?.label ?? null) : null);

  const themes = inScope(await db.select().from(s.caseThemes));
  const parties = inScope(await db.select({ caseId: s.caseParties.caseId, personId: s.caseParties.personId, role: s.caseParties.role, relationshipId: s.caseParties.relationshipId, groupId: s.caseParties.serviceUserGroupId, lookedAfter: s.caseParties.lookedAfter, ethnicityId: s.people.ethnicityId }).from(s.caseParties).innerJoin(s.people, eq(s.people.id, s.caseParties.personId)));
  const stageRows = inScope(await db.select().from(s.stages));
  const stageById = new Map(stageRows.map((st) => [st.id, st]));
  const investigations = (await db.select().from(s.investigations)).filter((i) => stageById.has(i.stageId));
  const remedies = (await db.select().from(s.remedies)).filter((r) => stageById.has(r.stageId));
  const learning = inScope(await db.select().from(s.learningPoints));
  const actions = inScope(await db.select().from(s.actions));
  const compliments = inScope(await db.select().from(s.compliments));
  const events = inScope(await db.select().from(s.clockEvents));
  const units = await db.select().from(s.orgUnits);
  const names = await db.select().from(s.orgUnitNames);

  return {
    cases: caseRows.map(({ c, channel: ch, category: cat }) => {
      const mine = parties.filter((p) => p.caseId === c.id);
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
        themes: themes.filter((t) => t.caseId === c.id).map((t) => label(t.themeId)).filter((x): x is string => !!x),
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
    teams: units.map((u) => ({ id: u.id, parentId: u.parentId, successorId: u.successorId, names: names.filter((n) => n.orgUnitId === u.id).map((n) => ({ name: n.name, validFrom: n.validFrom, validTo: n.validTo })) })),
    policies: (await db.select().from(s.timescalePolicies)).map(toPolicy),
    context: (await db.select().from(s.contextFigures)).filter((x) => x.orgUnitId === null).map((x) => ({ financialYearStart: x.financialYearStart, measure: x.measure, value: Number(x.value) })),
  };
}
