import { randomUUID } from 'node:crypto';
import { inArray, sql } from 'drizzle-orm';
import type { ImportedCase } from '../domain/import/row.ts';
import { labelKey } from '../domain/import/values.ts';
import { definitionOfStage } from '../domain/procedures/registry.ts';
import { policyInForce } from '../domain/timescales/policy-in-force.ts';
import type { TimescalePolicy } from '../domain/timescales/rules.ts';
import type { DbOrTx } from '../db/database.ts';
import { insertChunked } from '../db/bulk-insert.ts';
import * as s from '../db/schema/index.ts';
import type { Actor } from './actor.ts';

/**
 * Writes imported cases a batch at a time, inside the import's one
 * transaction. Between batches it keeps only who is who: the people already
 * written, by the key that makes two rows one person (an email, or a child's
 * name and date of birth), so repeat complainants are one person across the
 * whole file however it is split.
 */
export function importWriter(
  tx: DbOrTx,
  context: {
    actor: Actor;
    legacySystem: string;
    fileName: string;
    batchId: string;
    now: Date;
    policies: readonly TimescalePolicy[];
  },
) {
  const { actor, legacySystem, fileName, batchId, now, policies } = context;
  /** People written so far (or already in Heard, by email): key to id. */
  const personIds = new Map<string, string>();
  const split = (name: string) => {
    const parts = name.trim().split(/\s+/);
    return {
      givenName: parts.length > 1 ? parts.slice(0, -1).join(' ') : (parts[0] ?? ''),
      familyName: parts.length > 1 ? parts[parts.length - 1]! : '',
    };
  };

  let bulkLoad = false;

  return {
    async write(cases: readonly ImportedCase[]): Promise<void> {
      if (!cases.length) return;
      if (!bulkLoad) {
        // Ends with the import's transaction: see migration 0017. Every case written below is marked for the report here.
        await tx.execute(sql`select set_config('heard.bulk_load', 'on', true)`);
        bulkLoad = true;
      }
      // Complainants already known to Heard by email are linked, so repeat complainants span both systems.
      const emails = [
        ...new Set(
          cases
            .map((c) => c.complainant?.email?.toLowerCase())
            .filter((e): e is string => !!e && !personIds.has(`c:${e}`)),
        ),
      ];
      if (emails.length)
        for (const p of await tx
          .select({ id: s.people.id, email: s.people.email })
          .from(s.people)
          .where(inArray(sql`lower(${s.people.email})`, emails)))
          personIds.set(`c:${p.email!.toLowerCase()}`, p.id);
      const rows = {
        people: [] as Record<string, unknown>[],
        cases: [] as Record<string, unknown>[],
        typeChanges: [] as Record<string, unknown>[],
        procedureChanges: [] as Record<string, unknown>[],
        themes: [] as Record<string, unknown>[],
        parties: [] as Record<string, unknown>[],
        stages: [] as Record<string, unknown>[],
        investigations: [] as Record<string, unknown>[],
        remedies: [] as Record<string, unknown>[],
        clockEvents: [] as Record<string, unknown>[],
        compliments: [] as Record<string, unknown>[],
        stagePeople: [] as Record<string, unknown>[],
        learning: [] as Record<string, unknown>[],
        audit: [] as Record<string, unknown>[],
      };
      const personFor = (key: string, make: () => Record<string, unknown>) => {
        const existing = personIds.get(key);
        if (existing) return existing;
        const id = randomUUID();
        personIds.set(key, id);
        rows.people.push({ id, ...make(), createdBy: actor.userId, createdAt: now, updatedAt: now });
        return id;
      };
      for (const c of cases) {
        const id = randomUUID();
        rows.cases.push({
          id,
          reference: c.legacyReference,
          type: c.type,
          status: c.closedOn ? 'closed' : 'open',
          procedure: c.procedure,
          timescalePolicyId: c.procedure ? (policyInForce(policies, c.procedure, c.receivedOn)?.id ?? null) : null,
          channelId: c.channelId,
          receivedOn: c.receivedOn,
          eventsOn: c.eventsOn,
          acknowledgedOn: c.acknowledgedOn,
          advocacyOfferedOn: c.advocacyOfferedOn,
          advocacyResponse: c.advocacyResponse,
          subject: c.subject || `Imported from ${legacySystem}`,
          description: c.description,
          mainCategoryId: c.categoryId,
          teamId: c.teamId,
          outcome: c.outcome,
          closedOn: c.closedOn,
          migrated: true,
          legacyReference: c.legacyReference,
          legacySystem,
          importBatchId: batchId,
          createdBy: actor.userId,
          createdAt: now,
          updatedAt: now,
        });
        rows.typeChanges.push({
          caseId: id,
          fromType: null,
          toType: c.type,
          reason: `Imported from ${legacySystem}`,
          changedBy: actor.userId,
          changedAt: now,
        });
        if (c.procedure)
          rows.procedureChanges.push({
            caseId: id,
            fromProcedure: null,
            toProcedure: c.procedure,
            reason: `Imported from ${legacySystem}`,
            changedBy: actor.userId,
            changedAt: now,
          });
        for (const themeId of c.themeIds) rows.themes.push({ caseId: id, themeId });
        if (c.complainant) {
          const who = c.complainant;
          const email = who.email?.toLowerCase() ?? null;
          const key = email ?? `${labelKey(who.name)}|${labelKey(who.postcode ?? '')}|${c.line}`;
          const personId = personFor(`c:${key}`, () => ({
            ...split(who.name),
            email: who.email,
            phone: who.phone,
            postcode: who.postcode,
          }));
          rows.parties.push({ caseId: id, personId, role: 'complainant', relationshipId: who.relationshipId });
        }
        if (c.child) {
          const child = c.child;
          // Children are one person across rows by name and date of birth; a child with no name is this row's own.
          const childKey = child.name ? `${labelKey(child.name)}|${child.dateOfBirth ?? c.line}` : `|${c.line}`;
          const childId = personFor(`k:${childKey}`, () => ({
            ...split(child.name),
            dateOfBirth: child.dateOfBirth,
            ethnicityId: child.ethnicityId,
          }));
          rows.parties.push({
            caseId: id,
            personId: childId,
            role: 'child',
            serviceUserGroupId: child.groupId,
            lookedAfter: child.lookedAfter,
          });
        }
        for (const st of c.stages) {
          const stageId = randomUUID();
          rows.stages.push({
            id: stageId,
            caseId: id,
            kind: st.kind,
            procedure: c.procedure,
            requestedOn: st.requestedOn,
            startedOn: st.startedOn,
            statementAgreedOn: st.statementAgreedOn,
            panelHeldOn: st.panelHeldOn,
            chairReportReceivedOn: st.chairReportReceivedOn,
            authorityRespondedOn: st.authorityRespondedOn,
            respondedOn: st.respondedOn,
            closedOn: st.respondedOn,
            outcome: st.outcome,
            outcomeOverrideReason: st.outcomeOverrideReason,
            reportsReceivedOn: st.reportsReceivedOn,
            adjudicatedOn: st.adjudicatedOn,
            ...st.costs,
            lgscoReference: st.lgscoReference,
            lgscoEnquiryReceivedOn: st.kind === 'lgsco' ? st.requestedOn : null,
            lgscoDecision: st.lgscoDecision,
            lgscoEnquiryRespondedOn: st.lgscoEnquiryRespondedOn,
            lgscoFaultFound: st.lgscoFaultFound,
            lgscoInjusticeFound: st.lgscoInjusticeFound,
            lgscoDecisionOn: st.kind === 'lgsco' ? st.respondedOn : null,
            createdAt: now,
            updatedAt: now,
          });
          for (const p of st.people) rows.stagePeople.push({ stageId, role: p.role, name: p.name });
          // Extensions and pauses go on the stage's response clock, as the casework records them.
          for (const e of st.clockEvents)
            rows.clockEvents.push({
              caseId: id,
              stageId,
              clock: definitionOfStage(c.procedure, st.kind).responseClock,
              kind: e.kind,
              occurredOn: e.on,
              extensionDays: e.days,
              extendedTo: e.to,
              reason: e.reason ?? `Imported from ${legacySystem}`,
              complainantAgreed: e.complainantAgreed,
              agreedOn: e.agreedOn,
              recordedBy: actor.userId,
              recordedAt: now,
            });
          // A withdrawn stage was not investigated to an answer: it has no investigation, as in casework.
          if (
            c.teamId &&
            c.unitKind === 'team' &&
            st.kind !== 'lgsco' &&
            st.outcome !== 'withdrawn' &&
            (st.outcome || st.respondedOn)
          )
            rows.investigations.push({
              stageId,
              teamId: c.teamId,
              startedOn: st.startedOn,
              respondedOn: st.respondedOn,
              outcome: st.outcome,
              createdAt: now,
            });
          for (const r of c.remedies)
            if (r.stage === st.kind)
              rows.remedies.push({
                stageId,
                remedyTypeId: r.typeId,
                amountPence: r.amountPence,
                // A payment without its date is not given one: the report counts it by the case's receipt.
                completedOn: r.paidOn ?? (r.amountPence === null ? st.respondedOn : null),
                paidTo: r.paidTo,
                createdAt: now,
              });
        }
        // A compliment's own record, as the casework keeps it: the team praised, who sent it, its theme.
        if (c.compliment)
          rows.compliments.push({
            caseId: id,
            teamId: c.teamId,
            originId: c.compliment.originId,
            themeId: c.compliment.themeId,
            staffName: c.compliment.staffName,
          });
        for (const l of c.learning)
          rows.learning.push({
            caseId: id,
            learningTypeId: l.typeId,
            text: l.text,
            recordedOn: c.closedOn ?? c.receivedOn,
            createdBy: actor.userId,
          });
        rows.audit.push({
          occurredAt: now,
          actorId: actor.userId,
          actorLabel: actor.label,
          action: 'case.import',
          entity: 'feedback_case',
          entityId: id,
          caseId: id,
          before: null,
          after: { reference: c.legacyReference, legacySystem, fileName, line: c.line, batchId },
        });
      }
      await insertChunked(tx, s.people, rows.people, 1000);
      await insertChunked(tx, s.feedbackCases, rows.cases, 1000);
      // The report's marks for these cases, once, in place of the triggers the bulk load switched off.
      await insertChunked(
        tx,
        s.reportCaseFacts,
        rows.cases.map((c) => ({ caseId: c.id })),
        5000,
      );
      await insertChunked(tx, s.caseTypeChanges, rows.typeChanges, 1000);
      await insertChunked(tx, s.caseProcedureChanges, rows.procedureChanges, 1000);
      await insertChunked(tx, s.caseThemes, rows.themes, 1000);
      await insertChunked(tx, s.caseParties, rows.parties, 1000);
      await insertChunked(tx, s.stages, rows.stages, 1000);
      await insertChunked(tx, s.stagePeople, rows.stagePeople, 1000);
      await insertChunked(tx, s.investigations, rows.investigations, 1000);
      await insertChunked(tx, s.remedies, rows.remedies, 1000);
      await insertChunked(tx, s.clockEvents, rows.clockEvents, 1000);
      await insertChunked(tx, s.compliments, rows.compliments, 1000);
      await insertChunked(tx, s.learningPoints, rows.learning, 1000);
      await insertChunked(tx, s.auditEvents, rows.audit, 1000);
    },
  };
}
