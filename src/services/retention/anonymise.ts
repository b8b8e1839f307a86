import { sql } from 'drizzle-orm';
import type { Clock } from '../../domain/clock.ts';
import { REMOVED_MARKER } from '../../domain/retention/schedule.ts';
import { scrubAuditValue } from '../../domain/retention/scrub.ts';
import type { Tx } from '../../db/database.ts';
import { rowsOf } from '../../db/rows.ts';
import { idArray } from '../../db/id-array.ts';
import type { Actor } from '../actor.ts';
import { recordAudit } from '../audit-trail.ts';

export interface AnonymisedResult {
  caseIds: string[];
  personIds: string[];
  /** The attachments' file store keys: deleted from the store once the transaction has committed. */
  fileKeys: string[];
}

/**
 * Removes the personal data of these cases, and of their people who are on no
 * case still holding personal data, in the caller's transaction. What the
 * reports count stays: dates, type, procedure, team, themes, outcomes,
 * timescales, remedies' amounts, the people's roles, relationship, service
 * user group, looked-after status and ethnicity (counted by the annual
 * report) — never a name, contact, address, date of birth or free text.
 *
 * The audit trail's earlier entries about these cases and people keep who did
 * what and when, with their personal values replaced by the marker: the one
 * change the audit trigger allows, switched on for this transaction only.
 */
export async function anonymiseInTx(
  tx: Tx,
  clock: Clock,
  actor: Actor,
  caseIds: readonly string[],
  why: string,
): Promise<AnonymisedResult> {
  if (caseIds.length === 0) return { caseIds: [], personIds: [], fileKeys: [] };
  const ids = idArray(caseIds);
  const M = REMOVED_MARKER;
  const now = clock.now();
  const references = rowsOf<{ id: string; reference: string }>(
    await tx.execute(sql`select id, reference from feedback_cases where id = any(${ids}) order by reference`),
  );

  // Staff emails not tied to one case (the weekly summary) quote case subjects: take those out first.
  for (let i = 0; i < 50; i++) {
    const changed = rowsOf(
      await tx.execute(sql`update notifications n set subject = replace(n.subject, f.subject, ${M}), body = replace(n.body, f.subject, ${M})
        from feedback_cases f where f.id = any(${ids}) and n.case_id is null and length(f.subject) >= 4
          and (strpos(n.body, f.subject) > 0 or strpos(n.subject, f.subject) > 0) returning n.id`),
    );
    if (changed.length === 0) break;
  }

  await tx.execute(sql`update feedback_cases set subject = ${M}, description = '', outcome_wanted = null, signposting = null,
      late_acceptance_reason = null, outcome_override_reason = null, advocacy_response = null, consent_note = null,
      anonymised_at = ${now}, updated_at = ${now} where id = any(${ids})`);
  await tx.execute(sql`update stages set late_request_reason = null, panel_recommendations = null, outcome_override_reason = null, notes = null
      where case_id = any(${ids})`);
  await tx.execute(
    sql`update stage_people set name = ${M} where user_id is null and stage_id in (select id from stages where case_id = any(${ids}))`,
  );
  await tx.execute(sql`update investigations set summary = null, outcome_override_reason = null,
      investigator_name = case when investigator_id is null and investigator_name is not null then ${M} else investigator_name end
      where stage_id in (select id from stages where case_id = any(${ids}))`);
  await tx.execute(sql`update complaint_heads set summary = ${M}, finding = null where investigation_id in
      (select i.id from investigations i join stages s on s.id = i.stage_id where s.case_id = any(${ids}))`);
  await tx.execute(sql`update remedies set description = null, paid_to = null, compliance_evidence = null
      where stage_id in (select id from stages where case_id = any(${ids}))`);
  await tx.execute(sql`update learning_points set text = ${M} where case_id = any(${ids})`);
  await tx.execute(sql`update actions set text = ${M} where case_id = any(${ids})`);
  await tx.execute(sql`update clock_events set reason = ${M} where case_id = any(${ids})`);
  await tx.execute(sql`update case_type_changes set reason = ${M} where case_id = any(${ids})`);
  await tx.execute(sql`update case_procedure_changes set reason = ${M} where case_id = any(${ids})`);
  await tx.execute(sql`update case_links set note = null where case_id = any(${ids}) or linked_case_id = any(${ids})`);
  await tx.execute(sql`update compliments set values_shown = null where case_id = any(${ids})`);
  await tx.execute(sql`update letters set subject = ${M}, body = ${M}, to_address = null where case_id = any(${ids})`);
  await tx.execute(
    // One still waiting would otherwise be tried at the marker: it is marked failed, never sent.
    sql`update notifications set to_address = ${M}, subject = ${M}, body = ${M},
      status = case when status = 'sent' then status else 'failed' end,
      last_error = case when status = 'sent' then null else 'Not sent: removed under retention' end
      where case_id = any(${ids})`,
  );
  await tx.execute(sql`update tracking_codes set client_address = null where case_id = any(${ids})`);
  await tx.execute(sql`delete from report_examples where case_id = any(${ids})`);
  await tx.execute(sql`delete from due_date_notices where case_id = any(${ids})`);
  await tx.execute(
    sql`update legal_holds set reason = ${M}, lift_reason = ${M} where case_id = any(${ids}) and lifted_at is not null`,
  );
  const fileKeys = rowsOf<{ storage_key: string }>(
    await tx.execute(sql`select storage_key from attachments where case_id = any(${ids})`),
  ).map((r) => r.storage_key);
  await tx.execute(
    sql`delete from attachment_contents where attachment_id in (select id from attachments where case_id = any(${ids}))`,
  );
  await tx.execute(sql`delete from attachments where case_id = any(${ids})`);

  // People on these cases who are on no case that still holds personal data. Ethnicity stays: the report counts it.
  const personIds = rowsOf<{ id: string }>(
    await tx.execute(sql`update people p set given_name = '', family_name = ${M}, date_of_birth = null, email = null, phone = null,
        address_line1 = null, address_line2 = null, town = null, postcode = null, persistent_contact_plan = null,
        anonymised_at = ${now}, updated_at = ${now}
      where p.anonymised_at is null
        and p.id in (select person_id from case_parties where case_id = any(${ids}))
        and not exists (select 1 from case_parties cp join feedback_cases f on f.id = cp.case_id
                        where cp.person_id = p.id and f.anonymised_at is null)
      returning p.id`),
  ).map((r) => r.id);
  const people = idArray(personIds);
  const personTexts = idArray(personIds, 'text');
  await tx.execute(
    sql`update legal_holds set reason = ${M}, lift_reason = ${M} where person_id = any(${people}) and lifted_at is not null`,
  );
  await tx.execute(sql`update data_rights_requests set request = ${M}, action = ${M} where person_id = any(${people})`);

  // The audit exception: earlier entries about these cases and people, personal values replaced.
  const entries = rowsOf<{ id: number; before: unknown; after: unknown }>(
    await tx.execute(sql`select id, before, after from audit_events
      where case_id = any(${ids}) or (entity in ('person', 'case_party') and entity_id = any(${personTexts}))
        or (entity in ('legal_hold', 'data_rights_request') and after->>'personId' = any(${personTexts}))`),
  );
  await tx.execute(sql`select set_config('heard.retention_disposal', 'on', true)`);
  // A thousand entries a statement: a first run over years of cases has many.
  for (let i = 0; i < entries.length; i += 1000) {
    const scrubbed = entries.slice(i, i + 1000).map((e) => ({
      id: e.id,
      before: e.before === null ? null : scrubAuditValue(e.before),
      after: e.after === null ? null : scrubAuditValue(e.after),
    }));
    await tx.execute(sql`update audit_events a set before = v.before, after = v.after
      from jsonb_to_recordset(${JSON.stringify(scrubbed)}::jsonb) as v(id bigint, before jsonb, after jsonb) where a.id = v.id`);
  }
  await tx.execute(sql`select set_config('heard.retention_disposal', 'off', true)`);

  for (const c of references)
    await recordAudit(tx, clock, actor, {
      action: 'case.anonymise',
      entity: 'feedback_case',
      entityId: c.id,
      caseId: c.id,
      after: { reference: c.reference, why, auditEntriesRedacted: entries.length, attachmentsDeleted: fileKeys.length },
    });
  for (const id of personIds)
    await recordAudit(tx, clock, actor, { action: 'person.anonymise', entity: 'person', entityId: id, after: { why } });
  return { caseIds: references.map((r) => r.id), personIds, fileKeys };
}
